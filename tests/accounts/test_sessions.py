"""Sessions: a new one at sign-in, ending when idle or too old, and ended everywhere at once."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from partnerfolio.accounts.middleware import SEEN, STARTED
from partnerfolio.audit.models import AuditRecord
from tests.accounts.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def test_signing_in_starts_a_new_session(client, ana):
    session = client.session
    session["before"] = "anonymous"
    session.save()
    before = session.session_key
    assert sign_in(client, "ana").status_code == 302
    after = client.session.session_key
    assert after != before
    assert not SessionStore().exists(before)
    assert client.get("/").status_code == 200


def age(client: Client, *, started: float | None = None, seen: float | None = None) -> None:
    session = client.session
    now = time.time()
    if started is not None:
        session[STARTED] = int(now - started)
    if seen is not None:
        session[SEEN] = int(now - seen)
    session.save()


def test_a_session_idle_for_30_minutes_ends(client, ana):
    sign_in(client, "ana")
    age(client, seen=29 * 60)
    assert client.get("/").status_code == 200
    assert client.session[SEEN] >= time.time() - 5  # activity keeps it alive
    age(client, seen=30 * 60 + 1)
    response = client.get("/partnerships/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/partnerships/"
    page = client.get(response["Location"]).content.decode()
    assert "without activity" in page
    assert client.get("/").status_code == 302  # signed out for good


def test_a_session_ends_12_hours_after_signing_in_however_busy(client, ana):
    sign_in(client, "ana")
    age(client, started=11 * 3600, seen=10)
    assert client.get("/").status_code == 200
    age(client, started=12 * 3600 + 1, seen=10)
    response = client.get("/")
    assert response.status_code == 302
    assert "time limit" in client.get(response["Location"]).content.decode()


def test_the_limits_follow_the_settings(client, ana, settings):
    settings.PARTNERFOLIO_SESSION_IDLE_MINUTES = 5
    settings.PARTNERFOLIO_SESSION_MAX_HOURS = 1
    sign_in(client, "ana")
    age(client, seen=6 * 60)
    assert client.get("/").status_code == 302
    sign_in(client, "ana")
    age(client, started=3601, seen=0)
    assert client.get("/").status_code == 302


def test_an_htmx_request_after_the_session_ended_sends_the_window_to_sign_in(client, ana):
    sign_in(client, "ana")
    age(client, seen=31 * 60)
    response = client.get("/partnerships/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/")


def test_a_session_from_before_the_limits_gets_them(client, ana):
    client.force_login(ana)
    assert STARTED not in client.session
    assert client.get("/").status_code == 200
    assert client.session[STARTED] >= time.time() - 5


def test_signing_out_everywhere_ends_every_other_session(ana):
    here, there, elsewhere = Client(), Client(), Client()
    for client in (here, there):
        assert sign_in(client, "ana").status_code == 302
    elsewhere.force_login(ana)
    assert there.get("/").status_code == 200
    response = here.post("/accounts/sign-out-everywhere/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    assert "Every other session" in here.get("/accounts/").content.decode()
    assert here.get("/").status_code == 200  # this one stays
    assert there.get("/").status_code == 302
    assert elsewhere.get("/").status_code == 302
    assert AuditRecord.objects.filter(action="sign_out_everywhere", actor=ana).count() == 1
    # signing in again works as usual
    assert sign_in(there, "ana").status_code == 302
    assert there.get("/").status_code == 200


def test_changing_the_password_ends_other_sessions(ana):
    here, there = Client(), Client()
    here.force_login(ana)
    there.force_login(ana)
    new = "another long passphrase here"
    response = here.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 400
    response = here.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 400
    assert "too short" in response.content.decode()
    response = here.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert there.get("/").status_code == 302
    assert sign_in(Client(), "ana", new).status_code == 302
    assert AuditRecord.objects.filter(action="password_change").count() == 1


def test_the_account_page_offers_the_controls(client_ana):
    page = client_ana.get("/accounts/").content.decode()
    for text in ("Change password", "Two-factor authentication", "Sign out everywhere else"):
        assert text in page
    assert 'href="/accounts/"' in page  # the header links to it


@pytest.fixture
def client_ana(ana) -> Client:
    client = Client()
    client.force_login(ana)
    return client
