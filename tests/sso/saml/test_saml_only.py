"""SSO-only mode with SAML the only identity provider (no OpenID Connect issuer): passwords
are refused but for the break-glass administrators, and the SAML sign-in still works."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import expect

from partnerfolio.accounts.models import User
from tests.sso.saml.conftest import NAME, person
from tests.sso.saml.idp import SamlIdentityProvider
from tests.sso.saml.test_saml import BUTTON, saml_sign_in
from tests.sso.test_oidc import signed_in_as

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "a long enough passphrase"


@pytest.fixture
def saml_only(saml: SamlIdentityProvider, settings: Any) -> SamlIdentityProvider:
    assert not settings.PARTNERFOLIO_OIDC_ISSUER
    settings.PARTNERFOLIO_SSO_ONLY = True
    settings.PARTNERFOLIO_SSO_BREAK_GLASS = ["root"]
    return saml


def test_a_right_password_is_refused_in_saml_only_mode(saml_only: SamlIdentityProvider) -> None:
    User.objects.create_user("dora", password=SECRET, role="manager")
    User.objects.create_user("root", password=SECRET, role="admin")
    client = Client()
    page = client.get("/accounts/login/")
    assert BUTTON in page.text  # the one way in, beside the break-glass disclosure
    answer = client.post("/accounts/login/", {"username": "dora", "password": SECRET})
    assert answer.status_code == 403
    assert f"Sign in with {NAME}: passwords are turned off on this site" in answer.text
    assert "_auth_user_id" not in client.session
    # a break-glass administrator still signs in with the password
    assert (
        client.post("/accounts/login/", {"username": "root", "password": SECRET}).status_code == 302
    )


def test_the_saml_sign_in_works_in_saml_only_mode(
    saml_only: SamlIdentityProvider, browse: Any
) -> None:
    saml_only.set_people({"fay": person("fay@example.org", "pf-contributors")})
    page = browse()
    assert saml_sign_in(page, "fay")[0] == 302
    assert signed_in_as(page) == "fay"
    page.goto("/accounts/")
    expect(page.get_by_text(f"you sign in with {NAME}")).to_be_visible()
