"""Deleting and restoring partnerships, creating and deleting partner organizations, and
setting a partnership's team and confidential mark through the API."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerfolio.audit.models import AuditRecord
from partnerfolio.evidence.models import Engagement
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import selectors
from partnerfolio.partnerships.models import Partnership
from partnerfolio.portal.services import round_open
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def _if_match(pk: int) -> dict[str, str]:
    return {"HTTP_IF_MATCH": f'W/"{Partnership.objects.get(pk=pk).version}"'}


def _delete(world, person, record, reason="created by mistake", **headers):
    pk = world[record]
    query = f"?reason={reason}" if reason else ""
    return token_client(world, person).delete(f"/api/v1/partnerships/{pk}{query}", **headers)


def _restore(*args: str) -> str:
    out = StringIO()
    call_command("restore", *args, stdout=out)
    return out.getvalue()


# --- deleting a partnership, and bringing it back ---------------------------------------


def test_a_deleted_partnership_is_gone_and_its_audit_record_keeps_it(world):
    pk = world["Cobalt"]
    document = selectors.partnership_document(Partnership.objects.get(pk=pk))
    response = _delete(world, "ada", "Cobalt", **_if_match(pk))
    assert response.status_code == 204
    assert not Partnership.objects.filter(pk=pk).exists()
    assert not Engagement.objects.filter(partnership_id=pk).exists()
    assert token_client(world, "ada").get(f"/api/v1/partnerships/{pk}").status_code == 404
    record = AuditRecord.objects.get(action="partnership_delete")
    assert record.partnership_id == pk
    assert record.note == "created by mistake"
    assert record.before["document"] == document
    assert record.before["confidential"] is True
    assert record.before["team"] == [{"username": "cole", "owner": False}]
    assert f"{record.pk}" in _restore()  # listed as restorable


def test_a_restored_partnership_is_as_it_was_confidential_and_teamed(world):
    pk = world["Cobalt"]
    document = selectors.partnership_document(Partnership.objects.get(pk=pk))
    assert _delete(world, "ada", "Cobalt", **_if_match(pk)).status_code == 204
    deletion = AuditRecord.objects.get(action="partnership_delete").pk
    said = _restore(str(deletion))
    restored = Partnership.objects.get(name="Cobalt")
    assert said.strip() == f"restored 'Cobalt' as partnership {restored.pk} (confidential)"
    assert selectors.partnership_document(restored) == document
    assert restored.confidential
    assert list(restored.members.values_list("user__username", flat=True)) == ["cole"]
    # still hidden from those outside its team
    assert token_client(world, "vic").get(f"/api/v1/partnerships/{restored.pk}").status_code == 404
    assert token_client(world, "cole").get(f"/api/v1/partnerships/{restored.pk}").status_code == 200
    assert _restore().strip() == "no deleted partnership to restore"
    with pytest.raises(CommandError, match="restored already") as refused:
        _restore(str(deletion))
    assert refused.value.returncode == 2


def test_a_restore_is_refused_when_the_name_is_taken_again(world):
    pk = world["Birch"]
    assert _delete(world, "mia", "Birch", **_if_match(pk)).status_code == 204
    token_client(world, "mia").post(
        "/api/v1/partnerships",
        {"name": "Birch", "type": "tactical"},
        content_type="application/json",
    )
    with pytest.raises(CommandError, match="exists already") as refused:
        _restore(str(AuditRecord.objects.get(action="partnership_delete").pk))
    assert refused.value.returncode == 2
    with pytest.raises(CommandError, match="no partnership was deleted by record 999999"):
        _restore("999999")


@pytest.mark.parametrize(
    ("reason", "headers", "status", "field"),
    [
        ("", "current", 422, "reason"),
        ("mistake", None, 428, None),
        ("mistake", 'W/"99"', 412, None),
    ],
)
def test_a_refused_deletion_deletes_nothing(world, reason, headers, status, field):
    pk = world["Atlas"]
    sent = _if_match(pk) if headers == "current" else {}
    if headers not in (None, "current"):
        sent = {"HTTP_IF_MATCH": headers}
    response = _delete(world, "mia", "Atlas", reason=reason, **sent)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    if field:
        assert field in response.json()["detail"]
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
    response = _delete(world, "mia", "Atlas", **_if_match(pk))
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "survey_rounds"
    assert "close them first" in response.json()["detail"]
    assert Partnership.objects.filter(pk=pk).exists()


# --- partner organizations on their own ----------------------------------------------------


@pytest.mark.parametrize(
    ("person", "status"),
    [("ada", 201), ("mia", 201), ("cole", 403), ("vic", 403), ("pat", 403), ("anonymous", 401)],
)
def test_managers_create_organizations(world, person, status):
    response = token_client(world, person).post(
        "/api/v1/organizations",
        {"name": "Orbit Labs", "sector": "private", "assets": ["satellites"]},
        content_type="application/json",
    )
    assert response.status_code == status
    assert PartnerOrganization.objects.filter(name="Orbit Labs").exists() == (status == 201)
    if status == 201:
        created = response.json()
        assert response["Location"] == f"/api/v1/organizations/{created['id']}"
        assert created["assets"] == ["satellites"]
        assert created["partnerships"] == []
        seen = token_client(world, "vic").get(f"/api/v1/organizations/{created['id']}")
        assert seen.status_code == 200  # in no partnership yet: everyone of ours sees it
        assert AuditRecord.objects.filter(action="partner_organization_create").count() == 1


@pytest.mark.parametrize(
    ("body", "status", "path"),
    [
        ({"name": "Atlas Partner Co"}, 409, "name"),
        ({"name": "X", "sector": "galactic"}, 422, "sector"),
        ({"name": "X", "colour": "red"}, 422, "colour"),
        ({"sector": "private"}, 422, "name"),
    ],
)
def test_a_refused_organization_names_its_field(world, body, status, path):
    before = PartnerOrganization.objects.count()
    response = token_client(world, "mia").post(
        "/api/v1/organizations", body, content_type="application/json"
    )
    assert response.status_code == status
    assert path in {e["field"] for e in response.json()["errors"]}
    assert PartnerOrganization.objects.count() == before


def test_an_organization_is_deleted_once_nothing_names_it(world):
    client = token_client(world, "mia")
    used = PartnerOrganization.objects.get(name="Atlas Partner Co")
    refused = client.delete(
        f"/api/v1/organizations/{used.pk}?reason=gone", HTTP_IF_MATCH=f'W/"{used.version}"'
    )
    assert refused.status_code == 409
    assert {e["field"] for e in refused.json()["errors"]} == {"partnerships", "people"}
    assert PartnerOrganization.objects.filter(pk=used.pk).exists()

    created = client.post(
        "/api/v1/organizations", {"name": "Short-lived"}, content_type="application/json"
    ).json()
    url = f"/api/v1/organizations/{created['id']}"
    assert client.delete(url + "?reason=gone").status_code == 428
    assert (
        token_client(world, "cole").delete(url + "?reason=gone", HTTP_IF_MATCH='W/"1"').status_code
        == 403
    )
    assert client.delete(url + "?reason=gone", HTTP_IF_MATCH='W/"1"').status_code == 204
    assert client.get(url).status_code == 404
    record = AuditRecord.objects.get(action="partner_organization_delete")
    assert record.before == {"name": "Short-lived"}
    assert record.note == "gone"


def test_an_organization_only_in_a_confidential_partnership_cannot_be_found_to_delete(world):
    hidden = PartnerOrganization.objects.get(name="Cobalt Secret Co")
    response = token_client(world, "mia").delete(
        f"/api/v1/organizations/{hidden.pk}?reason=x", HTTP_IF_MATCH=f'W/"{hidden.version}"'
    )
    assert response.status_code == 404


# --- the team and the confidential mark ----------------------------------------------------


def test_the_team_is_read_by_whoever_sees_the_partnership(world):
    response = token_client(world, "vic").get(f"/api/v1/partnerships/{world['Atlas']}/team")
    assert response.status_code == 200
    assert response.json()["members"] == [{"username": "cole", "name": "cole", "owner": False}]
    assert response.json()["confidential"] is False
    assert response["ETag"] == f'W/"{Partnership.objects.get(pk=world["Atlas"]).version}"'


def test_a_manager_makes_a_partnership_confidential_with_herself_on_its_team(world):
    pk = world["Atlas"]
    url = f"/api/v1/partnerships/{pk}/team"
    client = token_client(world, "mia")
    without = client.put(
        url,
        {"confidential": True, "members": [{"username": "cole"}]},
        content_type="application/json",
        **_if_match(pk),
    )
    assert without.status_code == 422
    assert without.json()["errors"][0]["field"] == "team"
    assert "put yourself on the team" in without.json()["detail"]
    done = client.put(
        url,
        {
            "confidential": True,
            "members": [{"username": "mia", "owner": True}, {"username": "cole"}],
        },
        content_type="application/json",
        **_if_match(pk),
    )
    assert done.status_code == 200, done.content
    assert done.json()["confidential"] is True
    assert [m["username"] for m in done.json()["members"]] == ["cole", "mia"]
    assert done["ETag"] == f'W/"{Partnership.objects.get(pk=pk).version}"'
    assert token_client(world, "vic").get(f"/api/v1/partnerships/{pk}").status_code == 404
    assert AuditRecord.objects.filter(action="partnership_team_update").count() == 1


@pytest.mark.parametrize(
    ("members", "path"),
    [
        ([{"username": "nobody"}], "members[0].username"),
        ([{"username": "pat"}], "members[0].username"),  # partner users are never on a team
        ([{"username": "cole"}, {"username": "cole"}], "members[1].username"),
    ],
)
def test_a_refused_team_names_the_member(world, members, path):
    pk = world["Atlas"]
    response = token_client(world, "mia").put(
        f"/api/v1/partnerships/{pk}/team",
        {"confidential": False, "members": members},
        content_type="application/json",
        **_if_match(pk),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == path
    assert list(
        Partnership.objects.get(pk=pk).members.values_list("user__username", flat=True)
    ) == ["cole"]


def test_a_team_set_on_a_stale_copy_is_refused(world):
    pk = world["Atlas"]
    response = token_client(world, "mia").put(
        f"/api/v1/partnerships/{pk}/team",
        {"confidential": False, "members": []},
        content_type="application/json",
        HTTP_IF_MATCH='W/"99"',
    )
    assert response.status_code == 412
    assert Partnership.objects.get(pk=pk).members.count() == 1
