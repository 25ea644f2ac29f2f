"""The import pages and the downloads, person by person."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnerfolio.accounts.models import User
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership, TeamMember
from partnerfolio.spreadsheets.models import PendingImport, SavedMapping
from tests.spreadsheets.conftest import PORTFOLIO, csv_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> dict[str, int]:
    records = {}
    for name, partner, confidential in (
        ("Atlas", "Atlas Partner Co", False),
        ("Cobalt", "Cobalt Secret Co", True),
    ):
        p = services.partnership_import(
            actor="test",
            document={
                "name": name,
                "type": "tactical",
                "stage": "active",
                "partners": [{"name": partner}],
            },
        )
        Partnership.objects.filter(pk=p.pk).update(confidential=confidential)
        records[name] = p.pk
    User.objects.create_superuser(username="ada", password="x" * 16, email="")
    User.objects.create_user(username="mia", password="x" * 16, role="manager")
    cole = User.objects.create_user(username="cole", password="x" * 16, role="contributor")
    User.objects.create_user(username="vic", password="x" * 16, role="viewer")
    User.objects.create_user(
        username="pat",
        password="x" * 16,
        role="partner",
        organization=PartnerOrganization.objects.get(name="Atlas Partner Co"),
    )
    TeamMember.objects.create(partnership_id=records["Cobalt"], user=cole)
    return records


def client_for(person: str) -> Client:
    client = Client()
    if person != "anonymous":
        client.force_login(User.objects.get(username=person))
    return client


def upload(client: Client, data: bytes, name: str = "p.csv", **extra: str):
    return client.post("/spreadsheets/import/", {"file": SimpleUploadedFile(name, data), **extra})


@pytest.mark.parametrize(
    ("person", "status"),
    [("ada", 200), ("mia", 200), ("cole", 403), ("vic", 403), ("pat", 404), ("anonymous", 302)],
)
def test_who_may_import(world, person, status):
    response = client_for(person).get("/spreadsheets/import/")
    assert response.status_code == status
    if person == "anonymous":
        assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_upload_preview_then_confirm(world):
    client = client_for("mia")
    response = upload(client, csv_text(PORTFOLIO).encode())
    assert response.status_code == 302
    review = response["Location"]
    page = client.get(review)
    assert page.status_code == 200
    assert b"What the import would do" in page.content
    assert b"Acme data alliance" in page.content
    assert not Partnership.objects.filter(name="Acme data alliance").exists()
    done = client.post(review, {"action": "import", "kind": "", "save_as": "Our sheet"})
    assert done.status_code == 200, done.content
    assert Partnership.objects.filter(name="Acme data alliance").exists()
    assert SavedMapping.objects.filter(name="Our sheet").exists()
    assert not PendingImport.objects.exists()


def test_mapping_a_column_by_hand(world):
    client = client_for("mia")
    data = csv_text([["Deal", "Org", "Worth"], ["Big deal", "Atlas", "5000"]]).encode()
    review = upload(client, data, kind="opportunity")["Location"]
    page = client.get(review)
    assert b"Org" in page.content
    assert b"(not used)" in page.content
    response = client.post(
        review,
        {
            "action": "import",
            "kind": "opportunity",
            "col-p.csv-0": "title",
            "col-p.csv-1": "partnership",
            "col-p.csv-2": "value",
        },
    )
    assert response.status_code == 200, response.content.decode()
    opportunity = Partnership.objects.get(name="Atlas").opportunities.get()
    assert (opportunity.title, opportunity.value) == ("Big deal", 5000)


def test_a_bad_row_is_listed_and_nothing_written(world):
    client = client_for("mia")
    rows = [
        ["Record", "Partnership", "On", "Kind"],
        ["engagement", "Atlas", "2025-13-01", "check_in"],
    ]
    review = upload(client, csv_text(rows).encode())["Location"]
    response = client.post(review, {"action": "import"})
    assert response.status_code == 400
    assert b"Nothing was imported" in response.content
    assert b"not a real date" in response.content
    assert not Partnership.objects.get(name="Atlas").engagements.exists()


def test_a_manager_cannot_reach_a_confidential_partnership_through_an_import(world):
    client = client_for("mia")
    rows = [
        ["Record", "Partnership", "On", "Kind"],
        ["engagement", "Cobalt", "2025-01-01", "check_in"],
    ]
    review = upload(client, csv_text(rows).encode())["Location"]
    response = client.post(review, {"action": "import"})
    assert response.status_code == 400
    assert b"no partnership named" in response.content


def test_hostile_uploads_answer_400(world, settings):
    client = client_for("mia")
    response = upload(client, b"\x81\x8d\x90", "bad.csv")
    assert response.status_code == 400
    assert b"cannot decode the file" in response.content
    settings.PARTNERFOLIO_SPREADSHEET_MAX_BYTES = 10
    response = upload(client, b"Name\r\nAtlas Two\r\n", "big.csv")
    assert response.status_code == 400
    assert b"file too large" in response.content


def test_someone_elses_upload_is_not_found(world):
    review = upload(client_for("mia"), csv_text(PORTFOLIO).encode())["Location"]
    assert client_for("ada").get(review).status_code == 404


EXPORTS = (
    "/spreadsheets/export/partnerships.csv",
    "/spreadsheets/export/partnerships.xlsx",
    "/spreadsheets/export/partnerships.json",
    "/spreadsheets/export/portfolio.csv",
    "/spreadsheets/export/portfolio.xlsx",
    "/spreadsheets/export/portfolio.json",
)


def _names(response) -> set[str]:
    if response["Content-Type"] == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
        return {json.loads(archive.read(n))["name"] for n in archive.namelist()}
    if response["Content-Type"].startswith("text/csv"):
        text = response.getvalue().decode("utf-8-sig")
        return {n for n in ("Atlas", "Cobalt") if n in text}
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    cells = {str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row}
    return {n for n in ("Atlas", "Cobalt") if n in cells}


@pytest.mark.parametrize("url", EXPORTS)
def test_exports_hold_only_what_the_person_may_see(world, url):
    assert _names(client_for("ada").get(url)) == {"Atlas", "Cobalt"}
    assert _names(client_for("cole").get(url)) == {"Atlas", "Cobalt"}
    assert _names(client_for("vic").get(url)) == {"Atlas"}
    assert client_for("pat").get(url).status_code == 404
    assert client_for("anonymous").get(url).status_code == 302


def test_the_list_export_follows_the_list_filters(world):
    services.partnership_import(actor="t", document={"name": "Delta", "type": "strategic"})
    response = client_for("vic").get("/spreadsheets/export/partnerships.csv?type=strategic")
    text = response.getvalue().decode("utf-8-sig")
    assert "Delta" in text
    assert "Atlas" not in text


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", "/scorecard.csv", "/scorecard.xlsx"])
def test_a_partnership_export_honours_access(world, suffix):
    cobalt = f"/spreadsheets/export/partnerships/{world['Cobalt']}{suffix}"
    atlas = f"/spreadsheets/export/partnerships/{world['Atlas']}{suffix}"
    assert client_for("vic").get(cobalt).status_code == 404
    assert client_for("mia").get(cobalt).status_code == 404
    assert client_for("cole").get(cobalt).status_code == 200
    assert client_for("vic").get(atlas).status_code == 200
    assert client_for("pat").get(atlas).status_code == 404
