"""The ID token's checks, end to end: the real provider's sign-in runs as usual, and its
token endpoint's answer is changed on its way to Partnerfolio (a man in the middle of the
back channel, here a wrapper around allauth's token request in the live server). A
tampered token, an unsigned one, a genuine one meant for another application of the same
company, and a genuine one that expired before it arrived are each refused on our plain
page, create no account, and are logged with the check that failed."""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Client
from playwright.sync_api import expect

from partnerfolio.accounts.models import User
from tests.sso.conftest import SHORT_LIVED_CLIENT_ID, SIBLING_CLIENT_ID, IdentityProvider
from tests.sso.test_oidc import person, signed_in_as, sso_sign_in

pytestmark = pytest.mark.django_db(transaction=True)
Tamper = Callable[[str], str]


@pytest.fixture
def token_answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Each token endpoint answer's `id_token` goes through `tamper` (when set), and the
    genuine ones are kept in `seen`."""
    held: dict[str, Any] = {"tamper": None, "seen": []}
    genuine = OAuth2Client.get_access_token

    def get_access_token(self: OAuth2Client, *args: Any, **kwargs: Any) -> Any:
        answer = genuine(self, *args, **kwargs)
        held["seen"].append(answer["id_token"])
        if held["tamper"] is not None:
            answer = {**answer, "id_token": held["tamper"](answer["id_token"])}
        return answer

    monkeypatch.setattr(OAuth2Client, "get_access_token", get_access_token)
    return held


def _part(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _read(part: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def refused(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "partnerfolio.security"
        and "single sign-on failed: unverified" in r.getMessage()
    ]


@pytest.fixture
def security_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="partnerfolio.security")
    return caplog


def assert_refused_plainly(page: Any, status: int, email: str) -> None:
    assert status == 400
    expect(page.get_by_role("heading", name="Signing in did not work")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("could not prove")
    assert not User.objects.filter(email=email).exists()
    assert signed_in_as(page) is None


def test_a_tampered_id_token_is_refused(
    sso: IdentityProvider,
    browse: Any,
    token_answers: dict[str, Any],
    security_log: pytest.LogCaptureFixture,
) -> None:
    """The provider's signature no longer matches once a claim is changed: someone who
    signs in as themselves and puts an administrator's subject in the token gets nothing."""
    boss = User.objects.create_user("boss", "boss@example.org", role="admin")
    SocialAccount.objects.create(user=boss, provider="oidc", uid="boss")
    sso.set_people(
        {
            "hal": person("hal@example.org", "pf-viewers"),
            "boss": person("boss@example.org", "pf-admins"),
        }
    )

    def promote(token: str) -> str:
        header, payload, signature = token.split(".")
        claims = _read(payload)
        assert claims["sub"] == "hal"
        return ".".join([header, _part({**claims, "sub": "boss"}), signature])

    token_answers["tamper"] = promote
    page = browse()
    assert_refused_plainly(page, sso_sign_in(page, "hal"), "hal@example.org")
    assert any("InvalidSignatureError" in line for line in refused(security_log))


def test_an_unsigned_id_token_is_refused(
    sso: IdentityProvider,
    browse: Any,
    token_answers: dict[str, Any],
    security_log: pytest.LogCaptureFixture,
) -> None:
    """`alg: none` and no signature: the token's own header must not choose to be trusted."""
    sso.set_people({"ian": person("ian@example.org", "pf-managers")})

    def strip(token: str) -> str:
        header, payload, _ = token.split(".")
        return ".".join([_part({**_read(header), "alg": "none"}), payload, ""])

    token_answers["tamper"] = strip
    page = browse()
    assert_refused_plainly(page, sso_sign_in(page, "ian"), "ian@example.org")
    assert refused(security_log)


def test_an_id_token_meant_for_another_application_is_refused(
    sso: IdentityProvider,
    browse: Any,
    settings: Any,
    token_answers: dict[str, Any],
    security_log: pytest.LogCaptureFixture,
) -> None:
    """A genuine, signed, unexpired token of the same provider, whose audience is another
    application of the company: taken to Partnerfolio, it is refused for its audience."""
    sso.set_people({"ivy": person("ivy@example.org", "pf-managers")})
    # Partnerfolio's pages, run as the sibling application, fetch one of its tokens; that
    # sign-in is spoiled on purpose so that it creates nothing.
    settings.PARTNERFOLIO_OIDC_CLIENT_ID = SIBLING_CLIENT_ID
    token_answers["tamper"] = lambda token: token[:-8] + "AAAAAAAA"
    sso_sign_in(browse(), "ivy")
    sibling = token_answers["seen"][-1]
    assert _read(sibling.split(".")[1])["aud"] == SIBLING_CLIENT_ID
    assert not User.objects.filter(email="ivy@example.org").exists()

    settings.PARTNERFOLIO_OIDC_CLIENT_ID = "partnerfolio-test"
    token_answers["tamper"] = lambda token: sibling
    security_log.clear()
    page = browse()
    assert_refused_plainly(page, sso_sign_in(page, "ivy"), "ivy@example.org")
    assert any("InvalidAudienceError" in line for line in refused(security_log))


def test_an_id_token_that_expired_before_it_arrived_is_refused(
    sso: IdentityProvider,
    browse: Any,
    settings: Any,
    token_answers: dict[str, Any],
    security_log: pytest.LogCaptureFixture,
) -> None:
    """The provider's ID tokens for this application live 3 seconds (2 to 3, as their times
    are whole seconds): on time, the sign-in works; held back 4 seconds on its way, the
    same kind of token is refused."""
    settings.PARTNERFOLIO_OIDC_CLIENT_ID = SHORT_LIVED_CLIENT_ID
    sso.set_people(
        {
            "jay": person("jay@example.org", "pf-viewers"),
            "kim": person("kim@example.org", "pf-viewers"),
        }
    )
    assert sso_sign_in(browse(), "jay") == 302  # on time: signed in
    assert User.objects.filter(email="jay@example.org").exists()

    def late(token: str) -> str:
        time.sleep(4)
        return token

    token_answers["tamper"] = late
    page = browse()
    assert_refused_plainly(page, sso_sign_in(page, "kim"), "kim@example.org")
    assert any("ExpiredSignatureError" in line for line in refused(security_log))
