"""Signing out after a sign-in through the identity provider ends our session and, through
the provider's end-session endpoint (RP-initiated logout, with its confirmation page), the
provider's session: the next *Sign in with …* asks for the provider's login again."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from playwright.sync_api import Page, expect

from partnerfolio.accounts.models import User
from tests.browser.conftest import PASSWORD
from tests.sso.conftest import IdentityProvider
from tests.sso.test_oidc import BUTTON, person, signed_in_as, sso_sign_in

pytestmark = pytest.mark.django_db(transaction=True)
END_SESSION = re.compile(r"^http://127\.0\.0\.1:\d+/session/end(\?|$)")


def session_key(page: Page) -> str:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies[settings.SESSION_COOKIE_NAME]


def test_signing_out_ends_the_providers_session_too(
    sso: IdentityProvider, browse: Any, live_server: Any
) -> None:
    sso.set_people({"lea": person("lea@example.org", "pf-viewers")})
    page = browse()
    assert sso_sign_in(page, "lea") == 302
    assert signed_in_as(page) == "lea"
    ours = session_key(page)
    # the page's sign-out form may lead to the provider (browsers hold a form's redirects)
    answer = page.goto("/accounts/")
    assert answer is not None
    policy = answer.headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["form-action"] == ["'self'", sso.issuer]

    with page.expect_request(END_SESSION) as leaving:
        page.get_by_role("button", name="Sign out", exact=True).click()
    query = parse_qs(urlsplit(leaving.value.url).query)
    assert query["post_logout_redirect_uri"] == [f"{live_server.url}/accounts/login/"]
    assert query["id_token_hint"][0].count(".") == 2  # the ID token as the provider sent it
    assert not Session.objects.filter(session_key=ours).exists()  # ours is over already

    # the provider's confirmation page, then back to our sign-in page
    expect(page.get_by_role("heading", name=re.compile("Do you want to sign-out"))).to_be_visible()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert signed_in_as(page) is None

    # the provider asks who this is again: its session is over
    page.goto("/accounts/login/")
    page.get_by_role("button", name=BUTTON).click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/interaction/"))
    expect(page.locator("input[name=login]")).to_be_visible()


def test_without_signing_out_the_provider_lets_the_person_straight_through(
    sso: IdentityProvider, browse: Any
) -> None:
    """The control for the test above: the same browser, our cookies gone but the
    provider's kept, is not asked for the provider's login again."""
    sso.set_people({"max": person("max@example.org", "pf-viewers")})
    page = browse()
    assert sso_sign_in(page, "max") == 302
    page.context.clear_cookies(domain=urlsplit(page.url).hostname)  # ours only
    page.goto("/accounts/login/")
    page.get_by_role("button", name=BUTTON).click()
    page.wait_for_load_state()
    expect(page.locator("input[name=login]")).to_have_count(0)


def test_a_password_sign_in_signs_out_here_only(sso: IdentityProvider) -> None:
    User.objects.create_user("ned", "ned@example.org", PASSWORD, role="viewer")
    client = Client()
    client.post("/accounts/login/", {"username": "ned", "password": PASSWORD})
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_signing_out_stays_a_post(sso: IdentityProvider) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_user("oz", "oz@example.org", PASSWORD))
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 403  # no CSRF token
    assert "_auth_user_id" in client.session
