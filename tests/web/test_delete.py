"""Deleting a partnership from its page, and an administrator bringing it back from the
deleted partnerships (docs/record.md, "Deleting, and bringing back").

People: Ada the administrator, Mia a manager, Cole a contributor on the team of Atlas and
of the confidential Cobalt, Vic a viewer, Pat a partner user at Atlas's partner.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from partnerfolio.accounts.models import User
from partnerfolio.audit.models import AuditRecord
from partnerfolio.evidence.models import Engagement
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership
from partnerfolio.portal.services import round_open
from tests.people import personas
from tests.people import signed_in as client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> dict[str, int]:
    records = {}
    for name, partner, confidential in (
        ("Atlas", "Atlas Partner Co", False),
        ("Birch", "Birch Partner Co", False),
        ("Cobalt", "Cobalt Secret Co", True),
    ):
        p = services.partnership_import(
            actor="test",
            document={
                "name": name,
                "type": "tactical",
                "stage": "active",
                "started_on": "2026-01-01",
                "partners": [{"name": partner}],
                "engagements": [
                    {"on": "2026-02-01", "kind": "check_in", "summary": "kick-off"},
                    {"on": "2026-03-01", "kind": "check_in", "summary": "follow-up"},
                ],
                "events": [{"on": "2026-01-01", "kind": "stage_changed", "to": "active"}],
                "metrics": [
                    {
                        "key": "revenue_growth",
                        "name": "Revenue growth",
                        "observations": [{"on": "2026-03-01", "value": 10}],
                    }
                ],
            },
        )
        Partnership.objects.filter(pk=p.pk).update(confidential=confidential)
        records[name] = p.pk
    personas(partner_of="Atlas Partner Co", teams=(records["Atlas"], records["Cobalt"]))
    return records


def version(pk: int) -> int:
    return Partnership.objects.get(pk=pk).version


def delete(person: str, pk: int, reason: str = "recorded in error", **extra) -> object:
    data = {"reason": reason, "version": version(pk), **extra}
    return client_for(person).post(f"/partnerships/{pk}/delete/", data)


def deletion_of(name: str) -> AuditRecord:
    return AuditRecord.objects.get(action="partnership_delete", partnership_name=name)


# --- deleting -------------------------------------------------------------------------------


def test_the_page_says_what_goes_and_that_it_can_come_back(world):
    response = client_for("mia").get(f"/partnerships/{world['Atlas']}/delete/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 items of evidence" in page
    assert "1 metric, with 1 value" in page
    assert "1 event (stage and type changes)" in page
    assert "Deleted partnerships" in page
    assert f'name="version" value="{version(world["Atlas"])}"' in page
    assert '<textarea id="d-reason" name="reason"' in page
    assert 'class="danger">Delete this partnership</button>' in page
    assert f'href="/partnerships/{world["Atlas"]}/">Cancel</a>' in page


def test_a_manager_deletes_a_partnership_with_a_reason(world):
    pk = world["Atlas"]
    client = client_for("mia")
    response = client.post(
        f"/partnerships/{pk}/delete/", {"reason": "a duplicate of Birch", "version": version(pk)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/partnerships/"
    assert not Partnership.objects.filter(pk=pk).exists()
    assert not Engagement.objects.filter(partnership_id=pk).exists()
    record = deletion_of("Atlas")
    assert (record.actor_name, record.note, record.partnership_id) == (
        "mia",
        "a duplicate of Birch",
        pk,
    )
    page = client.get("/partnerships/").content.decode()
    assert "Deleted “Atlas”" in page
    assert "can restore it" in page
    assert client.get(f"/partnerships/{pk}/").status_code == 404


@pytest.mark.parametrize(
    ("person", "record", "status"),
    [
        ("cole", "Atlas", 403),  # a contributor on its team
        ("cole", "Birch", 403),
        ("vic", "Atlas", 403),  # a viewer
        ("mia", "Cobalt", 404),  # confidential, and she is not on its team
        ("vic", "Cobalt", 404),
        ("pat", "Atlas", 404),  # a partner user
    ],
)
def test_only_managers_and_administrators_who_see_it_delete(world, person, record, status):
    pk = world[record]
    assert client_for(person).get(f"/partnerships/{pk}/delete/").status_code == status
    assert delete(person, pk).status_code == status
    assert Partnership.objects.filter(pk=pk).exists()
    assert not AuditRecord.objects.filter(action="partnership_delete").exists()


def test_the_delete_link_is_shown_only_to_those_allowed(world):
    link = f'href="/partnerships/{world["Atlas"]}/delete/"'
    for person, shown in (("ada", True), ("mia", True), ("cole", False), ("vic", False)):
        page = client_for(person).get(f"/partnerships/{world['Atlas']}/").content.decode()
        assert (link in page) == shown, person


def test_an_administrator_deletes_a_confidential_one(world):
    assert delete("ada", world["Cobalt"]).status_code == 302
    assert not Partnership.objects.filter(pk=world["Cobalt"]).exists()


def test_a_deletion_without_a_reason_is_refused_at_its_field(world):
    pk = world["Atlas"]
    response = delete("mia", pk, reason="   ")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="d-reason-error">   </textarea>' in page
    assert 'id="d-reason-error">say why the partnership is deleted</p>' in page
    assert Partnership.objects.filter(pk=pk).exists()
    assert not AuditRecord.objects.filter(action="partnership_delete").exists()


def test_a_deletion_on_a_stale_copy_is_refused_with_a_message(world):
    pk = world["Atlas"]
    stale = version(pk) - 1 if version(pk) > 1 else version(pk) + 1
    response = client_for("mia").post(
        f"/partnerships/{pk}/delete/", {"reason": "no longer ours", "version": stale}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed by someone else since you opened it" in page
    assert ">no longer ours</textarea>" in page  # what was typed is kept
    assert Partnership.objects.filter(pk=pk).exists()
    assert not AuditRecord.objects.filter(action="partnership_delete").exists()


def test_a_partnership_with_an_open_survey_round_is_not_deleted(world):
    pk = world["Atlas"]
    round_open(
        actor="test",
        partnership=Partnership.objects.get(pk=pk),
        closes_on=date(2099, 1, 1),
        questions=["trust"],
    )
    response = delete("mia", pk)
    assert response.status_code == 409
    page = response.content.decode()
    assert "survey round(s) of &#x27;Atlas&#x27; are open: close them first" in page
    assert Partnership.objects.filter(pk=pk).exists()


# --- bringing back ----------------------------------------------------------------------------


def test_an_administrator_lists_and_restores_a_deleted_partnership(world):
    assert delete("mia", world["Atlas"], reason="a duplicate").status_code == 302
    assert delete("ada", world["Cobalt"], reason="the deal fell through").status_code == 302
    ada = client_for("ada")
    page = ada.get("/partnerships/deleted/").content.decode()
    for seen in ("Atlas", "a duplicate", "mia", "Cobalt", "the deal fell through", "ada"):
        assert seen in page
    assert "confidential</span>" in page
    deletion = deletion_of("Cobalt").pk
    assert f'action="/partnerships/deleted/{deletion}/restore/"' in page
    assert "csrfmiddlewaretoken" in page

    response = ada.post(f"/partnerships/deleted/{deletion}/restore/")
    restored = Partnership.objects.get(name="Cobalt")
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/{restored.pk}/"
    assert restored.pk != world["Cobalt"]
    assert restored.confidential
    assert list(restored.members.values_list("user__username", flat=True)) == ["cole"]
    assert restored.engagements.count() == 2
    page = ada.get(response["Location"]).content.decode()
    assert "Restored “Cobalt” (confidential" in page
    # still hidden from those outside its team
    assert client_for("mia").get(f"/partnerships/{restored.pk}/").status_code == 404
    assert client_for("cole").get(f"/partnerships/{restored.pk}/").status_code == 200
    listed = ada.get("/partnerships/deleted/").content.decode()
    assert "Cobalt" not in listed
    assert "Atlas" in listed


def test_a_restoration_done_already_is_refused_on_the_page(world):
    delete("mia", world["Atlas"])
    deletion = deletion_of("Atlas").pk
    ada = client_for("ada")
    assert ada.post(f"/partnerships/deleted/{deletion}/restore/").status_code == 302
    response = ada.post(f"/partnerships/deleted/{deletion}/restore/")
    assert response.status_code == 409
    assert "restored already" in response.content.decode()
    assert Partnership.objects.filter(name="Atlas").count() == 1
    missing = ada.post("/partnerships/deleted/999999/restore/")
    assert missing.status_code == 404
    assert "no partnership was deleted by record 999999" in missing.content.decode()


def test_a_restoration_is_refused_when_the_name_is_taken(world):
    delete("mia", world["Birch"])
    services.partnership_import(actor="test", document={"name": "Birch", "type": "tactical"})
    deletion = deletion_of("Birch").pk
    response = client_for("ada").post(f"/partnerships/deleted/{deletion}/restore/")
    assert response.status_code == 409
    page = response.content.decode()
    assert 'role="alert">“Birch” cannot be restored: another partnership is named so now' in page
    assert f'action="/partnerships/deleted/{deletion}/restore/"' in page  # still listed
    assert Partnership.objects.filter(name="Birch").count() == 1
    assert not AuditRecord.objects.filter(action="partnership_restore").exists()


@pytest.mark.parametrize("person", ["mia", "cole", "vic", "pat"])
def test_only_administrators_know_of_deleted_partnerships(world, person):
    delete("ada", world["Cobalt"])
    deletion = deletion_of("Cobalt").pk
    client = client_for(person)
    assert client.get("/partnerships/deleted/").status_code == 404
    assert client.post(f"/partnerships/deleted/{deletion}/restore/").status_code == 404
    assert not Partnership.objects.filter(name="Cobalt").exists()
    assert "Deleted partnerships" not in client.get("/partnerships/").content.decode()


def test_the_list_links_administrators_to_the_deleted_partnerships(world):
    page = client_for("ada").get("/partnerships/").content.decode()
    assert 'href="/partnerships/deleted/">Deleted partnerships</a>' in page
    assert (
        "No deleted partnership to restore."
        in client_for("ada").get("/partnerships/deleted/").content.decode()
    )


def test_a_forged_restore_without_the_csrf_token_is_refused(world):
    delete("ada", world["Cobalt"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="ada"))
    response = client.post(f"/partnerships/deleted/{deletion_of('Cobalt').pk}/restore/")
    assert response.status_code == 403
    assert not Partnership.objects.filter(name="Cobalt").exists()
