"""The queue's jobs: webhook deliveries with Huey's retries, and the daily alert run."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.api import Task
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from partnerfolio.notifications import conf, webhooks
from partnerfolio.notifications.models import WebhookEndpoint

log = logging.getLogger(__name__)
ALERT_LOCK = "partnerfolio-alerts"
BACKOFF = 2  # each wait twice the one before (Huey's retry_backoff)


class NotDelivered(Exception):
    """An attempt that failed with attempts left: raised for Huey to retry the task."""


def deliver_webhook(endpoint_id: int, event_id: str, event_type: str, body: str) -> Any:
    """Queue one event for one endpoint: up to PARTNERFOLIO_WEBHOOK_ATTEMPTS attempts, the
    first retry PARTNERFOLIO_WEBHOOK_BACKOFF seconds after a failure, each later wait
    doubled (at most an hour)."""
    attempts = conf.webhook_attempts()
    return webhook_delivery(
        endpoint_id,
        event_id,
        event_type,
        body,
        attempts,
        retries=attempts - 1,
        retry_delay=conf.webhook_backoff(),
        retry_backoff=BACKOFF,
    )


# Named as the task was before Huey's retries, so that one queued then still runs (once).
@db_task(context=True, name="deliver_webhook")
def webhook_delivery(
    endpoint_id: int,
    event_id: str,
    event_type: str,
    body: str,
    attempts: int = 1,
    task: Task | None = None,
) -> bool:
    """One attempt of the event (its number: `attempts` less the retries Huey has left);
    a failure with attempts left raises, and Huey runs the task again after its delay."""
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, active=True).first()
    if endpoint is None:
        return False  # removed or switched off since the event was queued
    left = task.retries if task is not None else 0
    number = attempts - left
    delivery = webhooks.attempt(endpoint, event_id, event_type, body, number, last=not left)
    if delivery.succeeded:
        return True
    if delivery.gave_up:
        # the endpoint by its id and host: its URL may carry a receiver's token
        log.error(
            "webhook %s (%s): gave up on event %s after %d attempts (%s)",
            endpoint.pk, urlsplit(endpoint.url).hostname, event_id, number, delivery.error,
        )  # fmt: skip
        return False
    if task is not None:  # the wait Huey schedules now; it doubles it for the next one
        task.retry_delay = min(task.retry_delay, conf.BACKOFF_CAP)
    raise NotDelivered(f"event {event_id}, attempt {number} of {attempts}: {delivery.error}")


def run_daily_alerts() -> str:
    from partnerfolio.domain import load_playbook
    from partnerfolio.notifications.alerts import run_alerts

    playbook = load_playbook(settings.PARTNERFOLIO_PLAYBOOK)
    result = run_alerts(timezone.localdate(), playbook)
    log.info("daily alerts: %s", result.summary())
    return result.summary()


@db_periodic_task(crontab(minute="0", hour=str(conf.alert_hour())))
def daily_alerts() -> str | None:
    """The alert run, every day at PARTNERFOLIO_ALERT_HOUR (local time, default 7)."""
    with lock_task(ALERT_LOCK):
        return run_daily_alerts()
