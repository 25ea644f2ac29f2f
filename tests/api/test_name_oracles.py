"""Names as oracles: a manager outside a confidential partnership's team (mia) guesses its
name, or its hidden partner's, in every place a name is chosen. Each answer is exactly
the answer for a name everyone sees (a refusal that does not say by what), nothing of
the hidden record is quoted or attached, and the attempt is logged for administrators
(docs/access.md, "Names"). Cobalt and Cobalt Secret Co are hidden from mia; Birch and
Birch Partner Co are seen by everyone.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from partnerfolio.accounts.models import User
from partnerfolio.accounts.names import NOT_AVAILABLE
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.models import Partnership, PartnershipPartner
from partnerfolio.spreadsheets.importing import run_import
from partnerfolio.spreadsheets.mappings import Mapping
from partnerfolio.spreadsheets.reading import Table, Workbook
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db
HIDDEN = {"partnership": "Cobalt", "organization": "Cobalt Secret Co"}
SEEN = {"partnership": "Birch", "organization": "Birch Partner Co"}


def _answer(response: Any) -> tuple[int, dict[str, Any]]:
    body = response.json()
    return response.status_code, {k: v for k, v in body.items() if k not in ("instance",)}


def _version(model: Any, pk: int) -> dict[str, str]:
    return {"HTTP_IF_MATCH": f'W/"{model.objects.get(pk=pk).version}"'}


def _attempts(world: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    client = token_client(world, "mia")
    atlas = world["Atlas"]
    atlas_co = PartnerOrganization.objects.get(name="Atlas Partner Co").pk
    json = "application/json"
    return {
        "create a partnership": client.post(
            "/api/v1/partnerships", {"name": names["partnership"]}, content_type=json
        ),
        "rename a partnership": client.patch(
            f"/api/v1/partnerships/{atlas}",
            {"name": names["partnership"]},
            content_type=json,
            **_version(Partnership, atlas),
        ),
        "create an organization": client.post(
            "/api/v1/organizations", {"name": names["organization"]}, content_type=json
        ),
        "rename an organization": client.patch(
            f"/api/v1/organizations/{atlas_co}",
            {"name": names["organization"]},
            content_type=json,
            **_version(PartnerOrganization, atlas_co),
        ),
    }


def test_a_hidden_name_is_refused_exactly_as_a_name_everyone_sees(world, caplog):
    before = (Partnership.objects.count(), PartnerOrganization.objects.count())
    with caplog.at_level(logging.WARNING, logger="partnerfolio.security"):
        seen = {what: _answer(r) for what, r in _attempts(world, SEEN).items()}
        # colliding with what one sees is not worth a security log line
        assert not [r for r in caplog.records if r.name == "partnerfolio.security"]
        hidden = {what: _answer(r) for what, r in _attempts(world, HIDDEN).items()}
    assert hidden == seen
    for what, (status, body) in hidden.items():
        assert status == 409, what
        assert body["errors"] == [{"field": "name", "message": NOT_AVAILABLE}], what
        assert "Cobalt" not in str(body)
    assert (Partnership.objects.count(), PartnerOrganization.objects.count()) == before
    assert Partnership.objects.get(pk=world["Atlas"]).name == "Atlas"
    # administrators can tell who tried which hidden record; the log names ids, not names
    mia = User.objects.get(username="mia")
    logged = [r.getMessage() for r in caplog.records if r.name == "partnerfolio.security"]
    assert len(logged) == 4
    assert all(f"account {mia.pk} chose the name of " in m for m in logged)
    assert not any("Cobalt" in m for m in logged)


def test_a_hidden_organization_named_as_a_partner_is_neither_attached_nor_described(world):
    hidden = PartnerOrganization.objects.get(name=HIDDEN["organization"])
    hidden.sector = "public"
    hidden.save()
    memberships = PartnershipPartner.objects.filter(partner=hidden).count()
    response = token_client(world, "mia").post(
        "/api/v1/partnerships",
        {"name": "Brand new deal", "partners": [{"name": hidden.name, "sector": "private"}]},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["errors"] == [{"field": "partners[0].name", "message": NOT_AVAILABLE}]
    assert "public" not in response.content.decode()  # its stored sector is not quoted
    assert not Partnership.objects.filter(name="Brand new deal").exists()
    assert PartnershipPartner.objects.filter(partner=hidden).count() == memberships
    # one everyone sees is attached as before; an administrator sees the hidden one
    assert (
        token_client(world, "mia")
        .post(
            "/api/v1/partnerships",
            {"name": "Open new deal", "partners": [{"name": SEEN["organization"]}]},
            content_type="application/json",
        )
        .status_code
        == 201
    )
    assert (
        token_client(world, "ada")
        .post(
            "/api/v1/partnerships",
            {"name": "Admin deal", "partners": [{"name": hidden.name}]},
            content_type="application/json",
        )
        .status_code
        == 201
    )


def test_an_import_by_the_page_refuses_hidden_names_in_the_same_words(world):
    mia = User.objects.get(username="mia")
    header = ["record", "name", "partners"]
    workbook = Workbook(
        tables=[
            Table(
                "Sheet1",
                header,
                [
                    (2, ["organization", HIDDEN["organization"], ""]),
                    (3, ["partnership", HIDDEN["partnership"], ""]),
                    (4, ["partnership", "Another deal", HIDDEN["organization"]]),
                ],
            )
        ]
    )
    report = run_import(workbook, Mapping(), actor=mia, user=mia, dry_run=True)
    assert [(i.row, i.reason) for i in report.issues] == [
        (2, NOT_AVAILABLE),
        (3, NOT_AVAILABLE),
        (4, f"'{HIDDEN['organization']}': {NOT_AVAILABLE}"),
    ]
    assert "Cobalt" not in " ".join(i.reason for i in report.issues if i.row != 4)
