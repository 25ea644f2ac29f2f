"""`scan --notify`, `worker`, `webhook` and the daily task, run in-process."""

from __future__ import annotations

import base64
import io
import json
from datetime import datetime

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from huey import RedisHuey
from huey.consumer import Consumer
from huey.contrib import djhuey
from huey.utils import load_class

from partnerfolio.audit.models import AuditRecord
from partnerfolio.notifications import conf
from partnerfolio.notifications.models import (
    AlertSent,
    Notification,
    WebhookDelivery,
    WebhookEndpoint,
)
from partnerfolio.notifications.queue import LazySqliteStorage, huey
from partnerfolio.notifications.tasks import daily_alerts, webhook_delivery
from tests.notifications.conftest import AS_OF

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_scan_notify_tells_once(world):
    out, _ = run("scan", "--as-of", AS_OF.isoformat(), "--notify")
    assert "4 partnership(s) assessed as of 2026-03-02" in out  # the scan's own report
    assert "alerts: 12 new" in out
    assert "to 4 person(s), 4 digest email(s)" in out
    assert len(mail.outbox) == 4
    out, _ = run("scan", "--as-of", AS_OF.isoformat(), "--notify")
    assert "alerts: 0 new" in out
    assert len(mail.outbox) == 4


def test_scan_without_notify_tells_no_one(world):
    out, _ = run("scan", "--as-of", AS_OF.isoformat())
    assert "alerts:" not in out
    assert not AlertSent.objects.exists()
    assert not mail.outbox


def test_scan_json_notify_keeps_stdout_json(world):
    out, err = run("scan", "--as-of", AS_OF.isoformat(), "--json", "--notify")
    lines = out.splitlines()
    assert lines
    assert all(json.loads(line)["partnership"] for line in lines)
    assert "alerts: 12 new" in err
    assert Notification.objects.exists()


def test_the_worker_runs_djhueys_consumer_with_its_options(monkeypatch):
    started: list[Consumer] = []
    monkeypatch.setattr(Consumer, "run", lambda consumer: started.append(consumer))
    run("worker", "--workers", "3", "--no-periodic")
    run("worker")
    (consumer, default) = started
    assert consumer.huey is huey is djhuey.HUEY
    assert (consumer.workers, consumer.worker_type, consumer.periodic) == (3, "thread", False)
    assert (default.workers, default.worker_type, default.periodic) == (2, "thread", True)
    assert default.check_worker_health
    for task in (webhook_delivery.s(1, "e", "pitfall.new", "{}"), daily_alerts.s()):
        assert huey.deserialize_task(huey.serialize_task(task)).name == task.name  # registered
    with pytest.raises(CommandError, match="--workers must be at least 1, got 0") as refused:
        run("worker", "--workers", "0")
    assert refused.value.returncode == 2
    assert len(started) == 2


def test_the_queue_is_sqlite_in_the_data_directory_or_redis_when_configured(settings):
    from partnerfolio.config import services

    assert (huey.name, huey.utc, huey.storage_class) == ("partnerfolio", False, LazySqliteStorage)
    assert services.task_queue("", settings.DATA_DIR) == settings.HUEY
    sqlite = services.task_queue("", settings.DATA_DIR)
    assert sqlite["filename"] == str(settings.DATA_DIR / "huey.sqlite3")
    assert sqlite["immediate"] is False  # whatever DEBUG says: the tests switch it on
    redis = services.task_queue("redis://redis.internal:6379/0", settings.DATA_DIR)
    queue = load_class(redis.pop("huey_class"))(redis.pop("name"), **redis)  # as djhuey does
    assert isinstance(queue, RedisHuey)
    assert queue.storage.conn.connection_pool.connection_kwargs["host"] == "redis.internal"


def test_worker_drain_runs_what_is_due_and_exits(world):
    message = daily_alerts.s()
    huey.storage.enqueue(huey.serialize_task(message), 0)
    out, _ = run("worker", "--drain")
    assert out.strip() == "1 task(s) run"
    assert AlertSent.objects.exists()
    assert run("worker", "--drain")[0].strip() == "0 task(s) run"


def test_the_daily_task_runs_at_the_configured_hour(world, settings):
    hour = conf.alert_hour()
    assert hour == 7
    assert daily_alerts.s().validate_datetime(datetime(2026, 3, 2, hour, 0))
    assert not daily_alerts.s().validate_datetime(datetime(2026, 3, 2, hour + 1, 0))
    assert not daily_alerts.s().validate_datetime(datetime(2026, 3, 2, hour, 1))
    settings.PARTNERFOLIO_ALERT_HOUR = 5
    assert conf.alert_hour() == 5
    settings.PARTNERFOLIO_ALERT_HOUR = 25
    with pytest.raises(ImproperlyConfigured):
        conf.alert_hour()
    summary = daily_alerts.call_local()
    assert summary.startswith("alerts: ")
    assert Notification.objects.exists()


