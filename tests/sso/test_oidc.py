"""Signing in with the company's identity provider, for real: Chromium clicks our "Sign in
with …" button, signs in on oidc-provider's own login page, gives consent on its consent
page, and comes back to Partnerfolio, through allauth's authorization code flow with PKCE,
discovery, a nonce, the state, and the ID token's signature checked."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import Page, expect

from partnerfolio.accounts.models import User
from partnerfolio.audit.models import AuditRecord
from tests.browser.conftest import PASSWORD
from tests.sso.conftest import NAME, IdentityProvider

pytestmark = pytest.mark.django_db(transaction=True)
BUTTON = f"Sign in with {NAME}"
CALLBACK = "/accounts/sso/oidc/oidc/login/callback/"
CONSENT = re.compile(r"^http://127\.0\.0\.1:\d+/interaction/[^/]+$")  # the consent's POST


def person(email: str, *groups: str, verified: bool = True) -> dict[str, Any]:
    return {"email": email, "email_verified": verified, "groups": list(groups), "name": email}


def to_provider(page: Page, login: str) -> None:
    """From our sign-in page to the provider's consent page, signed in there as `login`."""
    page.goto("/accounts/login/")
    page.get_by_role("button", name=BUTTON).click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("whatever the dev login takes")
    page.get_by_role("button", name="Sign-in").click()
    expect(page.get_by_role("button", name="Continue")).to_be_visible()


def sso_sign_in(page: Page, login: str) -> int:
    """The whole journey; the status of our callback's answer (302 when it signs in)."""
    to_provider(page, login)
    with page.expect_response(lambda r: CALLBACK in r.url) as answer:
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    return answer.value.status


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
    sso: IdentityProvider, browse: Any
) -> None:
    sso.set_people({"ana": person("ana.ruiz@example.org", "pf-managers", "pf-viewers")})
    page = browse()

    assert sso_sign_in(page, "ana") == 302
    expect(page).to_have_url(re.compile(r"/$"))  # the dashboard

    user = User.objects.get(email="ana.ruiz@example.org")
    assert (user.username, user.role, user.has_usable_password()) == ("ana.ruiz", "manager", False)
    assert SocialAccount.objects.get(user=user).uid == "ana"
    assert actions(user) == ["sso_user_create"]
    assert signed_in_as(page) == "ana.ruiz"


def test_a_group_change_at_the_provider_moves_the_role_at_the_next_sign_in(
    sso: IdentityProvider, browse: Any
) -> None:
    sso.set_people({"bo": person("bo@example.org", "pf-viewers")})
    assert sso_sign_in(browse(), "bo") == 302
    user = User.objects.get(email="bo@example.org")
    assert user.role == "viewer"

    sso.set_people({"bo": person("bo@example.org", "pf-viewers", "pf-admins")})
    assert sso_sign_in(browse(), "bo") == 302
    user.refresh_from_db()
    assert user.role == "admin"
    change = AuditRecord.objects.get(entity_id=user.pk, action="sso_role_change")
    assert (change.before, change.after) == ({"role": "viewer"}, {"role": "admin"})

    # in no mapped group any more: no access, said plainly, and nothing changed
    sso.set_people({"bo": person("bo@example.org", "everyone")})
    page = browse()
    assert sso_sign_in(page, "bo") == 403
    expect(page.get_by_role("alert")).to_contain_text("does not give you access to Partnerfolio")
    assert signed_in_as(page) is None
    user.refresh_from_db()
    assert user.role == "admin"
    assert actions(user) == ["sso_user_create", "sso_role_change"]


def test_a_first_sign_in_in_no_mapped_group_creates_no_account(
    sso: IdentityProvider, browse: Any
) -> None:
    sso.set_people({"eve": person("eve@example.org", "everyone")})
    page = browse()
    assert sso_sign_in(page, "eve") == 403
    expect(page.get_by_role("alert")).to_contain_text("in none of the groups")
    assert not User.objects.filter(email="eve@example.org").exists()


