"""Signing in over SAML, for real: Chromium clicks our "Sign in with …" button, allauth sends
an AuthnRequest to pysaml2's identity provider, the person signs in on its login page, and
its signed assertion is posted back to our assertion consumer service."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import Page, expect

from partnerfolio.accounts.models import User
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partnerships import services, team_groups
from partnerfolio.partnerships.models import TeamMember
from tests.sso.saml.conftest import ACS, NAME, PASSWORD, person
from tests.sso.saml.idp import SamlIdentityProvider
from tests.sso.test_oidc import actions, signed_in_as

pytestmark = pytest.mark.django_db(transaction=True)
BUTTON = f"Sign in with {NAME}"
LOGIN_PAGE = re.compile(r"^http://127\.0\.0\.1:\d+/sso/redirect\?")


def to_idp(page: Page) -> str:
    """From our sign-in page to the IdP's login page; its SAMLRequest."""
    page.goto("/accounts/login/")
    page.get_by_role("button", name=BUTTON).click()
    page.wait_for_url(LOGIN_PAGE)
    return re.search(r"SAMLRequest=([^&]+)", page.url).group(1)


def saml_sign_in(page: Page, login: str, password: str = PASSWORD) -> tuple[int, str]:
    """The whole journey: the status of our ACS's second step (302 when it signs in), and
    the SAMLResponse the IdP posted to us."""
    to_idp(page)
    page.get_by_label("Username").fill(login)
    page.get_by_label("Password").fill(password)
    with (
        page.expect_request(lambda r: r.url.endswith(ACS) and r.method == "POST") as posted,
        page.expect_response(lambda r: "/acs/finish/" in r.url) as answer,
    ):
        page.get_by_role("button", name="Sign in").click()
    # the answer came; wait for the browser to be on it (or on where it redirects), not
    # still on the IdP's page, before the test navigates on
    ours = answer.value.url.split("/accounts/")[0]
    if answer.value.status in (301, 302, 303):
        page.wait_for_url(lambda url: url.startswith(ours) and "/acs/" not in url)
    else:
        page.wait_for_url(lambda url: "/acs/finish/" in url)
    page.wait_for_load_state()
    form = posted.value.post_data_json or {}
    return answer.value.status, form.get("SAMLResponse", "")


def test_a_first_sign_in_creates_the_account_with_the_mapped_role(
    saml: SamlIdentityProvider, browse: Any
) -> None:
    saml.set_people({"ana": person("ana.ruiz@example.org", "pf-managers", "pf-viewers")})
    page = browse()

    status, _ = saml_sign_in(page, "ana")
    assert status == 302
    expect(page).to_have_url(re.compile(r"/$"))  # the dashboard

    user = User.objects.get(email="ana.ruiz@example.org")
    assert (user.username, user.role, user.has_usable_password()) == ("ana.ruiz", "manager", False)
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("saml", "ana")  # the persistent NameID
    assert actions(user) == ["sso_user_create"]
    assert signed_in_as(page) == "ana.ruiz"


def test_a_group_change_at_the_idp_moves_the_role_at_the_next_sign_in(
    saml: SamlIdentityProvider, browse: Any
) -> None:
    saml.set_people({"bo": person("bo@example.org", "pf-viewers")})
    assert saml_sign_in(browse(), "bo")[0] == 302
    user = User.objects.get(email="bo@example.org")
    assert user.role == "viewer"

    saml.set_people({"bo": person("bo@example.org", "pf-viewers", "pf-admins")})
    assert saml_sign_in(browse(), "bo")[0] == 302
    user.refresh_from_db()
    assert user.role == "admin"
    change = AuditRecord.objects.get(entity_id=user.pk, action="sso_role_change")
    assert (change.before, change.after) == ({"role": "viewer"}, {"role": "admin"})
    assert NAME in change.note


