"""What the reports say: every section, and the figures of the assessment they come from."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils.text import capfirst

from partnerfolio import charts
from partnerfolio.domain.messages import label
from partnerfolio.partnerships import selectors
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.views import playbook
from partnerfolio.reports.period import PeriodError, period_for, quarter_ending
from partnerfolio.web.templatetags.partnerfolio import figure
from tests.partnerships.conftest import example
from tests.people import signed_in as client_for
from tests.reports.conftest import AS_OF

pytestmark = pytest.mark.django_db
SECTIONS = (
    "1. Classification and drivers",
    "2. Scorecard",
    "3. Survey results: both sides",
    "4. Transition readiness",
    "5. Pitfalls and recommendations",
    "6. The quarter's timeline",
)


def report_page(world, person: str = "mia", record: str = "Stratus", **query: str) -> str:
    response = client_for(person).get(f"/reports/partnerships/{world[record]}/", query)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_the_review_shows_every_section_with_the_assessments_figures(world):
    page = report_page(world, as_of=AS_OF.isoformat())
    partnership = Partnership.objects.get(pk=world["Stratus"])
    assessment = selectors.partnership_assessment(partnership, AS_OF, playbook())
    for heading in SECTIONS:
        assert heading in page
    c = assessment.classification
    assert f"Score {round(c.score, 2)} of 5" in page
    assert f"badge type-{c.type.value}" in page
    health = assessment.scorecard.health
    assert f"health {round(health, 1)} / 100" in page
    assert label(assessment.readiness.verdict.value) in page
    assert f"5. Pitfalls and recommendations ({len(assessment.pitfalls)})" in page
    for pitfall in assessment.pitfalls:
        assert capfirst(label(pitfall.code.value)) in page
    for line in assessment.scorecard.metrics:
        assert capfirst(line.name or label(line.key)) in page
    assert f'href="/reports/partnerships/{world["Stratus"]}/pdf/?as_of=2026-11-30"' in page
    assert "Download PDF" in page


def test_the_review_draws_the_same_charts_as_the_partnership_page(world):
    page = report_page(world, as_of=AS_OF.isoformat())
    partnership = Partnership.objects.get(pk=world["Stratus"])
    snapshot = selectors.partnership_snapshot(partnership)
    expected = charts.partnership_charts(
        snapshot, selectors.partnership_assessment(partnership, AS_OF, playbook())
    ).all()
    assert len(expected) >= 4  # the radar, both survey charts, metric trends
    for chart in expected:
        assert chart.svg in page
    assert page.count("<svg") >= len(expected)


def test_the_survey_gaps_are_shown_side_by_side(world):
    page = report_page(world, as_of=AS_OF.isoformat())
    assert "Gaps between the sides (latest round)" in page
    assert "Gap (ours − partner)" in page


def test_the_quarters_timeline_holds_only_the_quarters_entries(world):
    page = report_page(world, quarter="2026Q3")
    assert "Q3 2026: 1 Jul 2026 – 30 Sep 2026" in page
    timeline = page.split('id="r-time"')[1]
    days = [date.fromisoformat(d) for d in re.findall(r"<time>([\d-]+)</time>", timeline)]
    assert days, "the quarter has entries"
    assert all(date(2026, 7, 1) <= d <= date(2026, 9, 30) for d in days)
    assert date(2026, 7, 8) in days
    assert date(2026, 9, 16) in days
    assert "2026-10-14" not in timeline
    assert "2026-06-30" not in timeline
    assert f"{len(days)} entries from 1 Jul 2026 to 30 Sep 2026" in timeline


def test_without_a_quarter_the_period_is_the_three_months_ending_on_as_of(world):
    page = report_page(world, as_of="2026-11-30")
    assert "Quarter ending 30 Nov 2026: 31 Aug 2026 – 30 Nov 2026" in page
    timeline = page.split('id="r-time"')[1]
    days = [date.fromisoformat(d) for d in re.findall(r"<time>([\d-]+)</time>", timeline)]
    assert days
    assert all(date(2026, 8, 31) <= d <= date(2026, 11, 30) for d in days)
    assert "2026-08-26" not in timeline  # a check-in four days too early


@pytest.mark.parametrize(
    "query",
    [{"quarter": "2026Q5"}, {"as_of": "30/11/2026"}, {"quarter": "2026Q3", "as_of": "2026-11-30"}],
)
def test_a_period_that_cannot_be_read_answers_400_with_the_reason(world, query):
    response = client_for("mia").get(f"/reports/partnerships/{world['Stratus']}/", query)
    assert response.status_code == 400
    assert b"YYYY" in response.content or b"not in 2026Q3" in response.content


def test_periods():
    assert quarter_ending(date(2026, 11, 30)).start == date(2026, 8, 31)
    assert quarter_ending(date(2026, 5, 31)).start == date(2026, 3, 1)  # 28 Feb + 1 day
    q = period_for("2026Q4", None, today=date(2026, 11, 22))
    assert (q.start, q.end, q.as_of) == (date(2026, 10, 1), date(2026, 12, 31), date(2026, 11, 22))
    q = period_for("2025q1", None, today=date(2026, 11, 22))
    assert (q.start, q.as_of, q.slug) == (date(2025, 1, 1), date(2025, 3, 31), "2025Q1")
    with pytest.raises(PeriodError):
        period_for("2026Q1", date(2026, 4, 1), today=date(2026, 11, 22))


def test_the_portfolio_report_counts_what_needs_attention_most_severe_first(world):
    response = client_for("ada").get("/reports/portfolio/", {"as_of": AS_OF.isoformat()})
    page = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "1. Composition",
        "2. Health",
        "3. What needs attention",
        "4. Transition pipeline",
        "5. Value delivered",
    ):
        assert heading in page
    assert "<strong>3</strong> partnerships" in page
    findings = []
    for pk in world.values():
        a = selectors.partnership_assessment(Partnership.objects.get(pk=pk), AS_OF, playbook())
        findings += [p.severity.value for p in a.pitfalls]
    assert f"<strong>{len(findings)}</strong> findings" in page
    table = page.split('class="attention-table"')[1].split("</table>")[0]
    shown = re.findall(r'<tr class="sev-(\w+)">', table)
    rank = {"high": 0, "medium": 1, "low": 2}
    assert shown == sorted(shown, key=rank.__getitem__)
    assert len(shown) == len(findings)
    # the hybrid pilot is in the transition pipeline, with its readiness
    pipeline = page.split('id="r-pipe"')[1].split("</section>")[0]
    assert "DocAssist AI co-development pilot" in pipeline


def test_value_delivered_sums_the_periods_joint_outcomes_and_won_opportunities(world):
    page = client_for("ada").get("/reports/portfolio/", {"quarter": "2026Q3"}).content.decode()
    start, end = date(2026, 7, 1), date(2026, 9, 30)
    outcomes = won = 0.0
    count = wins = 0
    for name in ("cloud-cosell-alliance.json", "hybrid-pilot-ready.json"):
        document = example(name)
        for o in document.get("joint_outcomes") or ():
            if o.get("on") and start <= date.fromisoformat(o["on"]) <= end:
                count += 1
                outcomes += o.get("value") or 0
        for o in document.get("opportunities") or ():
            if o.get("stage") == "won":
                wins += 1
                won += o.get("value") or 0
    value = page.split('id="r-value"')[1].split("</section>")[0]
    assert count >= 1
    assert wins >= 1
    assert f"<strong>{figure(outcomes)}</strong> joint outcomes" in value
    assert f"({count} outcome" in value
    assert f"<strong>{figure(won)}</strong> won opportunities ({wins}, to date)" in value
