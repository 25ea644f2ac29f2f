"""Partner organizations created and completed in the pages, by managers and
administrators, on a fresh copy; hidden ones answer 404; names in use refused alike."""

from __future__ import annotations

import re

import pytest

from partnerfolio.accounts.names import NOT_AVAILABLE
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partners import services
from partnerfolio.partners.models import PartnerOrganization
from tests.people import signed_in as client_for
from tests.web.test_records import form_values, three_partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> dict[str, int]:
    return three_partnerships()


def test_an_organization_an_import_created_is_completed_afterwards(world):
    atlas_co = PartnerOrganization.objects.get(name="Atlas Partner Co")
    mia = client_for("mia")
    assert (
        f'href="/partners/{atlas_co.pk}/edit/">Edit details</a>'
        in mia.get(f"/partners/{atlas_co.pk}/").content.decode()
    )
    form = form_values(mia.get(f"/partners/{atlas_co.pk}/edit/").content.decode())
    assert form["name"] == "Atlas Partner Co"
    response = mia.post(
        f"/partners/{atlas_co.pk}/edit/",
        {**form, "sector": "private", "assets": "Data platform\nEU customers",
         "competes_with_us": "yes", "competes_in": "analytics"},
    )  # fmt: skip
    assert response.status_code == 302
    atlas_co.refresh_from_db()
    assert (atlas_co.sector, atlas_co.assets, atlas_co.competes_with_us, atlas_co.competes_in) == (
        "private",
        ["Data platform", "EU customers"],
        True,
        ["analytics"],
    )
    record = AuditRecord.objects.get(action="partner_organization_update", entity_id=atlas_co.pk)
    assert record.before == {"name": "Atlas Partner Co"}
    assert record.after["competes_in"] == ["analytics"]
    page = mia.get(f"/partners/{atlas_co.pk}/").content.decode()
    assert "Saved Atlas Partner Co." in page
    assert "Data platform, EU customers" in page
    # a blank clears
    form = form_values(mia.get(f"/partners/{atlas_co.pk}/edit/").content.decode())
    assert (
        mia.post(f"/partners/{atlas_co.pk}/edit/", {**form, "competes_in": ""}).status_code == 302
    )
    atlas_co.refresh_from_db()
    assert atlas_co.competes_in == []


def test_an_edit_on_a_stale_copy_is_refused(world):
    atlas_co = PartnerOrganization.objects.get(name="Atlas Partner Co")
    mia = client_for("mia")
    form = form_values(mia.get(f"/partners/{atlas_co.pk}/edit/").content.decode())
    services.partner_organization_update(
        actor="someone", organization=atlas_co, expected_version=atlas_co.version,
        changes={"sector": "public"},
    )  # fmt: skip
    response = mia.post(f"/partners/{atlas_co.pk}/edit/", {**form, "sector": "private"})
    assert response.status_code == 409
    assert "changed by someone else since you opened it" in response.content.decode()
    atlas_co.refresh_from_db()
    assert atlas_co.sector == "public"


def test_a_new_organization_and_names_in_use(world):
    mia = client_for("mia")
    assert (
        'href="/partners/new/">New partner organization</a>'
        in mia.get("/partners/").content.decode()
    )
    created = mia.post("/partners/new/", {"name": "Fresh Co", "sector": "academic"})
    fresh = PartnerOrganization.objects.get(name="Fresh Co")
    assert created["Location"] == f"/partners/{fresh.pk}/"
    assert fresh.sector == "academic"
    assert "Created Fresh Co." in mia.get(created["Location"]).content.decode()
    assert AuditRecord.objects.filter(
        action="partner_organization_create", entity_id=fresh.pk
    ).exists()
    pages = []
    for name in ("Cobalt Partner Co", "Birch Partner Co"):  # hidden from mia, seen by her
        response = mia.post("/partners/new/", {"name": name})
        assert response.status_code == 409
        assert (
            f'<p class="error" id="id_name-error">{NOT_AVAILABLE}</p>' in response.content.decode()
        )
        renamed = mia.post(f"/partners/{fresh.pk}/edit/", {"name": name, "version": fresh.version})
        assert renamed.status_code == 409
        pages.append(
            re.sub(
                r'value="[^"]{30,}"|"X-CSRFToken": "[^"]+"',
                "",
                response.content.decode().replace(name, "N"),
            )
        )
    assert pages[0] == pages[1]
    assert PartnerOrganization.objects.get(pk=fresh.pk).name == "Fresh Co"


@pytest.mark.parametrize(("person", "status"), [("cole", 403), ("vic", 403), ("pat", 404)])
def test_only_managers_and_administrators_change_organizations(world, person, status):
    atlas_co = PartnerOrganization.objects.get(name="Atlas Partner Co")
    client = client_for(person)
    assert client.get("/partners/new/").status_code == status
    assert client.post("/partners/new/", {"name": "X Co"}).status_code == status
    assert client.post(
        f"/partners/{atlas_co.pk}/edit/", {"name": "Y", "version": 1}
    ).status_code in (status, 404)
    assert not PartnerOrganization.objects.filter(name__in=("X Co", "Y")).exists()


def test_a_hidden_organization_answers_404(world):
    cobalt_co = PartnerOrganization.objects.get(name="Cobalt Partner Co")
    mia = client_for("mia")
    assert mia.get(f"/partners/{cobalt_co.pk}/edit/").status_code == 404
    assert (
        mia.post(f"/partners/{cobalt_co.pk}/edit/", {"name": "Z", "version": 1}).status_code == 404
    )
    assert client_for("ada").get(f"/partners/{cobalt_co.pk}/edit/").status_code == 200
