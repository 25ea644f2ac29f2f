"""Teams from the identity provider's groups: a manager links groups to a partnership's
team on its Team page; each sign-in joins and leaves the teams the person's groups say;
memberships made by hand and owners are never taken away by a sign-in; all audited."""

from __future__ import annotations

import pytest

from partnerfolio.accounts import access
from partnerfolio.accounts.models import User
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partnerships import team_groups
from partnerfolio.partnerships.errors import InvalidChange
from partnerfolio.partnerships.models import Partnership, TeamGroup, TeamMember
from tests.people import signed_in
from tests.web.test_records import three_partnerships

pytestmark = pytest.mark.django_db
ISSUER = "https://sso.example.org"


@pytest.fixture
def world(db) -> dict[str, int]:
    return three_partnerships()


def link(pk: int, *groups: str) -> Partnership:
    partnership = Partnership.objects.get(pk=pk)
    return team_groups.partnership_team_groups_set(
        actor="test", partnership=partnership, expected_version=partnership.version,
        groups=list(groups),
    )  # fmt: skip


def teams(user: User) -> dict[int, str]:
    return dict(TeamMember.objects.filter(user=user).values_list("partnership_id", "via_group"))


def test_a_sign_in_joins_the_teams_of_the_persons_groups_and_leaves_them_after(world):
    atlas, birch, cobalt = world["Atlas"], world["Birch"], world["Cobalt"]
    link(birch, "pf-team-birch")
    link(cobalt, "pf-team-cobalt", "pf-alliances")
    vic = User.objects.get(username="vic")
    assert not access.visible_partnerships(vic).filter(pk=cobalt).exists()
    versions = dict(Partnership.objects.values_list("pk", "version"))

    team_groups.sso_team_sync(user=vic, groups=["pf-alliances", "pf-team-birch", "other"],
                              provider="Example")  # fmt: skip
    assert teams(vic) == {birch: "pf-team-birch", cobalt: "pf-alliances"}
    assert access.visible_partnerships(vic).filter(pk=cobalt).exists()  # confidential: a team's
    now = dict(Partnership.objects.values_list("pk", "version"))
    assert (now[birch], now[cobalt], now[atlas]) == (
        versions[birch] + 1, versions[cobalt] + 1, versions[atlas],
    )  # fmt: skip
    joined = AuditRecord.objects.filter(action="sso_team_join").order_by("partnership_id")
    assert [(r.partnership_id, r.after["group"], r.actor_id) for r in joined] == [
        (birch, "pf-team-birch", vic.pk), (cobalt, "pf-alliances", vic.pk),
    ]  # fmt: skip

    again = AuditRecord.objects.count()
    team_groups.sso_team_sync(
        user=vic, groups=["pf-alliances", "pf-team-birch"], provider="Example"
    )
    assert AuditRecord.objects.count() == again  # nothing changed, nothing written

    # out of the cobalt groups at the provider: off its team, at the next sign-in
    team_groups.sso_team_sync(user=vic, groups=["pf-team-birch"], provider="Example")
    assert teams(vic) == {birch: "pf-team-birch"}
    assert not access.visible_partnerships(vic).filter(pk=cobalt).exists()
    left = AuditRecord.objects.get(action="sso_team_leave")
    assert (left.partnership_id, left.after) == (cobalt, {"user": "vic", "group": "pf-alliances"})


def test_a_membership_made_by_hand_and_an_owner_stay_whatever_the_groups(world):
    atlas, cobalt = world["Atlas"], world["Cobalt"]
    cole = User.objects.get(username="cole")  # on Atlas's and Cobalt's teams, by hand
    link(atlas, "pf-team-atlas")
    team_groups.sso_team_sync(user=cole, groups=[], provider="Example")
    assert teams(cole) == {atlas: "", cobalt: ""}

    mia = User.objects.get(username="mia")
    team_groups.sso_team_sync(user=mia, groups=["pf-team-atlas"], provider="Example")
    TeamMember.objects.filter(user=mia).update(owner=True)
    team_groups.sso_team_sync(user=mia, groups=[], provider="Example")
    assert teams(mia) == {atlas: "pf-team-atlas"}  # the owner stays on the team