def _with_state(url: str, state: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query["state"] = state
    return urlunsplit(parts._replace(query=urlencode(query)))


def _caught_callback(page: Page) -> str:
    """Gives consent, but holds the provider's redirect back to us: the URL it would send
    the browser to, with the code and the state."""
    caught: list[str] = []

    def hold(route: Any) -> None:
        # Playwright routes only the first request of a redirect chain (the consent's
        # POST): its redirects are followed here, by hand, up to the one leaving for us.
        answer = route.fetch(max_redirects=0)
        while CALLBACK not in (location := urljoin(answer.url, answer.headers["location"])):
            answer = page.context.request.get(location, max_redirects=0)
        caught.append(location)
        route.fulfill(status=200, body="held")

    page.route(CONSENT, hold)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    page.unroute(CONSENT)
    assert len(caught) == 1
    return caught[0]


def test_a_state_that_does_not_match_is_refused_plainly(sso: IdentityProvider, browse: Any) -> None:
    sso.set_people({"cy": person("cy@example.org", "pf-admins")})
    page = browse()
    to_provider(page, "cy")
    callback = _caught_callback(page)

    answer = page.goto(_with_state(callback, "tampered-state"))
    assert answer is not None
    assert answer.status == 400
    expect(page.get_by_role("heading", name="Signing in did not work")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("could not be matched to one started")
    assert not User.objects.filter(email="cy@example.org").exists()
    assert signed_in_as(page) is None


def test_a_replayed_answer_is_refused(sso: IdentityProvider, browse: Any) -> None:
    sso.set_people({"dee": person("dee@example.org", "pf-contributors")})
    page = browse()
    to_provider(page, "dee")
    callback = _caught_callback(page)
    first = page.goto(callback)
    assert first is not None
    assert first.ok
    assert signed_in_as(page) == "dee"

    page.context.clear_cookies()  # signed out; the same answer sent again
    again = page.goto(callback)
    assert again is not None
    assert again.status == 400
    expect(page.get_by_role("alert")).to_contain_text("could not be matched")
    assert signed_in_as(page) is None
    assert User.objects.filter(email="dee@example.org").count() == 1


def test_cancelling_at_the_provider_lands_on_our_plain_page(
    sso: IdentityProvider, browse: Any
) -> None:
    sso.set_people({"fay": person("fay@example.org", "pf-managers")})
    page = browse()
    to_provider(page, "fay")
    with page.expect_response(lambda r: CALLBACK in r.url) as answer:
        page.get_by_role("link", name="[ Cancel ]").click()
    page.wait_for_load_state()

    assert answer.value.status == 403
    assert "error=access_denied" in answer.value.url
    expect(page.get_by_role("alert")).to_contain_text(f"Signing in at {NAME} was cancelled")
    expect(page.get_by_role("link", name="Back to signing in")).to_be_visible()
    assert not User.objects.filter(email="fay@example.org").exists()


def test_an_existing_account_is_linked_by_a_verified_email_only(
    sso: IdentityProvider, browse: Any
) -> None:
    gus = User.objects.create_user("gus", "gus@example.org", PASSWORD, role="viewer")
    hal = User.objects.create_user("hal", "hal@example.org", PASSWORD, role="viewer")
    sso.set_people(
        {
            "gus-at-idp": person("GUS@example.org", "pf-contributors"),
            "hal-at-idp": person("hal@example.org", "pf-admins", verified=False),
        }
    )

    page = browse()
    assert sso_sign_in(page, "gus-at-idp") == 302
    assert signed_in_as(page) == "gus"
    gus.refresh_from_db()
    assert gus.role == "contributor"
    assert SocialAccount.objects.get(uid="gus-at-idp").user == gus
    assert actions(gus) == ["sso_link", "sso_role_change"]

    page = browse()
    assert sso_sign_in(page, "hal-at-idp") == 403
    expect(page.get_by_role("alert")).to_contain_text("has not verified that address")
    hal.refresh_from_db()
    assert hal.role == "viewer"
    assert not SocialAccount.objects.filter(uid="hal-at-idp").exists()
    assert User.objects.filter(email__iexact="hal@example.org").count() == 1
    assert actions(hal) == []


def test_a_deactivated_account_is_refused(sso: IdentityProvider, browse: Any) -> None:
    User.objects.create_user("ivy", "ivy@example.org", PASSWORD, is_active=False)
    sso.set_people({"ivy": person("ivy@example.org", "pf-managers")})
    page = browse()
    assert sso_sign_in(page, "ivy") == 403
    expect(page.get_by_role("alert")).to_contain_text("deactivated")
    assert not SocialAccount.objects.exists()


def test_password_sign_in_still_works_beside_single_sign_on(
    sso: IdentityProvider, browse: Any
) -> None:
    User.objects.create_user("jo", "jo@example.org", PASSWORD, role="manager")
    page = browse()
    page.goto("/accounts/login/")
    expect(page.get_by_role("button", name=BUTTON)).to_be_visible()
    page.get_by_label("Username").fill("jo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))
    assert signed_in_as(page) == "jo"
    assert not SocialAccount.objects.exists()


def test_without_an_issuer_nothing_of_single_sign_on_shows(client: Any, settings: Any) -> None:
    settings.PARTNERFOLIO_OIDC_ISSUER = "https://sso.example.org"
    settings.PARTNERFOLIO_OIDC_NAME = NAME
    assert BUTTON.encode() in client.get("/accounts/login/").content

    settings.PARTNERFOLIO_OIDC_ISSUER = ""
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert b"Sign in with" not in page.content
    assert "https://sso.example.org" not in page["Content-Security-Policy"]
    assert client.post("/accounts/sso/oidc/oidc/login/").status_code == 404
