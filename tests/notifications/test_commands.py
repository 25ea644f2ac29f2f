"""`scan --notify`, `worker`, `webhook` and the daily task, run in-process."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerfolio.audit.models import AuditRecord
from partnerfolio.notifications import conf
from partnerfolio.notifications.management.commands.worker import make_consumer
from partnerfolio.notifications.models import (
    AlertSent,
    Notification,
    WebhookDelivery,
    WebhookEndpoint,
)
from partnerfolio.notifications.queue import huey
from partnerfolio.notifications.tasks import daily_alerts, deliver_webhook
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


def test_the_worker_builds_huey_consumer():
    consumer = make_consumer(workers=3, periodic=False)
    assert consumer.huey is huey
    assert (consumer.workers, consumer.worker_type, consumer.periodic) == (3, "thread", False)
    registered = set(huey._registry._registry)
    assert any(name.endswith("deliver_webhook") for name in registered)
    assert any(name.endswith("daily_alerts") for name in registered)
    assert make_consumer().periodic is True


def test_worker_drain_runs_what_is_due_and_exits(world):
    message = daily_alerts.s()
    huey.storage.enqueue(huey.serialize_task(message), 0)
    out, _ = run("worker", "--drain")
    assert out.strip() == "1 task(s) run"
    assert AlertSent.objects.exists()
    assert run("worker", "--drain")[0].strip() == "0 task(s) run"


def test_the_daily_task_runs_at_the_configured_hour(world, monkeypatch):
    hour = conf.alert_hour()
    assert hour == 7
    assert daily_alerts.s().validate_datetime(datetime(2026, 3, 2, hour, 0))
    assert not daily_alerts.s().validate_datetime(datetime(2026, 3, 2, hour + 1, 0))
    assert not daily_alerts.s().validate_datetime(datetime(2026, 3, 2, hour, 1))
    monkeypatch.setenv("PARTNERFOLIO_ALERT_HOUR", "5")
    assert conf.alert_hour() == 5
    monkeypatch.setenv("PARTNERFOLIO_ALERT_HOUR", "25")
    with pytest.raises(ImproperlyConfigured):
        conf.alert_hour()
    summary = daily_alerts.call_local()
    assert summary.startswith("alerts: ")
    assert Notification.objects.exists()


def test_webhook_add_list_remove(db):
    out, _ = run("webhook", "add", "https://hooks.example.org/pf", "--secret", "s3", "--events",
                 "pitfall,review.due")  # fmt: skip
    endpoint = WebhookEndpoint.objects.get()
    assert out.strip() == f"webhook {endpoint.pk} added: https://hooks.example.org/pf"
    assert (endpoint.secret, endpoint.event_kinds, endpoint.active) == (
        "s3",
        ["pitfall", "review.due"],
        True,
    )
    out, _ = run("webhook", "add", "http://127.0.0.1:9/x", "--confidential")
    assert "secret (shown once): " in out
    generated = out.split("secret (shown once): ")[1].strip()
    assert WebhookEndpoint.objects.get(url="http://127.0.0.1:9/x").secret == generated
    assert len(generated) >= 40
    listing, _ = run("webhook", "list")
    assert "https://hooks.example.org/pf\tactive\tpitfall,review.due" in listing
    assert "all events\twith confidential\tnever used" in listing
    assert "s3" not in listing
    assert generated not in listing
    run("webhook", "remove", str(endpoint.pk))
    assert not WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    actions = list(AuditRecord.objects.values_list("action", flat=True).order_by("id"))
    assert actions == ["webhook_add", "webhook_add", "webhook_remove"]
    assert "s3" not in json.dumps(list(AuditRecord.objects.values("after", "before")))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "ftp://example.org/x"), r"not an http\(s\) URL"),
        (("add", "https://example.org/x", "--events", "pitfal"), "unknown event type"),
        (("remove", "99"), "no webhook 99"),
    ],
)
def test_webhook_refusals(db, args, message):
    with pytest.raises(CommandError, match=message) as refused:
        run("webhook", *args)
    assert refused.value.returncode == 2


def test_a_removed_endpoint_gets_no_more_attempts(db):
    endpoint = WebhookEndpoint.objects.create(url="http://127.0.0.1:9/x", secret="k")
    pk = endpoint.pk
    endpoint.delete()
    assert deliver_webhook.call_local(pk, "e", "pitfall.new", "{}") is False
    assert not WebhookDelivery.objects.exists()
