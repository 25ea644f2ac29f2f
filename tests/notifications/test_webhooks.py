"""Webhooks: signed events to a receiver on loopback, retries with backoff, giving up."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from partnerfolio.notifications import conf, webhooks
from partnerfolio.notifications.management.commands.worker import drain
from partnerfolio.notifications.models import WebhookDelivery, WebhookEndpoint
from partnerfolio.notifications.queue import huey
from partnerfolio.notifications.tasks import deliver_webhook
from tests.notifications.conftest import Receiver, alerts

pytestmark = pytest.mark.django_db


def endpoint(receiver: Receiver, **fields) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(url=receiver.url, secret=receiver.secret, **fields)


def test_events_reach_the_receiver_signed(world, receiver):
    hook = endpoint(receiver)
    result = alerts()
    # confidential partnerships (Cobalt, Dune) stay out unless the endpoint asks for them
    names = {r["event"]["partnership"]["name"] for r in receiver.requests}
    assert names == {"Atlas", "Birch"}
    assert result.webhook_events == len(receiver.requests) > 0
    for r in receiver.requests:
        assert r["verified"], r["headers"]
        assert r["headers"][webhooks.EVENT] == r["event"]["id"]
        assert r["headers"][webhooks.EVENT_TYPE] == r["event"]["type"]
        assert r["headers"]["Content-Type"] == "application/json"
    types = {r["event"]["type"] for r in receiver.requests}
    assert types == {"pitfall.new", "review.overdue"}
    assert WebhookDelivery.objects.filter(endpoint=hook, succeeded=True).count() == len(
        receiver.requests
    )
    assert not WebhookDelivery.objects.filter(succeeded=False).exists()
    assert alerts().webhook_events == 0  # nothing new, nothing sent


def test_endpoints_choose_their_events_and_confidential_ones(world, receiver):
    endpoint(receiver, event_kinds=["review"], confidential=True)
    alerts()
    assert {r["event"]["type"] for r in receiver.requests} == {"review.overdue"}
    assert {r["event"]["partnership"]["name"] for r in receiver.requests} == {
        "Atlas",
        "Birch",
        "Cobalt",
        "Dune",
    }


def test_a_receiver_refuses_tampering_and_replays():
    secret, body, now = "k", b'{"id":"e1"}', int(time.time())
    good = webhooks.sign(secret, str(now), body)
    assert webhooks.verify(secret, str(now), body, good)
    assert not webhooks.verify(secret, str(now), body + b" ", good)  # altered body
    assert not webhooks.verify("other", str(now), body, good)  # wrong secret
    assert not webhooks.verify(secret, str(now + 1), body, good)  # altered timestamp
    old = str(now - 301)
    assert not webhooks.verify(secret, old, body, webhooks.sign(secret, old, body))  # replay
    assert not webhooks.verify(secret, "soon", body, good)


def scheduled_delays() -> list[float]:
    now = huey._get_timestamp()
    return [(t.eta - now).total_seconds() for t in huey.read_schedule(now + timedelta(days=1))]


def run_retries() -> list[float]:
    """Run each scheduled retry at once (no waiting), noting how long it was due to wait."""
    waits = []
    far = huey._get_timestamp() + timedelta(days=1)
    while True:
        now = huey._get_timestamp()
        due = huey.read_schedule(far)
        if not due:
            return waits
        assert len(due) == 1
        waits.append((due[0].eta - now).total_seconds())
        huey.execute(due[0], far)


def test_retries_back_off_exponentially_then_succeed(db, settings):
    settings.PARTNERFOLIO_WEBHOOK_BACKOFF = 10
    settings.PARTNERFOLIO_WEBHOOK_ATTEMPTS = 5
    receiver = Receiver("k", statuses=[500, 500, 200])
    try:
        hook = endpoint(receiver)
        deliver_webhook(hook.pk, "evt-1", "pitfall.new", '{"id":"evt-1"}')
        waits = run_retries()
    finally:
        receiver.close()
    attempts = list(WebhookDelivery.objects.filter(event_id="evt-1"))
    assert [(d.attempt, d.status_code, d.succeeded) for d in attempts] == [
        (1, 500, False),
        (2, 500, False),
        (3, 200, True),
    ]
    assert all(d.error.startswith("HTTP 500") for d in attempts[:2])
    assert not attempts[2].error
    assert not any(d.gave_up for d in attempts)
    # waited about 10 s, then 20 s (the schedule was read at once, not waited for)
    assert len(waits) == 2
    assert 9 < waits[0] <= 10
    assert 19 < waits[1] <= 20
    assert len(receiver.requests) == 3
    assert all(r["verified"] for r in receiver.requests)
    assert len({r["headers"][webhooks.EVENT] for r in receiver.requests}) == 1


def test_gives_up_after_the_last_attempt(db, settings):
    settings.PARTNERFOLIO_WEBHOOK_BACKOFF = 0.5
    settings.PARTNERFOLIO_WEBHOOK_ATTEMPTS = 3
    receiver = Receiver("k", statuses=[500] * 10)
    try:
        hook = endpoint(receiver)
        deliver_webhook(hook.pk, "evt-2", "review.due", '{"id":"evt-2"}')
        run_retries()
    finally:
        receiver.close()
    attempts = list(WebhookDelivery.objects.filter(event_id="evt-2"))
    assert [(d.attempt, d.status_code, d.gave_up) for d in attempts] == [
        (1, 500, False),
        (2, 500, False),
        (3, 500, True),
    ]
    assert len(receiver.requests) == 3
    assert scheduled_delays() == []


def test_an_unreachable_endpoint_is_logged_and_retried(db, settings):
    settings.PARTNERFOLIO_WEBHOOK_ATTEMPTS = 2
    settings.PARTNERFOLIO_WEBHOOK_TIMEOUT = 2
    receiver = Receiver("k")
    url = receiver.url
    receiver.close()  # nothing listens there any more
    hook = WebhookEndpoint.objects.create(url=url, secret="k")
    deliver_webhook(hook.pk, "evt-3", "pitfall.new", "{}")
    run_retries()
    attempts = list(WebhookDelivery.objects.filter(event_id="evt-3"))
    assert [(d.attempt, d.status_code, d.gave_up) for d in attempts] == [
        (1, None, False),
        (2, None, True),
    ]
    assert "Connection" in attempts[0].error or "refused" in attempts[0].error.lower()


def test_backoff_doubles_up_to_an_hour(settings):
    settings.PARTNERFOLIO_WEBHOOK_BACKOFF = 30
    assert [conf.backoff_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert conf.backoff_delay(12) == 3600


def test_queued_deliveries_run_when_the_worker_drains(db, receiver):
    hook = endpoint(receiver)
    message = deliver_webhook.s(hook.pk, "evt-4", "pitfall.new", '{"id":"evt-4"}')
    huey.storage.enqueue(huey.serialize_task(message), 0)  # as a web server would queue it
    assert WebhookDelivery.objects.count() == 0
    assert drain() == 1
    assert WebhookDelivery.objects.get(event_id="evt-4").succeeded
