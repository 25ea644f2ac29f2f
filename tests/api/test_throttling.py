"""Request budgets (`partnerfolio.api.throttles`, docs/api.md "Limits"): one per person,
whatever token or session they use, and one per client address for requests without
valid credentials; over a budget, 429 problem details with Retry-After, and nothing done.

The throttles' clock is a fake one here, so waits are exact and no test sleeps.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from partnerfolio.accounts.models import User
from partnerfolio.api import throttles
from partnerfolio.api.tokens import token_create
from partnerfolio.audit.models import AuditRecord
from partnerfolio.evidence.models import Engagement
from tests.api.conftest import CSRF, HOST, ITEMS, session_client, token_client

pytestmark = pytest.mark.django_db
LIST = "/api/v1/partnerships"
TOO_MANY = "https://partnerfolio.example/problems/too-many-requests"


class Clock:
    """The throttles' `timer`: seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    found = Clock()
    monkeypatch.setattr(throttles.PersonBudget, "timer", found)
    monkeypatch.setattr(throttles.AddressBudget, "timer", found)
    return found


@pytest.fixture
def rates(settings, clock) -> Any:
    """Small budgets: 3 requests a minute per person, 3 per address."""
    settings.PARTNERFOLIO_API_RATE_TOKEN = "3/min"
    settings.PARTNERFOLIO_API_RATE_ADDRESS = "3/min"
    return settings


def statuses(client: Client, times: int, url: str = LIST, **extra: Any) -> list[int]:
    return [client.get(url, **extra).status_code for _ in range(times)]


def assert_too_many(response: Any, seconds: int) -> dict[str, Any]:
    assert response.status_code == 429, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == str(seconds)
    body = response.json()
    assert body["type"] == TOO_MANY
    assert body["title"] == "Too many requests"
    assert body["status"] == 429
    assert f"wait {seconds} second" in body["detail"]
    return body


def test_the_request_past_a_persons_rate_answers_429_with_retry_after(world, rates, clock):
    ada = token_client(world, "ada")
    for _ in range(3):
        assert ada.get(LIST).status_code == 200
        clock.now += 10
    body = assert_too_many(ada.get(LIST), 60 - 30)  # the first request leaves the window then
    assert "3 requests a minute for each person" in body["detail"]
    assert body["instance"] == LIST
    clock.now += 29
    assert ada.get(LIST).status_code == 429  # a refusal is not counted, nor does it help
    clock.now += 1
    assert ada.get(LIST).status_code == 200


def test_one_persons_flood_does_not_throttle_anyone_else(world, rates):
    assert statuses(token_client(world, "ada"), 4) == [200, 200, 200, 429]
    assert statuses(token_client(world, "mia"), 3) == [200, 200, 200]
    assert session_client("vic").get(LIST).status_code == 200


def test_a_persons_tokens_and_session_share_one_budget(world, rates):
    _token, second = token_create(
        user=User.objects.get(username="ada"), name="another", scope="read", days=30
    )
    assert statuses(token_client(world, "ada"), 2) == [200, 200]
    other = Client(HTTP_AUTHORIZATION=f"Bearer {second}", **HOST)
    assert other.get(LIST).status_code == 200
    assert other.get(LIST).status_code == 429
    assert session_client("ada").get(LIST).status_code == 429


def test_requests_without_valid_credentials_count_against_their_address(world, rates):
    anonymous = Client(**HOST)
    wrong = Client(HTTP_AUTHORIZATION="Bearer pf_not-a-token", **HOST)
    malformed = Client(HTTP_AUTHORIZATION="Basic YWRhOnNlY3JldA==", **HOST)
    assert [anonymous.get(LIST).status_code, wrong.get(LIST).status_code] == [401, 401]
    assert malformed.get(LIST).status_code == 401
    body = assert_too_many(wrong.get(LIST), 60)
    assert "3 requests a minute from one address without valid credentials" in body["detail"]
    assert_too_many(anonymous.get(LIST), 60)
    # a valid token is judged by its owner's budget, not by the address
    assert token_client(world, "ada").get(LIST).status_code == 200
    # another address has a budget of its own
    assert anonymous.get(LIST, REMOTE_ADDR="203.0.113.9").status_code == 401


def test_a_post_refused_for_a_csrf_failure_counts_against_the_address(world, rates):
    browser = session_client("ada")
    url = f"/api/v1/partnerships/{world['Atlas']}/engagements"
    for _ in range(3):
        refused = browser.post(url, ITEMS["engagements"], content_type="application/json")
        assert refused.status_code == 403
    refused = browser.post(url, ITEMS["engagements"], content_type="application/json")
    assert_too_many(refused, 60)


def test_a_forged_x_forwarded_for_does_not_dodge_the_limit_without_proxies(world, rates):
    rates.NINJA_NUM_PROXIES = 0
    anonymous = Client(**HOST)
    forged = [
        anonymous.get(LIST, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)
    ]
    assert forged == [401, 401, 401, 429]


def test_behind_one_proxy_each_forwarded_address_has_its_own_budget(world, rates):
    rates.NINJA_NUM_PROXIES = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1", **HOST)  # every request comes through it
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert statuses(proxy, 4, **first) == [401, 401, 401, 429]
    assert statuses(proxy, 3, HTTP_X_FORWARDED_FOR="198.51.100.2") == [401, 401, 401]
    # what the client itself put in front of the proxy's entry is not believed
    forged = proxy.get(LIST, HTTP_X_FORWARDED_FOR="192.0.2.77, 198.51.100.1")
    assert forged.status_code == 429


