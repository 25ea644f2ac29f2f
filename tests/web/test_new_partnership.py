"""A partnership created from nothing in the pages: two partners (one new organization),
type, category, stage, dates and owner; names in use refused alike; who may create."""

from __future__ import annotations

import pytest

from partnerfolio.accounts.names import NOT_AVAILABLE
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.models import Partnership
from tests.people import signed_in as client_for
from tests.web.test_records import three_partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> dict[str, int]:
    return three_partnerships()


def test_a_manager_creates_a_partnership_with_an_existing_and_a_new_partner(world):
    mia = client_for("mia")
    listing = mia.get("/partnerships/").content.decode()
    assert 'href="/partnerships/new/">New partnership</a>' in listing
    form = mia.get("/partnerships/new/").content.decode()
    assert 'value="Atlas Partner Co"' in form
    assert "Cobalt Partner Co" not in form  # hidden with its confidential partnership
    assert '<option value="proposed" selected>Proposed</option>' in form
    response = mia.post(
        "/partnerships/new/",
        {"name": "Delta data alliance", "partners": ["Atlas Partner Co"],
         "new_partners": "Delta Systems\n\n", "type": "tactical", "category": "technological",
         "stage": "negotiation", "started_on": "2026-11-01", "planned_end_on": "2027-10-31",
         "owner": "Dana Reyes"},
    )  # fmt: skip
    created = Partnership.objects.get(name="Delta data alliance")
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/{created.pk}/"
    assert [p.name for p in created.partners.order_by("memberships__position")] == [
        "Atlas Partner Co",
        "Delta Systems",
    ]
    assert (created.type, created.category, created.stage) == (
        "tactical",
        "technological",
        "negotiation",
    )
    assert (str(created.started_on), str(created.planned_end_on)) == ("2026-11-01", "2027-10-31")
    assert created.owner == "Dana Reyes"
    assert PartnerOrganization.objects.filter(name="Delta Systems").exists()
    assert AuditRecord.objects.filter(action="partnership_import", entity_id=created.pk).exists()
    page = mia.get(response["Location"]).content.decode()
    assert "Created Delta data alliance as a tactical partnership." in page
    assert "with Atlas Partner Co, Delta Systems" in page


@pytest.mark.parametrize("name", ["Cobalt", "Birch"])
def test_a_name_in_use_is_refused_alike_whoever_holds_it(world, name):
    response = client_for("mia").post("/partnerships/new/", {"name": name, "stage": "proposed"})
    assert response.status_code == 409
    html = response.content.decode()
    assert f'<p class="error" id="id_name-error">{NOT_AVAILABLE}</p>' in html
    assert Partnership.objects.filter(name=name).count() == 1


def test_a_hidden_organization_named_as_new_is_not_attached(world):
    response = client_for("mia").post(
        "/partnerships/new/",
        {"name": "Echo", "stage": "proposed", "new_partners": "Cobalt Partner Co"},
    )
    assert response.status_code == 409
    assert NOT_AVAILABLE in response.content.decode()
    assert not Partnership.objects.filter(name="Echo").exists()


def test_bad_input_names_the_field_and_creates_nothing(world):
    mia = client_for("mia")
    response = mia.post(
        "/partnerships/new/",
        {"name": "", "stage": "started", "started_on": "1/11/2026", "partners": ["Nobody Co"]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<p class="error" id="id_name-error">This field is required.</p>' in html
    assert "must be a date written YYYY-MM-DD, got &#x27;1/11/2026&#x27;" in html
    assert "Select a valid choice. started is not one of the available choices." in html
    assert "Select a valid choice. Nobody Co is not one of the available choices." in html
    assert Partnership.objects.count() == 3


@pytest.mark.parametrize(("person", "status"), [("cole", 403), ("vic", 403), ("pat", 404)])
def test_only_managers_and_administrators_create(world, person, status):
    client = client_for(person)
    assert client.get("/partnerships/new/").status_code == status
    assert (
        client.post("/partnerships/new/", {"name": "X", "stage": "proposed"}).status_code == status
    )
    assert not Partnership.objects.filter(name="X").exists()
    if person != "pat":
        assert "/partnerships/new/" not in client.get("/partnerships/").content.decode()


def test_with_many_organizations_the_partners_are_named_not_ticked(world, monkeypatch):
    from partnerfolio.partnerships import creation

    monkeypatch.setattr(creation, "CHECKBOX_LIMIT", 1)  # Atlas's and Birch's partners: two
    mia = client_for("mia")
    page = mia.get("/partnerships/new/").content.decode()
    assert 'type="checkbox" name="partners"' not in page
    assert "Existing partner organizations, one per line" in page
    refused = mia.post("/partnerships/new/", {"name": "Echo", "stage": "proposed",
                                             "partners": "Atlas Partner Co\nCobalt Partner Co"})  # fmt: skip
    assert refused.status_code == 400
    assert (
        "no partner organization is named &#x27;Cobalt Partner Co&#x27;" in refused.content.decode()
    )
    created = mia.post("/partnerships/new/", {"name": "Echo", "stage": "proposed",
                                             "partners": "Atlas Partner Co\n"})  # fmt: skip
    assert created.status_code == 302
    echo = Partnership.objects.get(name="Echo")
    assert list(echo.partners.values_list("name", flat=True)) == ["Atlas Partner Co"]