S3 = "whsec_" + base64.b64encode(b"s3" * 16).decode()


def test_webhook_add_list_remove(db):
    out, _ = run("webhook", "add", "https://hooks.example.org/pf", "--secret", S3, "--events",
                 "pitfall,review.due")  # fmt: skip
    endpoint = WebhookEndpoint.objects.get()
    assert out.strip() == f"webhook {endpoint.pk} added: https://hooks.example.org/pf"
    assert (endpoint.secret, endpoint.event_kinds, endpoint.active) == (
        S3,
        ["pitfall", "review.due"],
        True,
    )
    out, _ = run("webhook", "add", "http://127.0.0.1:9/x", "--confidential")
    assert "secret (shown once): " in out
    generated = out.split("secret (shown once): ")[1].strip()
    assert WebhookEndpoint.objects.get(url="http://127.0.0.1:9/x").secret == generated
    assert len(base64.b64decode(generated.removeprefix("whsec_"), validate=True)) == 32
    listing, _ = run("webhook", "list")
    assert "https://hooks.example.org/pf\tactive\tpitfall,review.due" in listing
    assert "all events\twith confidential\tnever used" in listing
    assert S3 not in listing
    assert generated not in listing
    run("webhook", "remove", str(endpoint.pk))
    assert not WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    actions = list(AuditRecord.objects.values_list("action", flat=True).order_by("id"))
    assert actions == ["webhook_add", "webhook_add", "webhook_remove"]
    assert S3 not in json.dumps(list(AuditRecord.objects.values("after", "before")))


def test_webhook_rotate_prints_the_new_secret_once_and_finish_ends_the_old_one(db):
    run("webhook", "add", "https://hooks.example.org/pf", "--secret", S3)
    endpoint = WebhookEndpoint.objects.get()
    out, _ = run("webhook", "rotate", str(endpoint.pk))
    new = out.split("new secret (shown once): ")[1].split()[0]
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.previous_secret) == (new, S3)
    assert (
        f"give the receiver the new one, then `partnerfolio webhook rotate {endpoint.pk} --finish`"
        in out
    )
    listing, _ = run("webhook", "list")
    assert "\told secret signs until " in listing
    assert S3 not in listing
    assert new not in listing
    out, _ = run("webhook", "rotate", str(endpoint.pk), "--finish")
    assert out.strip() == f"webhook {endpoint.pk}: only the new secret signs from now on"
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.previous_secret) == (new, "")
    assert "old secret" not in run("webhook", "list")[0]
    with pytest.raises(CommandError, match="has no rotation under way") as refused:
        run("webhook", "rotate", str(endpoint.pk), "--finish")
    assert refused.value.returncode == 2
    actions = list(AuditRecord.objects.values_list("action", flat=True).order_by("id"))
    assert actions == ["webhook_add", "webhook_secret_rotate", "webhook_secret_rotation_finish"]
    assert new not in json.dumps(list(AuditRecord.objects.values("after", "before")))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "ftp://example.org/x"), r"not an http\(s\) URL"),
        (("add", "https://example.org/x", "--events", "pitfal"), "unknown event type"),
        (("remove", "99"), "no webhook 99"),
        (("rotate", "99"), "no webhook 99"),
        (("add", "https://example.org/x", "--secret", "s3"), "a secret is whsec_ followed by"),
        (("add", "https://example.org/x", "--secret", "whsec_%%%"), "is not base64"),
        (("add", "https://example.org/x", "--secret", "whsec_czM="), r"holds 2 byte\(s\)"),
    ],
)
def test_webhook_refusals(db, args, message):
    with pytest.raises(CommandError, match=message) as refused:
        run("webhook", *args)
    assert refused.value.returncode == 2
    assert not WebhookEndpoint.objects.exists()


def test_a_removed_endpoint_gets_no_more_attempts(db):
    endpoint = WebhookEndpoint.objects.create(url="http://127.0.0.1:9/x", secret="k")
    pk = endpoint.pk
    endpoint.delete()
    assert webhook_delivery.call_local(pk, "e", "pitfall.new", "{}") is False
    assert not WebhookDelivery.objects.exists()
