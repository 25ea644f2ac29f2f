"""Pages read the summaries as they stand: no request assesses more than it shows, and a
row not current says "updating" rather than passing an old verdict off as today's."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerfolio.partnerships import services, summaries, summary_selectors, summary_upkeep
from partnerfolio.partnerships.models import AssessmentSummary, Partnership
from tests.partnerships.conftest import EXAMPLES, example

pytestmark = pytest.mark.django_db
PILOT = "DocAssist AI co-development pilot with Lumen Vector Labs"
UPDATING = '<span class="badge" title="Changed since its assessment'


def copies(ana, n: int, start: int = 0) -> None:
    """n x 5 more partnerships like the examples, numbered from `start`."""
    for i in range(start, start + n):
        for path in EXAMPLES:
            document = example(path.name)
            document["name"] = f"{document['name']} #{i}"
            for partner in document.get("partners") or ():
                partner["name"] = f"{partner['name']} #{i}"
            services.partnership_import(actor=ana, document=document)


def assess_all(days_back: int = 0) -> None:
    ids = list(Partnership.objects.values_list("id", flat=True))
    day = timezone.localdate() - timedelta(days=days_back)
    summaries.refresh(ids, day, summary_upkeep.playbook())


def marked(page: str, pk: int) -> bool:
    """Whether the page marks partnership `pk` as updating beside a link to it."""
    return (
        re.search(rf'href="/partnerships/{pk}/">[^<]*</a> {re.escape(UPDATING)}', page) is not None
    )


def changed(pk: int) -> None:
    """A write whose re-assessment has not landed yet (its commit is still to come)."""
    Partnership.objects.filter(pk=pk).update(revision=F("revision") + 1)


def test_with_a_worker_the_dashboard_assesses_nothing_and_marks_a_changed_row(
    client_ana, examples, assessed
):
    assess_all()
    summary_upkeep.worker_seen()
    changed(examples[PILOT])
    assessed.clear()
    page = client_ana.get("/").content.decode()
    assert not assessed
    assert marked(page, examples[PILOT])
    assert not any(marked(page, pk) for name, pk in examples.items() if name != PILOT)
    assert f"Assessed on {timezone.localdate():%-d %B %Y} · 1 updating" in page


def test_with_a_worker_yesterdays_summaries_are_shown_as_of_their_day(
    client_ana, examples, assessed
):
    yesterday = timezone.localdate() - timedelta(days=1)
    assess_all(days_back=1)
    summary_upkeep.refresh_portfolio(yesterday, summary_upkeep.playbook())
    summary_upkeep.worker_seen()
    assessed.clear()
    page = client_ana.get("/").content.decode()
    assert not assessed
    assert f"Assessed on {yesterday:%-d %B %Y} · 5 updating" in page
    assert marked(page, examples[PILOT])
    listed = client_ana.get("/partnerships/").content.decode()
    assert not assessed
    assert all(marked(listed, pk) for pk in examples.values())


@pytest.mark.parametrize("url", ["/", "/partnerships/"])
def test_without_a_worker_a_request_assesses_at_most_a_page_of_stale_rows(
    client_ana, ana, examples, assessed, url
):
    copies(ana, 6)  # 35 partnerships, none assessed (their commits are still to come)
    client_ana.get("/partners/")  # the session's first request does more
    with CaptureQueriesContext(connection) as fewer:
        assert client_ana.get(url).status_code == 200
    assert sum(assessed.values()) == summary_selectors.SHOWN
    assert set(assessed.values()) == {1}
    AssessmentSummary.objects.all().delete()
    copies(ana, 7, start=6)  # 35 more: 70 stale
    assessed.clear()
    with CaptureQueriesContext(connection) as more:
        assert client_ana.get(url).status_code == 200
    assert sum(assessed.values()) == summary_selectors.SHOWN
    assert len(more.captured_queries) == len(fewer.captured_queries)


def test_without_a_worker_the_dashboard_says_how_many_are_still_updating(
    client_ana, ana, examples, assessed
):
    copies(ana, 6)  # 35 partnerships, none assessed
    page = client_ana.get("/").content.decode()
    assert "35</strong> partnerships" in page
    assert f"Assessed on {timezone.localdate():%-d %B %Y} · 10 updating" in page
    client_ana.get("/")  # the next request assesses the remaining ten
    page = client_ana.get("/").content.decode()
    assert f"Assessed on {timezone.localdate():%-d %B %Y}</p>" in page
    assert sum(assessed.values()) == 35


def test_without_a_worker_the_list_shows_todays_verdict_for_a_changed_row(
    client_ana, examples, assessed
):
    assess_all()
    changed(examples[PILOT])
    assessed.clear()
    page = client_ana.get("/partnerships/").content.decode()
    assert assessed == Counter({PILOT: 1})  # the row it shows that had changed, alone
    assert not marked(page, examples[PILOT])


def test_a_row_whose_assessment_fails_on_the_page_is_shown_updating(
    client_ana, examples, monkeypatch
):
    assess_all()
    changed(examples[PILOT])

    def broken(snapshot, as_of, playbook):
        raise RuntimeError("the assessment broke")

    monkeypatch.setattr(summaries, "assess", broken)
    response = client_ana.get("/partnerships/")
    assert response.status_code == 200
    assert marked(response.content.decode(), examples[PILOT])
