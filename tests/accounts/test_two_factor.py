"""Two-factor authentication with an authenticator app (TOTP): set-up, the second step of
signing in, and the setting that requires it of everyone."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerfolio.accounts.views import PENDING
from partnerfolio.audit.models import AuditRecord
from tests.accounts.conftest import code_for, confirmed_device, sign_in

pytestmark = pytest.mark.django_db


def after_sign_in() -> str:
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def test_setting_up_shows_a_qr_code_and_the_secret_and_takes_a_code(client, ana):
    client.force_login(ana)
    response = client.get("/accounts/two-factor/")
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"<svg[^>]*>.*<path", page, re.S)  # the QR code, inline
    assert "style=" not in page
    device = TOTPDevice.objects.get(user=ana)
    assert not device.confirmed
    secret = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page).group(1)
    from base64 import b32decode

    assert b32decode(secret.replace(" ", "")) == device.bin_key
    # reloading keeps the same secret: the app already scanned is not lost
    client.get("/accounts/two-factor/")
    assert TOTPDevice.objects.filter(user=ana).count() == 1

    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "not right" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    response = client.post("/accounts/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditRecord.objects.filter(action="two_factor_enable", actor=ana).exists()
    assert client.get("/").status_code == 200  # this session counts as verified
    assert "Turn off" in client.get("/accounts/").content.decode()


def test_signing_in_with_a_device_asks_for_a_code(client, ana):
    device = confirmed_device(ana)
    before = client.session.session_key
    response = sign_in(client, "ana")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    # not signed in yet
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302

    response = client.post("/accounts/login/code/", {"code": "123456"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == after_sign_in()
    assert client.session["_auth_user_id"] == str(ana.pk)
    assert client.session.session_key != before
    assert PENDING not in client.session
    assert client.get("/").status_code == 200


def test_a_code_is_used_once(client, ana):
    device = confirmed_device(ana)
    sign_in(client, "ana")
    code = code_for(device)
    assert client.post("/accounts/login/code/", {"code": code}).status_code == 302
    other = Client()
    sign_in(other, "ana")
    assert other.post("/accounts/login/code/", {"code": code}).status_code == 400


def test_the_second_step_keeps_where_the_person_was_going(client, ana):
    device = confirmed_device(ana)
    client.post(
        "/accounts/login/",
        {"username": "ana", "password": "a long enough passphrase", "next": "/partners/"},
    )
    response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert response["Location"] == "/partners/"


def test_the_second_step_expires(client, ana):
    device = confirmed_device(ana)
    sign_in(client, "ana")
    session = client.session
    session[PENDING] = {**session[PENDING], "at": int(time.time()) - 301}
    session.save()
    response = client.post("/accounts/login/code/", {"code": code_for(device)})
    assert response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


def test_the_code_page_alone_signs_no_one_in(client, ana):
    confirmed_device(ana)
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"


def test_a_session_without_the_code_is_sent_to_give_it(client, ana):
    """A session signed in another way (a test's force_login) must still give the code
    when the person has a device."""
    device = confirmed_device(ana)
    client.force_login(ana)
    response = client.get("/partnerships/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/?next=/partnerships/"
    assert client.get("/accounts/").status_code == 302  # nor the account page
    response = client.post("/accounts/login/code/?next=/partnerships/", {"code": code_for(device)})
    assert response["Location"] == "/partnerships/"
    assert client.get("/partnerships/").status_code == 200


def test_without_a_device_nothing_is_asked(client, ana):
    client.force_login(ana)
    assert client.get("/").status_code == 200
    assert sign_in(Client(), "ana")["Location"] == after_sign_in()


def test_when_required_a_person_without_a_device_sets_one_up_first(client, ana, settings):
    settings.PARTNERFOLIO_REQUIRE_2FA = True
    response = sign_in(client, "ana")
    assert response["Location"] == after_sign_in()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/"
    assert client.get("/accounts/").status_code == 302
    assert "required" in client.get("/accounts/two-factor/").content.decode()
    device = TOTPDevice.objects.get(user=ana)
    assert client.post("/accounts/two-factor/", {"code": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200
    # and it cannot be turned off
    client.post("/accounts/two-factor/remove/", {"code": code_for(device)})
    assert TOTPDevice.objects.filter(user=ana, confirmed=True).exists()


def test_turning_it_off_takes_a_current_code(client, ana):
    device = confirmed_device(ana)
    sign_in(client, "ana")
    client.post("/accounts/login/code/", {"code": code_for(device)})
    client.post("/accounts/two-factor/remove/", {"code": "000000"})
    assert TOTPDevice.objects.filter(user=ana).exists()
    client.post("/accounts/two-factor/remove/", {"code": code_for(device)})
    assert not TOTPDevice.objects.filter(user=ana).exists()
    assert AuditRecord.objects.filter(action="two_factor_disable", actor=ana).exists()
    assert sign_in(Client(), "ana")["Location"] == after_sign_in()


def test_wrong_passwords_before_the_code_are_still_throttled(client, ana, settings):
    confirmed_device(ana)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "ana", "not the password")
    assert sign_in(client, "ana").status_code == 429
