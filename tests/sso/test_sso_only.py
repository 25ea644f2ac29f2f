"""SSO-only mode (PARTNERFOLIO_SSO_ONLY): passwords refused for everyone but the break-glass
administrators (PARTNERFOLIO_SSO_BREAK_GLASS), with one answer whatever the username and
the password, before authentication, so django-axes records nothing; the account page's
password change and the invitations' passwords follow. The provider's own sign-in still
works, in Chromium against the real oidc-provider."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from playwright.sync_api import expect

from partnerfolio.accounts.invitations import invitation_create
from partnerfolio.accounts.models import User
from tests.accounts.conftest import code_for, confirmed_device
from tests.browser.conftest import PASSWORD
from tests.sso.conftest import NAME, IdentityProvider
from tests.sso.test_oidc import BUTTON, person, signed_in_as, sso_sign_in

REFUSAL = f"Sign in with {NAME}: passwords are turned off on this site"


@pytest.fixture
def sso_only(settings: Any) -> Any:
    """SSO-only mode, with `root` the one break-glass administrator (the issuer is only
    named: these tests do not leave for it)."""
    settings.PARTNERFOLIO_OIDC_ISSUER = "https://sso.example.org"
    settings.PARTNERFOLIO_OIDC_NAME = NAME
    settings.PARTNERFOLIO_SSO_ONLY = True
    settings.PARTNERFOLIO_SSO_BREAK_GLASS = ["root", "ben"]
    return settings


@pytest.fixture
def people(db: Any) -> dict[str, User]:
    return {
        "ana": User.objects.create_user("ana", "ana@example.org", PASSWORD, role="manager"),
        "ben": User.objects.create_user("ben", "ben@example.org", PASSWORD, role="viewer"),
        "root": User.objects.create_user("root", "root@example.org", PASSWORD, role="admin"),
    }


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def alert(response: Any) -> str:
    found = re.search(r'role="alert">([^<]*)<', response.content.decode())
    return found.group(1) if found else ""


@pytest.mark.django_db
def test_a_password_is_refused_alike_right_wrong_or_unknown(
    sso_only: Any, people: dict[str, User], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="partnerfolio.security")
    answers = {
        "right": sign_in(Client(), "ana"),
        "wrong": sign_in(Client(), "ana", "not the password at all"),
        "unknown": sign_in(Client(), "nobody-of-ours"),
        # named for break-glass, but no administrator: refused like the others
        "listed, no admin": sign_in(Client(), "ben"),
    }
    for case, response in answers.items():
        assert response.status_code == 403, case
        assert alert(response) == f"{REFUSAL}.", case
        assert "_auth_user_id" not in response.wsgi_request.session, case
    assert not AccessAttempt.objects.exists()  # django-axes never saw a password
    assert not AccessFailureLog.objects.exists()
    refusals = [r for r in caplog.records if "SSO-only mode" in r.getMessage()]
    assert len(refusals) == 4


@pytest.mark.django_db
def test_the_break_glass_administrator_signs_in_with_the_password(
    sso_only: Any, people: dict[str, User]
) -> None:
    client = Client()
    response = sign_in(client, "root")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(people["root"].pk)

    # a wrong password of theirs is an ordinary wrong password, counted by django-axes
    wrong = sign_in(Client(), "root", "not the password at all")
    assert wrong.status_code == 200
    assert "didn't match" in alert(wrong)
    assert AccessAttempt.objects.filter(username="root").exists()


@pytest.mark.django_db
def test_the_break_glass_administrator_still_gives_a_code(
    sso_only: Any, people: dict[str, User]
) -> None:
    device = confirmed_device(people["root"])
    client = Client()
    assert sign_in(client, "root")["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session  # not yet
    done = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(people["root"].pk)


@pytest.mark.django_db
def test_the_password_change_is_only_for_break_glass(
    sso_only: Any, people: dict[str, User]
) -> None:
    change = {
        "old_password": PASSWORD,
        "new_password1": "another long passphrase here",
        "new_password2": "another long passphrase here",
    }
    ana = Client()
    ana.force_login(people["ana"])
    page = ana.get("/accounts/").content.decode()
    assert 'action="/accounts/password/"' not in page
    assert f"you sign in with {NAME}" in page
    assert ana.post("/accounts/password/", change).status_code == 403
    people["ana"].refresh_from_db()
    assert people["ana"].check_password(PASSWORD)

    root = Client()
    root.force_login(people["root"])
    assert 'action="/accounts/password/"' in root.get("/accounts/").content.decode()
    assert root.post("/accounts/password/", change).status_code == 302
    people["root"].refresh_from_db()
    assert people["root"].check_password("another long passphrase here")


@pytest.mark.django_db
def test_an_invitation_sends_the_person_to_the_provider(
    sso_only: Any,
    people: dict[str, User],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            actor=people["root"],
            email="cy@example.org",
            role="viewer",
            organization=None,
            site_url="http://testserver",
        )
    link = re.search(r"https?://\S+(/accounts/invitations/\S+/)", mailoutbox[0].body).group(1)
    client = Client()
    page = client.get(link)
    assert page.status_code == 200
    assert 'type="password"' not in page.content.decode()
    assert f"Sign in with {NAME} instead" in page.content.decode()
    posted = client.post(link, {"username": "cy", "password1": PASSWORD, "password2": PASSWORD})
    assert posted.status_code == 403
    assert not User.objects.filter(username="cy").exists()


@pytest.mark.django_db(transaction=True)
def test_the_page_offers_the_provider_and_hides_the_password_form(
    sso: IdentityProvider, settings: Any, browse: Any
) -> None:
    settings.PARTNERFOLIO_SSO_ONLY = True
    page = browse()
    page.goto("/accounts/login/")
    expect(page.get_by_role("button", name=BUTTON)).to_be_visible()
    expect(page.get_by_label("Password")).to_be_hidden()
    page.get_by_text("Administrator sign-in").click()
    expect(page.get_by_label("Password")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_single_sign_on_still_signs_in(sso: IdentityProvider, settings: Any, browse: Any) -> None:
    settings.PARTNERFOLIO_SSO_ONLY = True
    sso.set_people({"kai": person("kai@example.org", "pf-contributors")})
    page = browse()
    assert sso_sign_in(page, "kai") == 302
    expect(page).to_have_url(re.compile(r"/$"))
    assert signed_in_as(page) == "kai"