def test_no_mapped_group_is_refused_and_changes_nothing(
    saml: SamlIdentityProvider, browse: Any
) -> None:
    saml.set_people({"eve": person("eve@example.org", "everyone")})
    page = browse()
    assert saml_sign_in(page, "eve")[0] == 403
    expect(page.get_by_role("alert")).to_contain_text("in none of the groups")
    assert not User.objects.filter(email="eve@example.org").exists()

    # an account of ours moved out of every mapped group keeps its role, unused
    saml.set_people({"eve": person("eve@example.org", "pf-contributors")})
    assert saml_sign_in(browse(), "eve")[0] == 302
    saml.set_people({"eve": person("eve@example.org", "everyone")})
    page = browse()
    assert saml_sign_in(page, "eve")[0] == 403
    assert signed_in_as(page) is None
    user = User.objects.get(email="eve@example.org")
    assert user.role == "contributor"
    assert actions(user) == ["sso_user_create"]


def test_cancelling_at_the_idp_is_said_plainly(saml: SamlIdentityProvider, browse: Any) -> None:
    page = browse()
    to_idp(page)
    with page.expect_response(lambda r: "/acs/finish/" in r.url) as answer:
        page.get_by_role("button", name="Cancel").click()
    page.wait_for_load_state()
    assert answer.value.status == 403
    expect(page.get_by_role("heading", name="Signing in did not work")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(f"Signing in at {NAME} was cancelled")
    assert signed_in_as(page) is None


def test_an_existing_account_is_linked_only_when_the_operator_vouches_for_the_addresses(
    saml: SamlIdentityProvider, browse: Any, settings: Any
) -> None:
    ours = User.objects.create_user("cleo", email="Cleo@example.org", role="viewer")
    saml.set_people({"cleo": person("cleo@example.org", "pf-managers")})
    page = browse()
    assert saml_sign_in(page, "cleo")[0] == 403
    expect(page.get_by_role("alert")).to_contain_text("cannot be joined")
    assert not SocialAccount.objects.exists()

    settings.PARTNERFOLIO_SAML_EMAIL_VERIFIED = True
    assert saml_sign_in(browse(), "cleo")[0] == 302
    ours.refresh_from_db()
    assert ours.role == "manager"
    assert SocialAccount.objects.get(user=ours).uid == "cleo"
    assert actions(ours) == ["sso_link", "sso_role_change"]
    assert User.objects.count() == 1


def test_the_sign_in_page_shows_both_providers_and_lets_both_forms_leave(
    saml: SamlIdentityProvider, browse: Any, settings: Any
) -> None:
    settings.PARTNERFOLIO_OIDC_ISSUER = "https://oidc.example.org"
    settings.PARTNERFOLIO_OIDC_NAME = "Example Corp OIDC"
    page = browse()
    answer = page.goto("/accounts/login/")
    expect(page.get_by_role("button", name="Sign in with Example Corp OIDC")).to_be_visible()
    expect(page.get_by_role("button", name=BUTTON)).to_be_visible()
    policy = answer.headers["content-security-policy"]
    form_action = re.search(r"form-action ([^;]*)", policy).group(1).split()
    assert "https://oidc.example.org" in form_action
    assert saml.base in form_action  # the IdP's sign-in address's origin


def test_the_saml_groups_set_the_persons_teams_too(saml: SamlIdentityProvider, browse: Any) -> None:
    """Teams from groups (partnerships.team_groups) through the same adapter code."""
    made = services.partnership_import(
        actor="test",
        document={"name": "Northwind", "type": "tactical", "category": "technological",
                  "stage": "active", "started_on": "2026-01-01",
                  "partners": [{"name": "Northwind Co"}]},
    )  # fmt: skip
    team_groups.partnership_team_groups_set(
        actor="test", partnership=made, expected_version=made.version, groups=["pf-northwind"]
    )
    saml.set_people({"lu": person("lu@example.org", "pf-contributors", "pf-northwind")})
    assert saml_sign_in(browse(), "lu")[0] == 302
    lu = User.objects.get(email="lu@example.org")
    assert list(
        TeamMember.objects.filter(user=lu).values_list("partnership__name", "via_group")
    ) == [("Northwind", "pf-northwind")]
    saml.set_people({"lu": person("lu@example.org", "pf-contributors")})
    assert saml_sign_in(browse(), "lu")[0] == 302
    assert not TeamMember.objects.filter(user=lu).exists()
