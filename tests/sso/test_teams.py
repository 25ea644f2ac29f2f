"""Teams from groups, end to end: the groups the real provider sends at each sign-in put
the person on the teams of the partnerships linked to them, and take them off again."""

from __future__ import annotations

from typing import Any

import pytest

from partnerfolio.accounts.models import User
from partnerfolio.partnerships import services, team_groups
from partnerfolio.partnerships.models import TeamMember
from tests.sso.conftest import IdentityProvider
from tests.sso.test_oidc import person, sso_sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_groups_at_each_sign_in_set_the_persons_teams(
    sso: IdentityProvider, browse: Any
) -> None:
    made = services.partnership_import(
        actor="test",
        document={"name": "Northwind", "type": "tactical", "category": "technological",
                  "stage": "active", "started_on": "2026-01-01",
                  "partners": [{"name": "Northwind Co"}]},
    )  # fmt: skip
    team_groups.partnership_team_groups_set(
        actor="test", partnership=made, expected_version=made.version, groups=["pf-northwind"]
    )
    sso.set_people({"lu": person("lu@example.org", "pf-contributors", "pf-northwind")})
    assert sso_sign_in(browse(), "lu") == 302
    lu = User.objects.get(email="lu@example.org")
    assert list(
        TeamMember.objects.filter(user=lu).values_list("partnership__name", "via_group")
    ) == [("Northwind", "pf-northwind")]
    page = browse()
    sso.set_people({"lu": person("lu@example.org", "pf-contributors")})
    assert sso_sign_in(page, "lu") == 302
    assert not TeamMember.objects.filter(user=lu).exists()
    answer = page.goto(f"/partnerships/{made.pk}/edit/")
    assert answer is not None
    assert answer.status == 403  # a contributor off its team may no longer edit it
