"""The queue's jobs: webhook deliveries with retries, and the daily alert run."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from huey import crontab

from partnerfolio.notifications import conf, webhooks
from partnerfolio.notifications.models import WebhookEndpoint
from partnerfolio.notifications.queue import close_db, huey

log = logging.getLogger(__name__)
ALERT_LOCK = "partnerfolio-alerts"


@huey.task()
@close_db
def deliver_webhook(
    endpoint_id: int, event_id: str, event_type: str, body: str, attempt: int = 1
) -> bool:
    """Attempt `attempt` of one event to one endpoint; on failure, the next one is
    scheduled after `conf.backoff_delay(attempt)` until `conf.webhook_attempts()`."""
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, active=True).first()
    if endpoint is None:
        return False  # removed or switched off since the event was queued
    delivery = webhooks.attempt(endpoint, event_id, event_type, body, attempt)
    if delivery.succeeded:
        return True
    if delivery.gave_up:
        log.error(
            "webhook %s: gave up on event %s after %d attempts (%s)",
            endpoint.url, event_id, attempt, delivery.error,
        )  # fmt: skip
        return False
    deliver_webhook.schedule(
        (endpoint_id, event_id, event_type, body, attempt + 1), delay=conf.backoff_delay(attempt)
    )
    return False


def run_daily_alerts() -> str:
    from partnerfolio.domain import load_playbook
    from partnerfolio.notifications.alerts import run_alerts

    playbook = load_playbook(settings.PARTNERFOLIO_PLAYBOOK)
    result = run_alerts(timezone.localdate(), playbook)
    log.info("daily alerts: %s", result.summary())
    return result.summary()


@huey.periodic_task(crontab(minute="0", hour=str(conf.alert_hour())))
@close_db
def daily_alerts() -> str | None:
    """The alert run, every day at PARTNERFOLIO_ALERT_HOUR (local time, default 7)."""
    with huey.lock_task(ALERT_LOCK):
        return run_daily_alerts()
