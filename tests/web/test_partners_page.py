"""The partners of a partnership, added, removed and reordered in the page."""

from __future__ import annotations

import re

import pytest

from partnerfolio.accounts.names import NOT_AVAILABLE
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.memberships import partner_names
from partnerfolio.partnerships.models import Partnership
from tests.people import signed_in as client_for
from tests.web.test_records import three_partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> dict[str, int]:
    return three_partnerships()


def _buttons(html: str) -> dict[str, dict[str, object]]:
    """Each button of the page: its label → the fields its form posts."""
    found = {}
    for body in re.findall(r'<form class="button-form" method="post">(.*?)</form>', html, re.S):
        text = re.sub(
            r"<[^>]+>", "", re.search(r"<button[^>]*>(.*?)</button>", body, re.S).group(1)
        )
        found[text.strip()] = {
            "version": re.search(r'name="version" value="(\d+)"', body).group(1),
            "partners": re.findall(r'name="partners" value="([^"]*)"', body),
        }
    return found


def test_a_manager_adds_reorders_and_removes_partners(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    mia = client_for("mia")
    url = f"/partnerships/{atlas.pk}/partners/"
    page = mia.get(url).content.decode()
    assert '<option value="Birch Partner Co">Birch Partner Co</option>' in page
    assert "Cobalt Partner Co" not in page  # hidden: not offered
    add = {"version": atlas.version, "partners": ["Atlas Partner Co"]}
    assert mia.post(url, {**add, "add_existing": "Birch Partner Co"}).status_code == 302
    atlas.refresh_from_db()
    assert mia.post(url, {"version": atlas.version, "partners": partner_names(atlas),
                          "add_new": "Nova Labs"}).status_code == 302  # fmt: skip
    assert partner_names(atlas) == ["Atlas Partner Co", "Birch Partner Co", "Nova Labs"]
    assert (
        AuditRecord.objects.filter(
            action="partner_organization_create", note="named as a partner of Atlas"
        ).count()
        == 1
    )
    buttons = _buttons(mia.get(url).content.decode())
    assert buttons["Up: Nova Labs"]["partners"] == [
        "Atlas Partner Co",
        "Nova Labs",
        "Birch Partner Co",
    ]
    assert mia.post(url, buttons["Up: Nova Labs"]).status_code == 302
    assert partner_names(atlas) == ["Atlas Partner Co", "Nova Labs", "Birch Partner Co"]
    buttons = _buttons(mia.get(url).content.decode())
    assert "Up: Atlas Partner Co" not in buttons
    assert "Down: Birch Partner Co" not in buttons
    assert mia.post(url, buttons["Remove: Atlas Partner Co"]).status_code == 302
    assert partner_names(atlas) == ["Nova Labs", "Birch Partner Co"]
    last = AuditRecord.objects.filter(action="partnership_partners_set").order_by("id").last()
    assert last.before == {"partners": ["Atlas Partner Co", "Nova Labs", "Birch Partner Co"]}
    assert last.after == {"partners": ["Nova Labs", "Birch Partner Co"]}
    page = mia.get(f"/partnerships/{atlas.pk}/").content.decode()
    assert "with Nova Labs, Birch Partner Co" in page


def test_a_stale_button_is_refused_and_a_hidden_organization_never_attached(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    mia = client_for("mia")
    url = f"/partnerships/{atlas.pk}/partners/"
    stale = _buttons(mia.get(url).content.decode())["Remove: Atlas Partner Co"]
    assert mia.post(url, {"version": atlas.version, "partners": ["Atlas Partner Co"],
                          "add_new": "Other Co"}).status_code == 302  # fmt: skip
    response = mia.post(url, stale)
    assert response.status_code == 409
    assert "changed by someone else since you opened it" in response.content.decode()
    assert partner_names(atlas) == ["Atlas Partner Co", "Other Co"]
    atlas.refresh_from_db()
    hidden = mia.post(url, {"version": atlas.version, "partners": partner_names(atlas),
                            "add_new": "Cobalt Partner Co"})  # fmt: skip
    assert hidden.status_code == 409
    assert NOT_AVAILABLE in hidden.content.decode()
    assert partner_names(atlas) == ["Atlas Partner Co", "Other Co"]
    cobalt_co = PartnerOrganization.objects.get(name="Cobalt Partner Co")
    assert list(cobalt_co.memberships.values_list("partnership__name", flat=True)) == ["Cobalt"]


@pytest.mark.parametrize(("person", "get", "post"), [("vic", 200, 403), ("pat", 404, 404)])
def test_who_may_change_the_partners(world, person, get, post):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    client = client_for(person)
    url = f"/partnerships/{atlas.pk}/partners/"
    response = client.get(url)
    assert response.status_code == get
    if get == 200:
        assert "<form" not in response.content.decode().split("<main", 1)[1]
    assert client.post(url, {"version": atlas.version, "partners": []}).status_code == post
    assert partner_names(atlas) == ["Atlas Partner Co"]
    cobalt = world["Cobalt"]
    assert client_for("mia").get(f"/partnerships/{cobalt}/partners/").status_code == 404
