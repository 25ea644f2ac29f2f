from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerfolio.accounts.models import User
from tests.browser.conftest import page, steps  # noqa: F401  (Chromium: tests/conftest.py)

PASSWORD = "a long enough passphrase"


@pytest.fixture
def ana(db) -> User:
    """Ana Ruiz, a partner manager."""
    return User.objects.create_user(
        username="ana", password=PASSWORD, role="manager", email="ana@example.org"
    )


@pytest.fixture
def ben(db) -> User:
    """Ben, a viewer."""
    return User.objects.create_user(username="ben", password=PASSWORD, role="viewer")


@pytest.fixture
def root(db) -> User:
    """An administrator."""
    return User.objects.create_user(username="root", password=PASSWORD, role="admin")


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def code_for(device: TOTPDevice, *, fresh: bool = True) -> str:
    """The code the person's app shows now. `fresh` forgets the code used last and any
    throttling, as the next 30-second step would (a code is accepted once)."""
    device.refresh_from_db()
    if fresh:
        device.last_t = -1
        device.throttling_failure_count = 0
        device.throttling_failure_timestamp = None
        device.save()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