def test_a_throttled_post_changes_nothing(world, rates):
    rates.PARTNERFOLIO_API_RATE_TOKEN = "1/min"
    cole = token_client(world, "cole")
    url = f"/api/v1/partnerships/{world['Atlas']}/engagements"
    body = {**ITEMS["engagements"], "summary": "the first"}
    assert cole.post(url, body, content_type="application/json").status_code == 201
    engagements, audited = Engagement.objects.count(), AuditRecord.objects.count()
    again = cole.post(url, {**body, "summary": "the second"}, content_type="application/json")
    assert_too_many(again, 60)
    assert Engagement.objects.count() == engagements
    assert not Engagement.objects.filter(summary="the second").exists()
    assert AuditRecord.objects.count() == audited


def test_a_session_over_its_budget_is_refused_before_the_write(world, rates):
    rates.PARTNERFOLIO_API_RATE_TOKEN = "1/min"
    browser = session_client("cole")
    url = f"/api/v1/partnerships/{world['Atlas']}/engagements"
    assert browser.get(url).status_code == 200
    engagements = Engagement.objects.count()
    refused = browser.post(url, ITEMS["engagements"], content_type="application/json", **CSRF)
    assert_too_many(refused, 60)
    assert Engagement.objects.count() == engagements


def test_lowering_a_rate_still_says_how_long_to_wait(world, rates, clock):
    rates.PARTNERFOLIO_API_RATE_TOKEN = "5/min"
    ada = token_client(world, "ada")
    for _ in range(4):
        assert ada.get(LIST).status_code == 200
        clock.now += 10
    rates.PARTNERFOLIO_API_RATE_TOKEN = "2/min"
    # requests at 0, 10, 20, 30 and now 40: one fits again when the one at 20 has left
    assert_too_many(ada.get(LIST), 40)


def test_a_rate_turned_off_counts_nothing(world, rates):
    assert statuses(Client(**HOST), 4) == [401, 401, 401, 429]
    assert statuses(token_client(world, "ada"), 4) == [200, 200, 200, 429]
    rates.PARTNERFOLIO_API_RATE_ADDRESS = None
    rates.PARTNERFOLIO_API_RATE_TOKEN = None
    assert statuses(Client(**HOST), 5) == [401] * 5
    assert statuses(token_client(world, "ada"), 5) == [200] * 5


def test_a_cache_that_does_not_answer_lets_requests_through(world, rates, monkeypatch, caplog):
    class Down:
        def get(self, *args: Any, **kwargs: Any) -> Any:
            raise ConnectionError("the cache is down")

        set = get

    monkeypatch.setattr(throttles.PersonBudget, "cache", Down())
    assert statuses(token_client(world, "ada"), 4) == [200] * 4
    assert "the person budget is not counted" in caplog.text


def test_the_schema_documents_429_with_retry_after(world):
    schema = token_client(world, "ada").get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            answer = operation["responses"].get("429")
            assert answer is not None, (method, path)
            assert "application/problem+json" in answer["content"]
            assert answer["headers"]["Retry-After"]["schema"]["type"] == "integer"


def started(**variables: str) -> subprocess.CompletedProcess[str]:
    """Start-up in a process of its own, with these variables: it prints the settings."""
    shown = "PARTNERFOLIO_API_RATE_TOKEN, PARTNERFOLIO_API_RATE_ADDRESS, NINJA_NUM_PROXIES"
    return subprocess.run(
        [sys.executable, "-c", f"from partnerfolio.config.settings import {shown}; "
         f"print(repr(({shown})))"],
        env={**os.environ, **variables},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip


@pytest.mark.parametrize("rate", ["600", "600/minute", "0/min", "-5/min", "10/0min", "ten/h"])
def test_a_malformed_rate_stops_start_up_naming_the_variable(rate):
    found = started(PARTNERFOLIO_API_RATE_ADDRESS=rate)
    assert found.returncode != 0
    assert "ImproperlyConfigured: PARTNERFOLIO_API_RATE_ADDRESS must be" in found.stderr
    assert repr(rate) in found.stderr


def test_off_turns_a_budget_off_empty_means_the_default_and_proxies_are_counted():
    found = started(
        PARTNERFOLIO_API_RATE_TOKEN="OFF",
        PARTNERFOLIO_API_RATE_ADDRESS="",
        PARTNERFOLIO_PROXY_COUNT="2",
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == repr((None, "120/min", 2))
    found = started(PARTNERFOLIO_API_RATE_TOKEN="100/5min", PARTNERFOLIO_PROXY_COUNT="")
    assert found.stdout.strip() == repr(("100/5min", "120/min", 0))


def test_two_threads_sharing_the_throttle_count_each_their_own_request(rates, monkeypatch):
    """Ninja keeps a request's key and history on the throttle; one request paused inside
    the check while another's runs must still be counted under its own key."""
    paused, resumed = threading.Event(), threading.Event()
    first = threading.current_thread()

    class Gate:
        def __call__(self) -> float:
            if threading.current_thread() is first and not paused.is_set():
                paused.set()
                resumed.wait(10)
            return 1_000_000.0

    monkeypatch.setattr(throttles.PersonBudget, "timer", Gate())

    def request(pk: int) -> Any:
        return SimpleNamespace(auth=SimpleNamespace(pk=pk), META={})

    def other() -> None:
        paused.wait(10)
        throttles.PERSON.allow_request(request(2))
        resumed.set()

    helper = threading.Thread(target=other)
    helper.start()
    assert throttles.PERSON.allow_request(request(1))
    helper.join(10)
    assert len(cache.get("throttle_person_1")) == 1
    assert len(cache.get("throttle_person_2")) == 1
