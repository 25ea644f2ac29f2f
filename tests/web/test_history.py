"""The audit trail, visible: a History page per partnership and one for the whole
installation, with before and after field by field, filters, and who may see them."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerfolio.accounts.models import User
from partnerfolio.audit.history import changes, describe
from partnerfolio.audit.models import AuditRecord
from partnerfolio.audit.services import audit_record
from partnerfolio.evidence import services as evidence_services
from partnerfolio.metrics import services as metric_services
from partnerfolio.metrics.models import Metric
from partnerfolio.partnerships import transitions
from partnerfolio.partnerships.models import Partnership
from tests.people import signed_in as client_for
from tests.web.test_records import three_partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> dict[str, int]:
    return three_partnerships()


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_history_shows_before_and_after_of_a_target_change(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    mia = client_for("mia")
    metrics = f"/partnerships/{atlas.pk}/metrics/"
    assert mia.post(metrics, {"catalog": "on_time_completion", "target": "95"}).status_code == 302
    metric = Metric.objects.get(partnership=atlas)
    edit = f"{metrics}{metric.pk}/"
    assert mia.post(edit, {"target": "97.5", "version": metric.version}).status_code == 302
    page = mia.get(f"/partnerships/{atlas.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    text = _text(html)
    assert "Changed a metric: On time completion" in text
    assert "Target : was 95 → now 97.5" in text
    assert "<del>" in html
    assert "<ins>" in html
    assert "Defined a metric: On time completion" in text
    assert text.index("Changed a metric") < text.index("Defined a metric")  # newest first
    assert "metric_update" not in text
    assert "on_time_completion" not in text


def test_every_kind_of_change_reads_as_words(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    ada = User.objects.get(username="ada")
    row = evidence_services.commitment_record(
        actor=ada, partnership=atlas, title="Pilot report", due_on=date(2026, 3, 1)
    )
    evidence_services.evidence_update(
        actor=ada, row=row, expected_version=1, changes={"delivered_on": date(2026, 3, 2)}
    )
    row.refresh_from_db()
    evidence_services.evidence_delete(actor=ada, row=row, expected_version=2, reason="a typo")
    evidence_services.survey_response_record(
        actor=ada, partnership=atlas, on=date(2026, 3, 5), side="partner",
        respondent="Kim", scores={"trust": 4, "satisfaction": 3},
    )  # fmt: skip
    evidence_services.agreement_record(
        actor=ada,
        partnership=atlas,
        kind="contract",
        signed_on=date(2026, 3, 10),
        ends_on=date(2026, 12, 31),
        covers_ip=True,
    )
    atlas.refresh_from_db()
    transitions.stage_change(
        actor=ada, partnership=atlas, expected_version=atlas.version, to="winding_down",
        on=date(2026, 4, 1), reason="the pilot is over",
    )  # fmt: skip
    metric = metric_services.metric_define(actor=ada, partnership=atlas, key="on_time_completion")
    metric_services.observation_record(actor=ada, metric=metric, on=date(2026, 3, 1), value=80)
    said = [describe(r) for r in AuditRecord.objects.filter(partnership_id=atlas.pk)]
    assert said[1:] == [
        "Recorded a commitment: Pilot report",
        "Corrected a commitment: Pilot report",
        "Removed a commitment: Pilot report",
        "Recorded a survey response: Kim",
        "Recorded an agreement",
        "Changed the stage: active → winding down",
        "Defined a metric: On time completion",
        "Recorded a metric's value: On time completion",
    ]
    corrected = AuditRecord.objects.get(action="commitments_update")
    assert [(c.field, c.before, c.after) for c in changes(corrected)] == [
        ("delivered on", "–", "2026-03-02")
    ]
    removed = AuditRecord.objects.get(action="commitments_delete")
    assert ("title", "Pilot report", "–") in [
        (c.field, c.before, c.after) for c in changes(removed)
    ]
    text = _text(client_for("mia").get(f"/partnerships/{atlas.pk}/history/").content.decode())
    assert "Reason: a typo" in text
    assert "Covers intellectual property : now yes" in text
    # the partnership page's timeline says what happened on every row, surveys included
    page = _text(client_for("mia").get(f"/partnerships/{atlas.pk}/").content.decode())
    assert "Survey response from Kim: trust 4, satisfaction 3" in page
    assert "Changed the stage: active → winding down (by ada)" in page
    assert "The contract signed, ends 2026-12-31" in page


def test_the_history_filters_by_person_kind_and_date(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    mia, cole = User.objects.get(username="mia"), User.objects.get(username="cole")
    evidence_services.engagement_record(
        actor=mia, partnership=atlas, on=date(2026, 2, 1), kind="check_in", summary="weekly"
    )
    evidence_services.commitment_record(actor=cole, partnership=atlas, title="Connector")
    url = f"/partnerships/{atlas.pk}/history/"
    client = client_for("vic")
    by_cole = _text(client.get(url, {"person": "cole"}).content.decode())
    assert "1 change " in by_cole
    assert "Recorded a commitment: Connector" in by_cole
    engagements = _text(client.get(url, {"kind": "engagements"}).content.decode())
    assert "1 change " in engagements
    assert "Recorded a meeting" in engagements
    today = timezone.localdate()
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert "0 changes" in _text(client.get(url, {"since": tomorrow}).content.decode())
    everything = _text(client.get(url, {"until": today.isoformat()}).content.decode())
    assert "3 changes" in everything  # the import too
    for bad in ({"since": "30/11/2026"}, {"since": tomorrow, "until": today.isoformat()},
                {"person": "nobody"}, {"kind": "no_such_kind"}):  # fmt: skip
        refused = client.get(url, bad)
        assert refused.status_code == 400, bad
        assert 'aria-invalid="true"' in refused.content.decode()
        assert "0 changes" in _text(refused.content.decode())
    refused = _text(client.get(url, {"since": "30/11/2026"}).content.decode())
    assert "must be a date written YYYY-MM-DD, got '30/11/2026'" in refused


def test_who_may_see_which_history(world):
    atlas, cobalt = world["Atlas"], world["Cobalt"]
    for person, status in (("ada", 200), ("mia", 404), ("cole", 200), ("vic", 404)):
        assert client_for(person).get(f"/partnerships/{cobalt}/history/").status_code == status
    for person in ("ada", "mia", "cole", "vic"):
        assert client_for(person).get(f"/partnerships/{atlas}/history/").status_code == 200
    assert client_for("anonymous").get(f"/partnerships/{atlas}/history/").status_code == 302
    assert client_for("pat").get(f"/partnerships/{atlas}/history/").status_code in (302, 404)
    for person in ("mia", "cole", "vic", "pat"):
        assert client_for(person).get("/history/").status_code == 404, person
    site = client_for("ada").get("/history/")
    assert site.status_code == 200
    text = _text(site.content.decode())
    assert "Cobalt" in text
    assert "Atlas" in text
    assert 'href="/history/"' in client_for("ada").get("/").content.decode()
    assert 'href="/history/"' not in client_for("mia").get("/").content.decode()


def test_nothing_secret_is_shown():
    record = audit_record(
        actor="test", action="webhook_add", entity="webhook", entity_id=1,
        after={"url": "https://example.com/hook", "secret": "s3cr3t", "token": "t0k3n"},
    )  # fmt: skip
    shown = [(c.field, c.after) for c in changes(record)]
    assert shown == [("url", "https://example.com/hook")]
    assert describe(record) == "Added a webhook"


def test_the_history_costs_the_same_queries_for_few_and_many_records(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    mia = User.objects.get(username="mia")
    client = client_for("mia")
    url = f"/partnerships/{atlas.pk}/history/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    evidence_services.commitment_record(actor=mia, partnership=atlas, title="one")
    queries()  # the first request also reads what the process keeps afterwards
    few = queries()
    for n in range(60):
        evidence_services.commitment_record(actor=mia, partnership=atlas, title=f"c{n}")
    assert queries() == few
    page = client.get(url).content.decode()
    assert "Page 1 of 2" in page
    assert "62 changes" in _text(page)
