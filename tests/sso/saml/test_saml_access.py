"""The access rules hold for accounts a SAML sign-in created: the session of a browser
signed in through pysaml2's IdP meets the access matrix of tests/web/test_access.py as the
persona of the same role does (the same checks as tests/sso/test_access.py's, for OIDC)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from partnerfolio.accounts.models import User
from partnerfolio.partnerships.models import Partnership
from tests.sso.saml.conftest import person
from tests.sso.saml.idp import SamlIdentityProvider
from tests.sso.saml.test_saml import saml_sign_in
from tests.sso.test_access import _expected
from tests.web.test_access import PAGES, SEE, world  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def session_of(idp: SamlIdentityProvider, browse: Any, login: str, *groups: str) -> Client:
    idp.set_people({login: person(f"{login}@example.org", *groups)})
    page = browse()
    assert saml_sign_in(page, login)[0] == 302
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookies[settings.SESSION_COOKIE_NAME]
    return client


def test_a_saml_viewer_sees_what_a_viewer_sees_and_cannot_edit(
    saml: SamlIdentityProvider,
    browse: Any,
    world: dict[str, int],  # noqa: F811
) -> None:
    client = session_of(saml, browse, "vera", "pf-viewers")
    assert User.objects.get(username="vera").role == "viewer"
    for record in SEE:
        for page in PAGES:
            url = page.format(pk=world[record])
            assert client.get(url).status_code == _expected(record, "vic", page), url
    answer = client.post(f"/partnerships/{world['Atlas']}/edit/", {"name": "Renamed"})
    assert answer.status_code == 403
    assert Partnership.objects.get(pk=world["Atlas"]).name == "Atlas"


def test_a_saml_manager_sees_what_a_manager_sees_and_creates_a_partnership(
    saml: SamlIdentityProvider,
    browse: Any,
    world: dict[str, int],  # noqa: F811
) -> None:
    client = session_of(saml, browse, "mona", "pf-managers")
    assert User.objects.get(username="mona").role == "manager"
    for record in SEE:
        for page in PAGES:
            url = page.format(pk=world[record])
            assert client.get(url).status_code == _expected(record, "mia", page), url
    answers = {"well_defined_need": "yes", "time_bound": "yes", "outsourced_deliverable": "yes"}
    advised = {f"advice_{k}": v for k, v in answers.items()}
    created = client.post(
        "/partnerships/new/", {**advised, "name": "Created by mona", "stage": "proposed"}
    )
    assert created.status_code == 302
    assert Partnership.objects.filter(name="Created by mona").exists()
