"""The partnership's records kept in the pages: agreements and every kind of evidence
listed, added, corrected on a fresh copy and removed with a reason, and who may do what.

Atlas (technological, tactical) is seen by everyone of ours and changed by ada, mia and
cole (on its team); vic only reads; Cobalt is confidential to its team (cole) and ada.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerfolio.audit.models import AuditRecord
from partnerfolio.domain import assess
from partnerfolio.evidence import services as evidence_services
from partnerfolio.evidence.models import Opportunity
from partnerfolio.partnerships import selectors, services
from partnerfolio.partnerships.models import Agreement, Partnership
from partnerfolio.partnerships.record_forms import FORMS
from partnerfolio.partnerships.records import EVIDENCE_MODELS
from partnerfolio.partnerships.views import playbook, today
from tests.people import personas
from tests.people import signed_in as client_for

pytestmark = pytest.mark.django_db


def three_partnerships() -> dict[str, int]:
    """Atlas, Birch (seen by everyone) and Cobalt (confidential), technological, each with
    its own partner; the personas, with Atlas and Cobalt on cole's team."""
    records = {}
    for name, confidential in (("Atlas", False), ("Birch", False), ("Cobalt", True)):
        p = services.partnership_import(
            actor="test",
            document={
                "name": name,
                "type": "tactical",
                "category": "technological",
                "stage": "active",
                "started_on": "2026-01-01",
                "partners": [{"name": f"{name} Partner Co"}],
            },
        )
        Partnership.objects.filter(pk=p.pk).update(confidential=confidential)
        records[name] = p.pk
    personas(partner_of="Atlas Partner Co", teams=(records["Atlas"], records["Cobalt"]))
    return records


@pytest.fixture
def world(db) -> dict[str, int]:
    return three_partnerships()


def _pitfalls(pk: int) -> set[str]:
    snapshot = selectors.partnership_snapshot(Partnership.objects.get(pk=pk))
    return {p.code.value for p in assess(snapshot, today(), playbook()).pitfalls}


def _reseller_agreement(world: dict[str, int]) -> tuple[Partnership, Any]:
    atlas = Partnership.objects.get(pk=world["Atlas"])
    row = evidence_services.evidence_record(
        actor="test", partnership=atlas, section="agreements",
        item={"kind": "contract", "title": "Reseller", "ends_on": "2027-01-31"},
    )  # fmt: skip
    return atlas, row