def test_partner_users_and_deactivated_accounts_are_never_put_on_a_team(world):
    link(world["Atlas"], "pf-team-atlas")
    pat = User.objects.get(username="pat")
    gone = User.objects.create_user("gone", role="viewer", is_active=False)
    for user in (pat, gone):
        team_groups.sso_team_sync(user=user, groups=["pf-team-atlas"], provider="Example")
        assert teams(user) == {}


def test_unlinking_a_group_takes_its_people_off_the_team_at_once(world):
    birch = world["Birch"]
    link(birch, "pf-team-birch")
    vic, mia = User.objects.get(username="vic"), User.objects.get(username="mia")
    for user in (vic, mia):
        team_groups.sso_team_sync(user=user, groups=["pf-team-birch"], provider="Example")
    TeamMember.objects.filter(user=mia).update(owner=True)

    link(birch)
    assert teams(vic) == {}
    assert teams(mia) == {birch: ""}  # an owner stays, now as if put there by hand
    record = AuditRecord.objects.filter(action="partnership_team_groups_set").last()
    assert (record.before, record.after) == (
        {"team_groups": ["pf-team-birch"]}, {"team_groups": [], "left": ["vic"]},
    )  # fmt: skip


def test_the_groups_are_checked_and_a_stale_copy_is_refused(world):
    birch = Partnership.objects.get(pk=world["Birch"])
    with pytest.raises(InvalidChange) as refused:
        team_groups.partnership_team_groups_set(
            actor="test", partnership=birch, expected_version=birch.version,
            groups=["x" * 201, *(f"g{n}" for n in range(20))],
        )  # fmt: skip
    assert [p.message for p in refused.value.problems] == [
        f"a group's name has at most 200 characters: {'x' * 40}…", "at most 20 groups",
    ]  # fmt: skip
    assert not TeamGroup.objects.exists()
    link(world["Birch"], "pf-a")
    with pytest.raises(Exception, match="changed by someone else"):
        team_groups.partnership_team_groups_set(
            actor="test", partnership=birch, expected_version=birch.version, groups=["pf-b"]
        )
    assert team_groups.linked_groups(birch) == ["pf-a"]


def _team_form(pk: int, **fields):
    version = Partnership.objects.get(pk=pk).version
    return {"version": version, **fields}


def test_the_team_page_links_groups_when_people_sign_in_with_a_provider(world, settings):
    birch = world["Birch"]
    page = signed_in("mia").get(f"/partnerships/{birch}/team/").content.decode()
    assert "Groups at the identity provider" not in page  # no provider: nothing to link

    settings.PARTNERFOLIO_OIDC_ISSUER = ISSUER
    page = signed_in("mia").get(f"/partnerships/{birch}/team/").content.decode()
    assert "Groups at the identity provider" in page
    answer = signed_in("mia").post(
        f"/partnerships/{birch}/team/", _team_form(birch, team_groups="pf-team-birch\n\n pf-x \n")
    )
    assert answer.status_code == 302
    assert team_groups.linked_groups(Partnership.objects.get(pk=birch)) == ["pf-team-birch", "pf-x"]

    vic = User.objects.get(username="vic")
    team_groups.sso_team_sync(user=vic, groups=["pf-x"], provider="Example")
    page = signed_in("mia").get(f"/partnerships/{birch}/team/").content.decode()
    assert "(through the group pf-x)" in page
    assert "pf-team-birch\npf-x</textarea>" in page

    bad = signed_in("mia").post(
        f"/partnerships/{birch}/team/", _team_form(birch, team_groups="y" * 201)
    )
    assert bad.status_code == 400
    assert "at most 200 characters" in bad.content.decode()
    assert team_groups.linked_groups(Partnership.objects.get(pk=birch)) == ["pf-team-birch", "pf-x"]


def test_only_those_who_govern_the_partnership_link_groups(world, settings):
    settings.PARTNERFOLIO_OIDC_ISSUER = ISSUER
    birch, cobalt = world["Birch"], world["Cobalt"]
    for who, pk, status in (("cole", birch, 403), ("vic", birch, 403), ("pat", birch, 404),
                            ("vic", cobalt, 404), ("anonymous", birch, 302)):  # fmt: skip
        answer = signed_in(who).post(
            f"/partnerships/{pk}/team/", _team_form(pk, team_groups="pf-x")
        )
        assert answer.status_code == status, who
    assert not TeamGroup.objects.exists()
