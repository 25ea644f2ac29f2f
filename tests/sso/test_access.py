"""The access rules hold for accounts single sign-on created: a session of such an account
(the cookie of a browser signed in through the real provider) meets the access matrix of
tests/web/test_access.py as the persona of the same role does."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from partnerfolio.accounts.models import User
from partnerfolio.partnerships.models import Partnership
from tests.sso.conftest import IdentityProvider
from tests.sso.test_oidc import person, sso_sign_in
from tests.web.test_access import CHANGE, PAGES, SEE, world  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def session_of(sso: IdentityProvider, browse: Any, login: str, *groups: str) -> Client:
    """A test client holding the session of a browser signed in as `login` through the
    provider (its account created by that sign-in)."""
    sso.set_people({login: person(f"{login}@example.org", *groups)})
    page = browse()
    assert sso_sign_in(page, login) == 302
    return client_of(page)


def client_of(page: Any) -> Client:
    """A test client holding the session of the browser of `page`."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookies[settings.SESSION_COOKIE_NAME]
    return client


def assert_sees_as(client: Client, records: dict[str, int], persona: str) -> None:
    """Every page of the matrix answers as it does for the persona of the same role."""
    for record in SEE:
        for page in PAGES:
            url = page.format(pk=records[record])
            assert client.get(url).status_code == _expected(record, persona, page), url


def assert_cannot_edit(client: Client, records: dict[str, int]) -> None:
    answer = client.post(f"/partnerships/{records['Atlas']}/edit/", {"name": "Renamed"})
    assert answer.status_code == 403
    assert Partnership.objects.get(pk=records["Atlas"]).name == "Atlas"


def assert_creates_a_partnership(client: Client, name: str) -> None:
    answers = {"well_defined_need": "yes", "time_bound": "yes", "outsourced_deliverable": "yes"}
    advised = {f"advice_{k}": v for k, v in answers.items()}
    created = client.post("/partnerships/new/", {**advised, "name": name, "stage": "proposed"})
    assert created.status_code == 302
    assert Partnership.objects.filter(name=name).exists()


def _expected(record: str, persona: str, page: str) -> int:
    expected = SEE[record][persona]
    if page != PAGES[0] and expected == 200:
        expected = 200 if CHANGE[record][persona] == 302 else 403
    return expected


def test_an_sso_viewer_cannot_edit_a_partnership(
    sso: IdentityProvider,
    browse: Any,
    world: dict[str, int],  # noqa: F811
) -> None:
    client = session_of(sso, browse, "vera", "pf-viewers")
    assert User.objects.get(username="vera").role == "viewer"
    assert_sees_as(client, world, "vic")
    assert_cannot_edit(client, world)


def test_an_sso_manager_creates_a_partnership(
    sso: IdentityProvider,
    browse: Any,
    world: dict[str, int],  # noqa: F811
) -> None:
    client = session_of(sso, browse, "mona", "pf-managers")
    assert User.objects.get(username="mona").role == "manager"
    assert_sees_as(client, world, "mia")
    assert_creates_a_partnership(client, "Created by mona")
