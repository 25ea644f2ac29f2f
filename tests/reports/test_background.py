"""Reports made by the worker and kept by revision: asked once, made once, served to whom
they were made for; the page shows a progress bar while they are made.

These tests commit (transaction=True): the data revision that keys kept reports is the
committed one. The queue runs in immediate mode unless a test holds the task back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from partnerfolio.accounts.models import User
from partnerfolio.evidence import services as evidence
from partnerfolio.notifications.queue import huey
from partnerfolio.partnerships import selectors, services
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.views import playbook
from partnerfolio.reports import documents, keeping, portfolio
from partnerfolio.reports.models import KeptReport
from partnerfolio.reports.period import period_for
from tests.people import PASSWORD
from tests.people import signed_in as client_for
from tests.reports.conftest import STRATUS

pytestmark = pytest.mark.django_db(transaction=True)
PORTFOLIO = "/reports/portfolio/?as_of=2026-11-30"
MAKE = keeping.make_report  # the task itself, before a test holds it back


@pytest.fixture(autouse=True)
def immediate_queue() -> Iterator[None]:
    before = huey.immediate
    huey.immediate = True
    yield
    huey.immediate = before


@pytest.fixture
def held(monkeypatch) -> list[int]:
    """The task queued but not run, as when the worker has not got to it yet."""
    queued: list[int] = []
    monkeypatch.setattr(keeping, "make_report", queued.append)
    return queued


def test_a_report_is_queued_once_and_both_askers_then_get_the_kept_one(world, held):
    User.objects.create_superuser(username="abe", password=PASSWORD, email="")
    ada, abe = client_for("ada"), client_for("abe")
    first = ada.get(PORTFOLIO).content.decode()
    second = abe.get(PORTFOLIO).content.decode()  # while it is being made
    report = KeptReport.objects.get()
    assert held == [report.pk]
    for page in (first, second):
        assert "Waiting for the worker" in page
        assert "<strong>3</strong> partnerships" not in page
    held.clear()
    MAKE.call_local(report.pk)  # the worker gets to it
    for client in (ada, abe):
        page = client.get(PORTFOLIO).content.decode()
        assert "<strong>3</strong> partnerships" in page
        assert "Cobalt secret alliance" in page
    assert held == []  # served from what was kept: nothing queued again
    assert KeptReport.objects.count() == 1


def test_the_page_has_an_accessible_progress_bar_that_works_without_javascript(world, held):
    page = client_for("ada").get(PORTFOLIO).content.decode()
    bar = re.search(r'<div class="report-progress" role="progressbar"[^>]*>', page)
    assert bar is not None
    for attribute in ('aria-valuemin="0"', 'aria-valuemax="100"', 'aria-valuenow="0"'):
        assert attribute in bar.group(0)
    assert 'aria-labelledby="report-state"' in bar.group(0)
    assert '<meta http-equiv="refresh" content="2">' in page  # reloads itself
    assert f'<a href="{PORTFOLIO}">Reload now</a>' in page
    KeptReport.objects.update(status=KeptReport.Status.RUNNING, percent=40)
    page = client_for("ada").get(PORTFOLIO).content.decode()
    assert 'aria-valuenow="40"' in page
    assert "Being made" in page


def test_the_worker_records_its_progress_batch_by_batch(world, monkeypatch):
    monkeypatch.setattr(selectors, "BATCH", 1)
    seen: list[tuple[int, int]] = []
    period = period_for(None, date(2026, 11, 30), date(2026, 11, 30))
    portfolio.portfolio_report(
        Partnership.objects.all(), period, playbook(), progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    client_for("ada").get(PORTFOLIO)
    assert KeptReport.objects.get().percent == 100


def test_a_write_moves_the_revision_and_the_next_request_makes_a_new_report(world):
    client = client_for("ada")
    assert "<strong>3</strong> partnerships" in client.get(PORTFOLIO).content.decode()
    client.get(PORTFOLIO)
    assert KeptReport.objects.count() == 1
    first = KeptReport.objects.get()
    services.partnership_import(actor="test", document={"name": "Zeta", "type": "strategic"})
    assert "<strong>4</strong> partnerships" in client.get(PORTFOLIO).content.decode()
    kept = KeptReport.objects.get()  # the one of the older revision is removed
    assert kept.revision > first.revision


def test_a_report_made_for_an_administrator_is_never_served_to_a_viewer(world):
    assert "Cobalt secret alliance" in client_for("ada").get(PORTFOLIO).content.decode()
    page = client_for("vic").get(PORTFOLIO).content.decode()
    assert "<strong>2</strong> partnerships" in page
    assert "Cobalt" not in page
    vic = User.objects.get(username="vic")
    assert set(KeptReport.objects.values_list("audience", flat=True)) == {"all", f"user:{vic.pk}"}
    # Cole is on Cobalt's team: his own report, with it
    assert "Cobalt secret alliance" in client_for("cole").get(PORTFOLIO).content.decode()


def test_the_appendix_appears_only_when_asked_for(world):
    plain = client_for("vic").get(PORTFOLIO).content.decode()
    assert 'id="appendix"' not in plain
    assert "With the appendix" in plain
    page = client_for("vic").get(PORTFOLIO + "&appendix=1").content.decode()
    appendix = page.split('id="appendix"')[1].split("</section>")[0]
    assert STRATUS in appendix
    assert "DocAssist AI co-development pilot" in appendix
    assert "Cobalt" not in appendix
    assert "Without the appendix" in page


def test_the_pdf_is_made_once_and_then_served_from_what_was_kept(world, monkeypatch):
    made: list[int] = []
    real = documents.pdf_bytes

    def counting(html: str) -> bytes:
        made.append(1)
        return real(html)

    monkeypatch.setattr(documents, "pdf_bytes", counting)
    client = client_for("ada")
    for _ in range(2):
        response = client.get("/reports/portfolio/pdf/?as_of=2026-11-30")
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert 'filename="portfolio-report-2026-11-30.pdf"' in response["Content-Disposition"]
    assert made == [1]


def test_a_review_is_kept_by_its_partnerships_revision(world):
    url = f"/reports/partnerships/{world['Stratus']}/?as_of=2026-11-30"
    client = client_for("vic")
    assert STRATUS in client.get(url).content.decode()
    client.get(url)
    assert KeptReport.objects.filter(kind="partnership").count() == 1
    pilot = Partnership.objects.get(pk=world["Pilot"])
    evidence.engagement_record(
        actor="test", partnership=pilot, on=date(2026, 11, 1), kind="check_in", summary="x"
    )
    client.get(url)  # another partnership's change leaves this review as it was
    assert KeptReport.objects.filter(kind="partnership").count() == 1
    stratus = Partnership.objects.get(pk=world["Stratus"])
    evidence.engagement_record(
        actor="test", partnership=stratus, on=date(2026, 11, 2), kind="check_in", summary="new"
    )
    page = client.get(url).content.decode()
    kept = KeptReport.objects.get(kind="partnership")
    assert kept.revision == Partnership.objects.get(pk=world["Stratus"]).revision
    assert "new" in page


def test_a_hidden_partnerships_kept_review_is_still_404_to_those_who_may_not_see_it(world):
    url = f"/reports/partnerships/{world['Cobalt']}/"
    assert client_for("ada").get(url).status_code == 200
    assert KeptReport.objects.filter(kind="partnership").exists()
    assert client_for("vic").get(url).status_code == 404
    assert client_for("mia").get(url + "pdf/").status_code == 404


def test_reports_kept_longer_than_a_week_are_removed_when_a_new_one_is_made(world):
    client = client_for("ada")
    client.get("/reports/portfolio/?as_of=2026-11-01")
    old = KeptReport.objects.get()
    KeptReport.objects.filter(pk=old.pk).update(created_at=old.created_at - keeping.KEEP)
    client.get(PORTFOLIO)
    assert list(KeptReport.objects.values_list("period", flat=True)) == [
        "2026-08-31:2026-11-30:2026-11-30:"
    ]
