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
from tests.sso.saml.conftest import ACS, NAME, PASSWORD, person
from tests.sso.saml.idp import SamlIdentityProvider

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
    page.wait_for_load_state()
    form = posted.value.post_data_json or {}
    return answer.value.status, form.get("SAMLResponse", "")


def signed_in_as(page: Page) -> str | None:
    page.goto("/accounts/")
    who = page.locator("header a.who")
    return who.inner_text() if who.count() else None


def actions(user: User) -> list[str]:
    return list(
        AuditRecord.objects.filter(entity="user", entity_id=user.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )


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