def form_values(html: str) -> dict[str, str]:
    """What a form on the page would send as it stands: inputs, selections, text areas."""
    found = dict(re.findall(r'<input[^>]*name="([\w.]+)"[^>]*value="([^"]*)"', html))
    for name, body in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        found[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>(.*?)</textarea>', html, re.S):
        found[name] = body.strip()
    found.pop("csrfmiddlewaretoken", None)
    return found


def test_a_manager_adds_an_agreement_and_the_assessment_follows_at_once(world):
    atlas = world["Atlas"]
    assert "coopetition_tension" in _pitfalls(atlas)  # technological, IP unprotected
    mia = client_for("mia")
    ends = today() + timedelta(days=30)
    response = mia.post(
        f"/partnerships/{atlas}/records/agreements/",
        {"kind": "contract", "title": "Joint development", "signed_on": "2026-02-01",
         "ends_on": ends.isoformat(), "covers_ip": "yes"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/{atlas}/records/agreements/#saved"
    page = mia.get(response["Location"]).content.decode()
    assert "Recorded the agreement." in page
    assert "<td>Contract</td>" in page  # the label, not the code
    assert f"Joint development: ends in 30 days ({ends.isoformat()})" in page
    pitfalls = _pitfalls(atlas)
    assert "coopetition_tension" not in pitfalls  # the IP half cleared
    assert "agreement_expiring" in pitfalls  # ends within 60 days, no review
    detail = mia.get(f"/partnerships/{atlas}/").content.decode()
    assert f"Joint development (contract) · ends {ends.isoformat()} · covers IP" in detail
    assert f'href="/partnerships/{atlas}/records/agreements/">Agreements</a> (1)' in detail
    assert AuditRecord.objects.filter(action="agreements_record").count() == 1


@pytest.mark.parametrize("section", list(FORMS))
def test_every_kind_is_listed_added_edited_and_removed(world, section):
    atlas = world["Atlas"]
    cole = client_for("cole")  # a contributor on Atlas's team
    page = cole.get(f"/partnerships/{atlas}/records/{section}/")
    assert page.status_code == 200
    assert "Nothing recorded yet." in page.content.decode()
    values = {
        "agreements": {"kind": "mou", "title": "Letter"},
        "commitments": {"title": "Pilot", "due_on": "2026-03-01"},
        "engagements": {"on": "2026-03-02", "kind": "check_in", "summary": "ok"},
        "reviews": {"on": "2026-03-03", "decision": "continue"},
        "surveys": {"on": "2026-03-04", "side": "ours", "score_trust": "4"},
        "opportunities": {"title": "Bank deal", "stage": "qualified", "value": "12,000"},
        "joint_outcomes": {"title": "Launch", "on": "2026-03-05", "value": "5000"},
    }[section]
    assert cole.post(f"/partnerships/{atlas}/records/{section}/", values).status_code == 302
    row = EVIDENCE_MODELS[section].objects.get(partnership_id=atlas)
    listed = cole.get(f"/partnerships/{atlas}/records/{section}/").content.decode()
    assert f"/records/{section}/{row.pk}/" in listed
    edit = cole.get(f"/partnerships/{atlas}/records/{section}/{row.pk}/")
    assert edit.status_code == 200
    form = form_values(edit.content.decode())
    first = "title" if "title" in values else "on"
    for key, value in values.items():
        if not key.startswith("score_") and key != "value":
            assert form[key] == value, key
    changed = {**form, first: "2026-04-01" if first == "on" else "Renamed"}
    saved = cole.post(f"/partnerships/{atlas}/records/{section}/{row.pk}/", changed)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    row.refresh_from_db()
    assert str(getattr(row, first)) == changed[first]
    assert AuditRecord.objects.filter(action=f"{section}_update", entity_id=row.pk).exists()
    removal = f"/partnerships/{atlas}/records/{section}/{row.pk}/remove/"
    assert "Remove the " in cole.get(removal).content.decode()
    refused = cole.post(removal, {"version": row.version, "reason": " "})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    assert cole.post(removal, {"version": row.version, "reason": "typed twice"}).status_code == 302
    assert not EVIDENCE_MODELS[section].objects.filter(pk=row.pk).exists()
    deleted = AuditRecord.objects.get(action=f"{section}_delete", entity_id=row.pk)
    assert deleted.note == "typed twice"


def test_an_edit_on_a_stale_copy_is_refused_and_explained(world):
    atlas, row = _reseller_agreement(world)
    mia = client_for("mia")
    url = f"/partnerships/{atlas.pk}/records/agreements/{row.pk}/"
    mine = form_values(mia.get(url).content.decode())
    evidence_services.evidence_update(  # someone else, meanwhile
        actor="test", row=row, expected_version=row.version, changes={"ends_on": "2027-06-30"}
    )
    response = mia.post(url, {**mine, "title": "Reseller (renewed)"})
    assert response.status_code == 409
    assert "changed by someone else since you opened it" in response.content.decode()
    row.refresh_from_db()
    assert (row.title, row.ends_on) == ("Reseller", date(2027, 6, 30))  # theirs, kept


def test_a_blank_field_clears_its_value_and_dates_are_strict(world):
    atlas, row = _reseller_agreement(world)
    mia = client_for("mia")
    url = f"/partnerships/{atlas.pk}/records/agreements/{row.pk}/"
    form = form_values(mia.get(url).content.decode())
    wrong = mia.post(url, {**form, "ends_on": "2027-1-31"})
    assert wrong.status_code == 400
    html = wrong.content.decode()
    assert "must be a date written YYYY-MM-DD, got &#x27;2027-1-31&#x27;" in html
    assert 'aria-invalid="true" aria-describedby="id_ends_on-error"' in html
    assert mia.post(url, {**form, "ends_on": ""}).status_code == 302
    row.refresh_from_db()
    assert (row.title, row.ends_on) == ("Reseller", None)


def test_the_joint_pipeline_is_totalled_by_attribution(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    for title, stage, value, attribution in (
        ("A", "qualified", 10_000, "partner_sourced"),
        ("B", "proposal", 5_000, "partner_influenced"),
        ("C", "won", 99_000, "partner_sourced"),  # closed: not in the open pipeline
        ("D", "identified", 2_500, None),
    ):
        item = {"title": title, "stage": stage, "value": value}
        if attribution:
            item["attribution"] = attribution
        evidence_services.evidence_record(
            actor="test", partnership=atlas, section="opportunities", item=item
        )
    page = client_for("vic").get(f"/partnerships/{atlas.pk}/records/opportunities/")
    html = page.content.decode()
    assert (
        "Open pipeline 17,500: not attributed 2,500, partner influenced 5,000, "
        "partner sourced 10,000" in html
    )
    assert Opportunity.objects.count() == 4


def test_a_viewer_reads_every_list_and_sees_no_edit_control(world):
    atlas = world["Atlas"]
    row = evidence_services.evidence_record(
        actor="test", partnership=Partnership.objects.get(pk=atlas), section="commitments",
        item={"title": "Pilot"},
    )  # fmt: skip
    vic = client_for("vic")
    for section in FORMS:
        html = vic.get(f"/partnerships/{atlas}/records/{section}/").content.decode()
        assert '<form method="post" action="/partnerships/' not in html
        assert "/remove/" not in html
    assert (
        vic.post(f"/partnerships/{atlas}/records/commitments/", {"title": "x"}).status_code == 403
    )
    assert vic.get(f"/partnerships/{atlas}/records/commitments/{row.pk}/").status_code == 403
    assert vic.get(f"/partnerships/{atlas}/records/commitments/{row.pk}/remove/").status_code == 403


@pytest.mark.parametrize("person", ["mia", "vic", "pat"])
def test_a_confidential_partnerships_records_are_absent_for_those_outside_its_team(world, person):
    cobalt = Partnership.objects.get(pk=world["Cobalt"])
    row = evidence_services.evidence_record(
        actor="test", partnership=cobalt, section="agreements", item={"title": "Secret"}
    )
    client = client_for(person)
    for url in (
        f"/partnerships/{cobalt.pk}/records/agreements/",
        f"/partnerships/{cobalt.pk}/records/agreements/{row.pk}/",
        f"/partnerships/{cobalt.pk}/records/agreements/{row.pk}/remove/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "x", "reason": "x", "version": "1"}).status_code == 404
    # an item of a partnership one may change, reached through another: 404 as well
    atlas = world["Atlas"]
    assert (
        client_for("mia").get(f"/partnerships/{atlas}/records/agreements/{row.pk}/").status_code
        == 404
    )
    assert client_for("mia").get(f"/partnerships/{atlas}/records/nonsense/").status_code == 404


def test_the_list_costs_the_same_queries_for_one_item_or_forty(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    mia = client_for("mia")
    url = f"/partnerships/{atlas.pk}/records/commitments/"

    def queries() -> int:
        mia.get(url)  # what is read once per data revision (the notifications' count) is read
        with CaptureQueriesContext(connection) as seen:
            assert mia.get(url).status_code == 200
        return len(seen.captured_queries)

    evidence_services.evidence_record(
        actor="test", partnership=atlas, section="commitments", item={"title": "first"}
    )
    few = queries()
    for n in range(39):
        evidence_services.evidence_record(
            actor="test", partnership=atlas, section="commitments", item={"title": f"c{n}"}
        )
    assert queries() == few
    assert Agreement.objects.count() == 0


def test_the_timelines_scroll_box_is_reachable_by_keyboard(world):
    page = client_for("mia").get(f"/partnerships/{world['Atlas']}/").content.decode()
    assert '<ol class="timeline" tabindex="0" aria-labelledby="time-h">' in page
