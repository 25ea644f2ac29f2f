"""Webhooks: Standard Webhooks signatures a receiver verifies with the library, secret
rotation, retries with backoff, giving up."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from partnerfolio.audit.models import AuditRecord
from partnerfolio.notifications import conf, webhooks
from partnerfolio.notifications.management.commands.worker import drain
from partnerfolio.notifications.models import WebhookDelivery, WebhookEndpoint
from partnerfolio.notifications.queue import huey
from partnerfolio.notifications.tasks import deliver_webhook, webhook_delivery
from tests.notifications.conftest import Receiver, alerts, verified

pytestmark = pytest.mark.django_db
BODY = '{"id":"evt-1","type":"pitfall.new"}'


def endpoint(receiver: Receiver, **fields) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(url=receiver.url, secret=receiver.secret, **fields)


def delivered(receiver: Receiver, hook: WebhookEndpoint, event_id: str = "evt-1") -> dict:
    """One attempt to the receiver: the request it got."""
    receiver.requests.clear()
    assert webhooks.attempt(hook, event_id, "pitfall.new", BODY, 1).succeeded
    (request,) = receiver.requests
    return request


def test_events_reach_the_receiver_signed(world, receiver):
    hook = endpoint(receiver)
    result = alerts()
    # confidential partnerships (Cobalt, Dune) stay out unless the endpoint asks for them
    names = {r["event"]["partnership"]["name"] for r in receiver.requests}
    assert names == {"Atlas", "Birch"}
    assert result.webhook_events == len(receiver.requests) > 0
    for r in receiver.requests:
        assert r["verified"], r["headers"]
        assert r["headers"][webhooks.ID] == r["event"]["id"]
        assert r["headers"][webhooks.EVENT_TYPE.lower()] == r["event"]["type"]
        assert r["headers"]["content-type"] == "application/json"
        assert re.fullmatch(r"v1,[A-Za-z0-9+/]{43}=", r["headers"][webhooks.SIGNATURE])
        assert "x-partnerfolio-signature" not in r["headers"]  # the signing of before
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


def test_a_captured_delivery_cannot_be_replayed_under_a_new_id_or_altered(receiver):
    hook = endpoint(receiver)
    r = delivered(receiver, hook)
    headers, body, secret = r["headers"], r["body"], receiver.secret
    assert verified(secret, body, headers)
    assert not verified(secret, body, {**headers, webhooks.ID: "evt-2"})  # replayed as new
    assert not verified(secret, body + b" ", headers)  # altered body
    later = str(int(headers[webhooks.TIMESTAMP]) + 1)
    assert not verified(secret, body, {**headers, webhooks.TIMESTAMP: later})  # altered time
    assert not verified(webhooks.secret_new(), body, headers)  # another endpoint's secret

    def signed_ago(minutes: int) -> dict[str, str]:
        at = timezone.now().replace(microsecond=0) - timedelta(minutes=minutes)
        return {
            **headers,
            webhooks.TIMESTAMP: str(int(at.timestamp())),
            webhooks.SIGNATURE: webhooks.signature(hook, "evt-1", at, body),
        }

    assert verified(secret, body, signed_ago(4))
    assert not verified(secret, body, signed_ago(6))  # rightly signed, but too old: a replay


def test_secrets_are_whsec_keys_of_32_random_bytes():
    made = {webhooks.secret_new() for _ in range(3)}
    assert len(made) == 3
    for secret in made:
        assert secret.startswith("whsec_")
        assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32
        assert webhooks.secret_check(secret) == secret


@pytest.mark.parametrize(
    ("window", "rotated_ago", "old_still_signs"),
    [(24, 0, True), (24, 23, True), (24, 25, False), (2, 1, True), (2, 3, False)],
)
def test_a_rotation_signs_with_both_secrets_for_its_window_then_with_the_new_one(
    receiver, settings, window, rotated_ago, old_still_signs
):
    settings.PARTNERFOLIO_WEBHOOK_ROTATION_HOURS = window
    old = receiver.secret
    hook = endpoint(receiver)
    rotated = timezone.now() - timedelta(hours=rotated_ago)
    new = webhooks.webhook_secret_rotate(actor="ops", endpoint=hook, now=rotated)
    assert new != old
    assert (hook.secret, hook.previous_secret) == (new, old)
    assert hook.previous_secret_until == rotated + timedelta(hours=window)
    r = delivered(receiver, hook)
    assert verified(new, r["body"], r["headers"])  # a receiver given the new secret
    assert verified(old, r["body"], r["headers"]) is old_still_signs  # one not told yet
    assert len(r["headers"][webhooks.SIGNATURE].split(" ")) == (2 if old_still_signs else 1)
    hook.refresh_from_db()
    assert bool(hook.previous_secret) is old_still_signs  # an ended one is forgotten
    record = AuditRecord.objects.get(action="webhook_secret_rotate")
    assert (record.entity_id, record.actor_name) == (hook.pk, "ops")
    assert old not in json.dumps(record.after)
    assert new not in json.dumps(record.after)


def test_finishing_a_rotation_ends_the_old_secret_at_once(receiver):
    old = receiver.secret
    hook = endpoint(receiver)
    new = webhooks.webhook_secret_rotate(actor="ops", endpoint=hook)
    during = delivered(receiver, hook)
    assert verified(old, during["body"], during["headers"])
    assert webhooks.webhook_secret_rotation_finish(actor="ops", endpoint=hook)
    r = delivered(receiver, hook)
    assert verified(new, r["body"], r["headers"])
    assert not verified(old, r["body"], r["headers"])
    assert (hook.previous_secret, hook.previous_secret_until) == ("", None)
    assert not webhooks.webhook_secret_rotation_finish(actor="ops", endpoint=hook)  # none left
    actions = list(AuditRecord.objects.values_list("action", flat=True).order_by("id"))
    assert actions == ["webhook_secret_rotate", "webhook_secret_rotation_finish"]


@pytest.mark.django_db(transaction=True)  # the schema changes: SQLite cannot in a transaction
def test_a_secret_kept_from_before_still_verifies_with_the_key_the_receiver_holds(receiver):
    executor = MigrationExecutor(connection)
    before = [("notifications", "0001_initial")]
    executor.migrate(before)
    old_model = executor.loader.project_state(before).apps.get_model(
        "notifications", "WebhookEndpoint"
    )
    old_model.objects.create(url=receiver.url, secret="the receiver's old secret")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    hook = WebhookEndpoint.objects.get()
    assert hook.secret == "whsec_" + base64.b64encode(b"the receiver's old secret").decode()
    r = delivered(receiver, hook)
    assert verified(b"the receiver's old secret", r["body"], r["headers"])
    assert verified(hook.secret, r["body"], r["headers"])


def queue_now() -> datetime:
    return datetime.now()  # the queue keeps local time (settings.HUEY: utc False)


def run_retries() -> list[float]:
    """Run each retry Huey scheduled at once (no waiting), noting how long it was due to
    wait."""
    waits = []
    far = queue_now() + timedelta(days=1)
    while True:
        now = queue_now()
        due = huey.read_schedule(far)
        if not due:
            return waits
        assert len(due) == 1
        waits.append((due[0].eta - now).total_seconds())
        huey.execute(due[0], far)


def test_retries_back_off_exponentially_then_succeed(db, settings):
    settings.PARTNERFOLIO_WEBHOOK_BACKOFF = 10
    settings.PARTNERFOLIO_WEBHOOK_ATTEMPTS = 5
    receiver = Receiver(statuses=[500, 500, 200])
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
    assert {r["headers"][webhooks.ID] for r in receiver.requests} == {"evt-1"}


def test_the_waits_double_up_to_an_hour(db, settings):
    settings.PARTNERFOLIO_WEBHOOK_BACKOFF = 1000
    settings.PARTNERFOLIO_WEBHOOK_ATTEMPTS = 5
    receiver = Receiver(statuses=[500] * 5)
    try:
        deliver_webhook(endpoint(receiver).pk, "evt-5", "pitfall.new", "{}")
        waits = run_retries()
    finally:
        receiver.close()
    assert len(waits) == 4
    for wait, expected in zip(waits, (1000, 2000, 3600, 3600), strict=True):
        assert expected - 1 < wait <= expected


def test_gives_up_after_the_last_attempt(db, settings, caplog):
    settings.PARTNERFOLIO_WEBHOOK_BACKOFF = 0.5
    settings.PARTNERFOLIO_WEBHOOK_ATTEMPTS = 3
    receiver = Receiver(statuses=[500] * 10)
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
    assert huey.scheduled() == []  # no retry left waiting
    gave_up = [r for r in caplog.records if r.levelname == "ERROR" and "gave up" in r.message]
    assert [r.message for r in gave_up] == [
        f"webhook {hook.pk} (127.0.0.1): gave up on event evt-2 after 3 attempts "
        "(HTTP 500 Internal Server Error)"
    ]
    assert hook.url not in gave_up[0].message  # its path may carry the receiver's token


def test_an_unreachable_endpoint_is_logged_and_retried(db, settings):
    settings.PARTNERFOLIO_WEBHOOK_ATTEMPTS = 2
    settings.PARTNERFOLIO_WEBHOOK_TIMEOUT = 2
    receiver = Receiver()
    url = receiver.url
    receiver.close()  # nothing listens there any more
    hook = WebhookEndpoint.objects.create(url=url, secret=receiver.secret)
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


def test_queued_deliveries_run_when_the_worker_drains(db):
    receiver = Receiver(statuses=[503])
    try:
        hook = endpoint(receiver)
        message = webhook_delivery.s(
            hook.pk, "evt-4", "pitfall.new", "{}", 3, retries=2, retry_delay=30
        )
        huey.storage.enqueue(huey.serialize_task(message), 0)  # as a web server queues it
        assert WebhookDelivery.objects.count() == 0
        assert drain() == 1
    finally:
        receiver.close()
    delivery = WebhookDelivery.objects.get(event_id="evt-4")
    assert (delivery.attempt, delivery.succeeded, delivery.gave_up) == (1, False, False)
    (retry,) = huey.scheduled()  # for the next drain, in 30 s
    assert (retry.id, retry.retries) == (message.id, 1)
    assert 29 < (retry.eta - queue_now()).total_seconds() <= 30
    assert drain() == 0  # not due yet


def test_a_delivery_queued_before_the_upgrade_is_attempted_once_more(db, receiver):
    """Queued by the code before Huey's retries: under the same task name, the attempt
    number as its fifth argument, no retries of Huey's."""
    hook = endpoint(receiver)
    message = webhook_delivery.s(hook.pk, "evt-6", "pitfall.new", "{}", 4)
    queued_as = huey.deserialize_task(huey.serialize_task(message))
    assert f"{type(queued_as).__module__}.{queued_as.name}" == (
        "partnerfolio.notifications.tasks.deliver_webhook"
    )
    huey.execute(queued_as)
    delivery = WebhookDelivery.objects.get(event_id="evt-6")
    assert (delivery.attempt, delivery.succeeded) == (4, True)
