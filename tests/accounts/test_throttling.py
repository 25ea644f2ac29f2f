"""Guessing passwords: a username is locked from one address after a few failures, for a
short cool-off only, and nobody else is affected."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.accounts.conftest import sign_in

pytestmark = pytest.mark.django_db
ELSEWHERE = {"REMOTE_ADDR": "203.0.113.7"}


def fail(client: Client, username: str, times: int, **extra) -> list[int]:
    return [
        sign_in(client, username, "not the password", **extra).status_code for _ in range(times)
    ]


def test_the_failure_limit_locks_the_username_from_that_address(client, ana):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    assert fail(client, "ana", limit - 1) == [200] * (limit - 1)
    response = sign_in(client, "ana", "not the password")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many wrong passwords" in page
    assert "15 minutes" in page
    # the right password does not help while locked
    response = sign_in(client, "ana")
    assert response.status_code == 429
    assert client.get("/").status_code == 302


def test_other_addresses_and_other_people_are_not_locked(client, ana, ben):
    fail(client, "ana", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "ana").status_code == 429
    assert sign_in(Client(), "ana", **ELSEWHERE).status_code == 302  # Ana, elsewhere
    assert sign_in(Client(), "ben").status_code == 302  # Ben, same address


def test_the_lock_lifts_after_the_cool_off(client, ana):
    fail(client, "ana", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "ana").status_code == 429
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    # 14 minutes on: still locked
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert sign_in(client, "ana").status_code == 429
    # the failures are older than the cool-off: the lock is gone
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "ana").status_code == 302
    assert client.get("/").status_code == 200


def test_an_administrator_can_lift_a_lock_at_once(client, ana):
    fail(client, "ana", settings.AXES_FAILURE_LIMIT)
    assert reset(username="ana") >= 1
    assert sign_in(client, "ana").status_code == 302


def test_signing_in_clears_earlier_failures(client, ana):
    fail(client, "ana", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "ana").status_code == 302
    client.post("/accounts/logout/")
    # the count starts again: four more failures do not lock
    assert fail(client, "ana", settings.AXES_FAILURE_LIMIT - 1) == [200] * 4
    assert sign_in(client, "ana").status_code == 302
