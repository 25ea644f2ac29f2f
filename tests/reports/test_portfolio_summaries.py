"""The portfolio report as of today reads the assessment summaries: the same figures as
assessing every partnership, without assessing those whose summary is current; a report
as of another day still assesses every partnership; who sees what is unchanged."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from partnerfolio.accounts import access
from partnerfolio.accounts.models import User
from partnerfolio.evidence import services as evidence
from partnerfolio.partnerships import selectors, services, summaries
from partnerfolio.partnerships.models import AssessmentSummary, Partnership
from partnerfolio.partnerships.views import playbook
from partnerfolio.reports import documents, portfolio, portfolio_lines
from partnerfolio.reports.period import Period, period_for, quarter_ending
from tests.partnerships.conftest import EXAMPLES
from tests.reports.conftest import AS_OF, STRATUS

pytestmark = pytest.mark.django_db
FRACTIONS = "Fractions joint venture"


def fractions(today: date) -> dict:
    """Values whose plain float sum is not their exact sum (0.1 + 0.2 + 0.3), a value
    missing, an opportunity of no stage, outcomes on the first day of the three months
    ending today, the day before it and tomorrow."""
    start = quarter_ending(today).start
    return {
        "name": FRACTIONS,
        "type": "tactical",
        "stage": "active",
        "started_on": "2025-01-01",
        "partners": [{"name": "Fractions Ltd"}],
        "joint_outcomes": [
            {"title": "a", "on": (today - timedelta(days=3)).isoformat(), "value": 0.1},
            {"title": "b", "on": (today - timedelta(days=2)).isoformat(), "value": 0.2},
            {"title": "c", "on": (today - timedelta(days=1)).isoformat(), "value": 0.3},
            {"title": "d", "on": today.isoformat()},
            {"title": "e", "on": (today - timedelta(days=400)).isoformat(), "value": 7.0},
            {"title": "first day", "on": start.isoformat(), "value": 1.5},
            {"title": "day before", "on": (start - timedelta(days=1)).isoformat(), "value": 9.0},
            {"title": "tomorrow", "on": (today + timedelta(days=1)).isoformat(), "value": 9.0},
        ],
        "opportunities": [
            {"title": "w1", "stage": "won", "value": 0.1},
            {"title": "w2", "stage": "won", "value": 0.2},
            {"title": "w3", "stage": "won", "value": 0.3},
            {"title": "w4", "stage": "won"},
            {"title": "o1", "stage": "proposal", "value": 0.7},
            {"title": "x", "value": 5.0},
        ],
    }


@pytest.fixture
def portfolio_of_six(db) -> dict[str, int]:
    """The five bundled examples and FRACTIONS, by name."""
    documents_ = [json.loads(path.read_text("utf-8")) for path in EXAMPLES]
    documents_.append(fractions(timezone.localdate()))
    return {
        p.name: p.pk
        for p in (services.partnership_import(actor="test", document=d) for d in documents_)
    }


def figures(report: dict) -> dict:
    """Everything the template reads but the minute the report was made."""
    return {key: value for key, value in report.items() if key != "generated"}


def both(period: Period, appendix: bool = True) -> tuple[dict, dict]:
    everything = Partnership.objects.all()
    book = playbook()
    return (
        portfolio.portfolio_report(
            everything, period, book, appendix=appendix, from_summaries=True
        ),
        portfolio.portfolio_report(
            everything, period, book, appendix=appendix, from_summaries=False
        ),
    )


def current_today(book=None) -> None:
    summaries.refresh(
        Partnership.objects.values_list("id", flat=True), timezone.localdate(), book or playbook()
    )


@pytest.mark.parametrize("which", ["today", "2026Q3", AS_OF.isoformat()])
def test_the_summaries_give_the_figures_the_assessment_gives(portfolio_of_six, which):
    today = timezone.localdate()
    if which == "today":
        period = period_for(None, None, today)
    elif which == "2026Q3":
        period = period_for("2026Q3", None, today)
    else:
        period = period_for(None, date.fromisoformat(which), today)
    from_summaries, assessed = both(period)
    assert figures(from_summaries) == figures(assessed)
    # about something: every section has figures to compare
    report = from_summaries
    assert report["total"] == len(EXAMPLES) + 1
    assert report["attention_total"] > 0
    assert report["by_code"]
    assert report["by_severity"]
    assert report["pipeline_total"] >= 2
    assert any(r["missing"] for r in report["pipeline"])
    assert any(r["met"] for r in report["pipeline"])
    assert sum(n for _name, n in report["trends"]) > 0
    assert report["rated"] > 0
    assert report["mean_health"] is not None
    assert report["value"]["outcomes"] > 0
    assert report["value"]["won"] > 0
    assert report["value"]["open"] > 0
    assert len(report["appendix"]["partnerships"]) == report["total"]


def test_sums_of_value_are_exact_as_before(portfolio_of_six):
    from_summaries, assessed = both(period_for(None, None, timezone.localdate()))
    for report in (from_summaries, assessed):
        row = next(r for r in report["value"]["top"] if r["name"] == FRACTIONS)
        # the one of no value counted, and the first day's; those of days outside not
        assert row["outcomes"] == 5
        assert row["outcome_value"] == 2.1
        assert (row["won"], row["won_value"]) == (4, 0.6)  # math.fsum: 0.1 + 0.2 + 0.3 is not


def test_the_summary_based_report_renders_as_the_assessed_one(portfolio_of_six):
    from_summaries, assessed = both(period_for(None, None, timezone.localdate()))
    body = documents.BODY["portfolio"]
    for standalone in (False, True):
        pages = [
            render_to_string(body, {**figures(r), "standalone": standalone})
            for r in (from_summaries, assessed)
        ]
        assert pages[0] == pages[1]


def test_a_report_as_of_today_assesses_only_the_stale_partnerships(portfolio_of_six, assessed):
    book, today = playbook(), timezone.localdate()
    current_today(book)
    assessed.clear()
    period = period_for(None, None, today)
    report = portfolio.portfolio_report(Partnership.objects.all(), period, book)
    assert assessed == Counter()
    assert report["total"] == len(portfolio_of_six)
    changed = Partnership.objects.get(name=STRATUS)
    # In this test's transaction the write's own re-assessment (on commit) never runs:
    # its summary is stale when the report is made.
    evidence.engagement_record(
        actor="test", partnership=changed, on=today, kind="check_in", summary="news"
    )
    again = portfolio.portfolio_report(Partnership.objects.all(), period, book)
    assert assessed == Counter({STRATUS: 1})
    assert (
        summaries.stale(Partnership.objects.all(), today, summaries.playbook_key(book)).count() == 0
    )
    assert figures(again) == figures(
        portfolio.portfolio_report(Partnership.objects.all(), period, book, from_summaries=False)
    )


def test_the_report_tells_its_progress_over_the_stale_ones(portfolio_of_six, monkeypatch):
    monkeypatch.setattr(portfolio_lines, "REFRESH_BATCH", 2)
    seen: list[tuple[int, int]] = []
    period = period_for(None, None, timezone.localdate())
    portfolio.portfolio_report(
        Partnership.objects.all(), period, playbook(), progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(2, 6), (4, 6), (6, 6)]
    seen.clear()
    portfolio.portfolio_report(
        Partnership.objects.all(), period, playbook(), progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(0, 0)]  # nothing stale: at once past the assessment's share


def test_a_summary_made_before_the_report_read_summaries_is_stale(portfolio_of_six, assessed):
    book = playbook()
    current_today(book)
    # the digest of the playbook as it was made before the summaries held the report's data
    old = hashlib.sha256(repr(book).encode()).hexdigest()[:32]
    AssessmentSummary.objects.update(playbook=old)
    assessed.clear()
    report = portfolio.portfolio_report(
        Partnership.objects.all(), period_for(None, None, timezone.localdate()), book
    )
    assert assessed == Counter(dict.fromkeys(portfolio_of_six, 1))
    assert report["pipeline_total"] >= 2


def test_a_report_as_of_a_past_day_assesses_every_partnership(portfolio_of_six, assessed):
    book, today = playbook(), timezone.localdate()
    current_today(book)
    assessed.clear()
    report = portfolio.portfolio_report(
        Partnership.objects.all(), period_for(None, AS_OF, today), book
    )
    assert assessed == Counter(dict.fromkeys(portfolio_of_six, 1))
    # the summaries are today's still: a past day's report writes none
    key = summaries.playbook_key(book)
    assert summaries.stale(Partnership.objects.all(), today, key).count() == 0
    verdicts = [selectors.partnership_assessment(p, AS_OF, book) for p in Partnership.objects.all()]
    assert report["as_of"] == AS_OF
    assert report["attention_total"] == sum(len(a.pitfalls) for a in verdicts)
    assert report["with_pitfalls"] == sum(1 for a in verdicts if a.pitfalls)
    rated = [a.scorecard.health for a in verdicts if a.scorecard.health is not None]
    assert report["rated"] == len(rated)
    assert report["mean_health"] == round(sum(rated) / len(rated), 1)
    trends = Counter(
        m.trend.value for a in verdicts for m in a.scorecard.metrics if m.trend is not None
    )
    assert dict(report["trends"]) == {
        "improving": trends["improving"],
        "steady": trends["steady"],
        "worsening": trends["worsening"],
    }


def test_a_viewers_report_from_the_summaries_omits_what_they_may_not_see(world):
    today = timezone.localdate()
    cobalt = Partnership.objects.get(pk=world["Cobalt"])
    evidence.joint_outcome_record(
        actor="test", partnership=cobalt, title="secret win", on=today, value=999.0
    )
    evidence.opportunity_record(actor="test", partnership=cobalt, title="secret", stage="won")
    period = period_for(None, None, today)
    book = playbook()
    vic, ada = User.objects.get(username="vic"), User.objects.get(username="ada")
    seen = {}
    for person in (vic, ada):
        visible = access.visible_partnerships(person)
        report = portfolio.portfolio_report(visible, period, book, appendix=True)
        assert figures(report) == figures(
            portfolio.portfolio_report(visible, period, book, appendix=True, from_summaries=False)
        )
        seen[person.username] = report
    report = seen["vic"]
    assert report["total"] == 2
    names = {r["name"] for r in report["appendix"]["partnerships"]}
    assert "Cobalt secret alliance" not in names
    assert all(f["partnership"] != "Cobalt secret alliance" for f in report["attention"])
    assert all(r["name"] != "Cobalt secret alliance" for r in report["value"]["top"])
    assert report["value"]["outcome_value"] < seen["ada"]["value"]["outcome_value"]
    assert report["value"]["won"] == seen["ada"]["value"]["won"] - 1
    page = render_to_string(documents.BODY["portfolio"], {**figures(report), "standalone": True})
    assert "Cobalt" not in page
    assert seen["ada"]["total"] == 3
    assert "Cobalt secret alliance" in {r["name"] for r in seen["ada"]["appendix"]["partnerships"]}
