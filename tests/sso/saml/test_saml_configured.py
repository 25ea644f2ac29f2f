"""What the SAML configuration shows, without an identity provider running: nothing at all
while no metadata URL is set; plain answers, quickly, when the metadata cannot be read."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.test import Client

from tests.sso.saml.conftest import METADATA, NAME, ROLE_GROUPS

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/sso/saml/saml/login/"


def test_without_a_metadata_url_nothing_of_saml_shows(settings: Any) -> None:
    settings.PARTNERFOLIO_SAML_METADATA_URL = ""
    client = Client()
    assert "Sign in with" not in client.get("/accounts/login/").text
    assert client.get(METADATA).status_code == 404
    assert client.post(LOGIN).status_code == 404
    assert client.post("/accounts/sso/saml/saml/acs/").status_code == 404


def test_an_unreachable_metadata_url_is_said_plainly(settings: Any, caplog: Any) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens there once closed
    settings.PARTNERFOLIO_SAML_METADATA_URL = f"http://127.0.0.1:{port}/metadata"
    settings.PARTNERFOLIO_SAML_NAME = NAME
    settings.PARTNERFOLIO_SAML_ROLE_GROUPS = ROLE_GROUPS
    client = Client()
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert f"Sign in with {NAME}" in page.text
    assert f"http://127.0.0.1:{port}" in page.headers["Content-Security-Policy"]
    answer = client.post(LOGIN)
    assert answer.status_code == 502
    assert f"{NAME} could not be reached" in answer.text
    assert client.get(METADATA).status_code == 502
    assert "the SAML metadata could not be read" in caplog.text
