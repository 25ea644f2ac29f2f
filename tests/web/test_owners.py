"""Owners are people: the owner, our executive sponsor and our relationship manager are
accounts of this installation or names of people without one; "My partnerships"; the
team page and the owner agree."""

from __future__ import annotations

import pytest

from partnerfolio.accounts.models import User
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partnerships import people, services
from partnerfolio.partnerships.errors import InvalidChange
from partnerfolio.partnerships.models import Partnership, TeamMember
from tests.people import signed_in as client_for
from tests.web.test_records import three_partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> dict[str, int]:
    records = three_partnerships()
    User.objects.filter(username="cole").update(first_name="Cole", last_name="Baker")
    return records


def _choose(client, pk: int, **fields: str):
    version = Partnership.objects.get(pk=pk).version
    body = {"owner_account": "", "owner": "", "executive_sponsor_account": "",
            "executive_sponsor": "", "relationship_manager_account": "",
            "relationship_manager": "", "version": version, **fields}  # fmt: skip
    return client.post(f"/partnerships/{pk}/people/", body)


def test_a_manager_chooses_accounts_and_names(world):
    atlas = world["Atlas"]
    cole, mia = User.objects.get(username="cole"), User.objects.get(username="mia")
    page = client_for("mia").get(f"/partnerships/{atlas}/people/").content.decode()
    assert "Cole Baker (cole)" in page
    assert "pat" not in page  # a partner user is no one's owner here
    answer = _choose(client_for("mia"), atlas, owner_account=str(cole.pk),
                     executive_sponsor_account=str(mia.pk), relationship_manager="Ravi Shah")  # fmt: skip
    assert answer.status_code == 302
    p = Partnership.objects.get(pk=atlas)
    assert (p.owner, p.owner_account, p.executive_sponsor, p.executive_sponsor_account) == (
        "Cole Baker", cole, "mia", mia,
    )  # fmt: skip
    assert (p.relationship_manager, p.relationship_manager_account) == ("Ravi Shah", None)
    assert TeamMember.objects.get(partnership=p, user=cole).owner
    record = AuditRecord.objects.get(action="partnership_people_set")
    assert record.after["owner_account"] == "cole"
    assert record.before["owner"] is None
    again = client_for("mia").get(f"/partnerships/{atlas}/people/").content.decode()
    assert f'<option value="{cole.pk}" selected>' in again
    shown = client_for("vic").get(f"/partnerships/{atlas}/").content.decode()
    assert "Owner: Cole Baker" in shown
    # another owner: Cole stays on the team, no longer its owner
    assert _choose(client_for("mia"), atlas, owner_account=str(mia.pk)).status_code == 302
    assert not TeamMember.objects.get(partnership=p, user=cole).owner
    assert TeamMember.objects.get(partnership=p, user=mia).owner


def test_an_account_and_a_name_for_one_role_are_refused(world):
    cole = User.objects.get(username="cole")
    answer = _choose(client_for("mia"), world["Atlas"], owner_account=str(cole.pk), owner="Sam")
    assert answer.status_code == 400
    assert "choose an account or write a name, not both" in answer.content.decode()
    stale = _choose(client_for("mia"), world["Atlas"], owner="Sam", version="0")
    assert stale.status_code == 409
    assert Partnership.objects.get(pk=world["Atlas"]).owner == ""


def test_writing_another_name_lets_the_account_go(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    cole = User.objects.get(username="cole")
    atlas = people.people_set(actor="test", partnership=atlas, expected_version=atlas.version,
                              people={"owner": cole})  # fmt: skip
    services.partnership_update(actor="test", partnership=atlas, expected_version=atlas.version,
                                changes={"governance": {"owner": "Sam Lee"}})  # fmt: skip
    atlas.refresh_from_db()
    assert (atlas.owner, atlas.owner_account) == ("Sam Lee", None)


def test_my_partnerships_on_the_list_and_the_dashboard(world):
    atlas, birch = (Partnership.objects.get(pk=world[n]) for n in ("Atlas", "Birch"))
    vic = User.objects.get(username="vic")
    people.people_set(actor="test", partnership=atlas, expected_version=atlas.version,
                      people={"relationship_manager": vic})  # fmt: skip
    client = client_for("vic")
    listed = client.get("/partnerships/", {"mine": "1"}).content.decode()
    assert "Atlas" in listed
    assert "Birch" not in listed
    assert "1 partnership" in listed
    dashboard = client.get("/").content.decode()
    assert "My partnerships (1)" in dashboard
    mine = client.get("/", {"mine": "1"}).content.decode()
    assert "<strong>1</strong> partnerships" in mine
    assert "<strong>3</strong> partnerships" in client_for("ada").get("/").content.decode()
    assert birch.name not in client.get("/", {"mine": "1"}).content.decode().split("</h1>")[1]


def test_the_team_page_keeps_the_owner_account_an_owner(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    cole = User.objects.get(username="cole")
    atlas = people.people_set(actor="test", partnership=atlas, expected_version=atlas.version,
                              people={"owner": cole})  # fmt: skip
    services.partnership_team_update(actor="test", partnership=atlas,
                                     expected_version=atlas.version, members={},
                                     confidential=False)  # fmt: skip
    assert TeamMember.objects.get(partnership=atlas, user=cole).owner


def test_a_new_partnership_is_owned_by_who_creates_it(world):
    mia = User.objects.get(username="mia")
    answer = client_for("mia").post(
        "/partnerships/new/",
        {"name": "Delta", "stage": "proposed", "owner_account": str(mia.pk)},
    )
    assert answer.status_code == 302
    delta = Partnership.objects.get(name="Delta")
    assert (delta.owner, delta.owner_account) == ("mia", mia)
    page = client_for("mia").get("/partnerships/new/").content.decode()
    assert f'<option value="{mia.pk}" selected>' in page


def test_who_may_choose_the_people(world):
    atlas, cobalt = world["Atlas"], world["Cobalt"]
    assert client_for("vic").get(f"/partnerships/{atlas}/people/").status_code == 403
    assert _choose(client_for("vic"), atlas, owner="Vic").status_code == 403
    assert client_for("mia").get(f"/partnerships/{cobalt}/people/").status_code == 404
    assert _choose(client_for("mia"), cobalt, owner="Mia").status_code == 404
    assert client_for("cole").get(f"/partnerships/{cobalt}/people/").status_code == 200
    pat = User.objects.get(username="pat")
    p = Partnership.objects.get(pk=atlas)
    with pytest.raises(InvalidChange, match="no active account of ours"):
        people.people_set(actor="test", partnership=p, expected_version=p.version,
                          people={"owner": pat})  # fmt: skip
