"""The access rules hold for accounts a SAML sign-in created: the session of a browser
signed in through pysaml2's IdP meets the access matrix of tests/web/test_access.py as the
persona of the same role does (the same checks as tests/sso/test_access.py's, for OIDC)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partnerfolio.accounts.models import User
from tests.sso.saml.conftest import person
from tests.sso.saml.idp import SamlIdentityProvider
from tests.sso.saml.test_saml import saml_sign_in
from tests.sso.test_access import (
    assert_cannot_edit,
    assert_creates_a_partnership,
    assert_sees_as,
    client_of,
)
from tests.web.test_access import world  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def session_of(idp: SamlIdentityProvider, browse: Any, login: str, *groups: str) -> Client:
    """A test client holding the session of a browser signed in as `login` through the IdP."""
    idp.set_people({login: person(f"{login}@example.org", *groups)})
    page = browse()
    assert saml_sign_in(page, login)[0] == 302
    return client_of(page)


def test_a_saml_viewer_sees_what_a_viewer_sees_and_cannot_edit(
    saml: SamlIdentityProvider,
    browse: Any,
    world: dict[str, int],  # noqa: F811
) -> None:
    client = session_of(saml, browse, "vera", "pf-viewers")
    assert User.objects.get(username="vera").role == "viewer"
    assert_sees_as(client, world, "vic")
    assert_cannot_edit(client, world)


def test_a_saml_manager_sees_what_a_manager_sees_and_creates_a_partnership(
    saml: SamlIdentityProvider,
    browse: Any,
    world: dict[str, int],  # noqa: F811
) -> None:
    client = session_of(saml, browse, "mona", "pf-managers")
    assert User.objects.get(username="mona").role == "manager"
    assert_sees_as(client, world, "mia")
    assert_creates_a_partnership(client, "Created by mona")
