"""Outgoing webhooks: their secrets, signing, one delivery attempt (docs/alerts.md).

Deliveries are signed as the Standard Webhooks specification says
(https://www.standardwebhooks.com/), with its `standardwebhooks` package. Each attempt
POSTs the event's JSON body with these headers:

    Content-Type: application/json
    webhook-id: <the event id, the same on every retry>
    webhook-timestamp: <Unix seconds when this attempt was signed>
    webhook-signature: v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>
    X-Partnerfolio-Event-Type: pitfall.new | review.due | …

A secret is `whsec_` and the base64 of its key. The id, the timestamp and the body are
all signed: a captured delivery replayed under a new id, later, or altered fails. A
receiver verifies with `standardwebhooks.Webhook(secret).verify(body, headers)`, which
also refuses a timestamp more than five minutes from its clock, and ignores an id it has
already processed.

Rotation: `webhook_secret_rotate` makes a new secret and keeps the one it replaces for
PARTNERFOLIO_WEBHOOK_ROTATION_HOURS (or until `webhook_secret_rotation_finish`); meanwhile
`webhook-signature` carries one `v1,…` signature per secret, space-separated, so a
receiver holding either verifies.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.notifications import addresses, conf
from partnerfolio.notifications.models import WebhookDelivery, WebhookEndpoint

ID = "webhook-id"
TIMESTAMP = "webhook-timestamp"
SIGNATURE = "webhook-signature"
EVENT_TYPE = "X-Partnerfolio-Event-Type"
PREFIX = "whsec_"
KEY_BYTES = 32  # the specification asks for 24 to 64
KEY_RANGE = range(24, 65)


def secret_new() -> str:
    """A new random secret, in the `whsec_<base64>` form receivers' libraries read."""
    return PREFIX + base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def secret_check(secret: str) -> str:
    """The secret given, if it is `whsec_` and the base64 of 24 to 64 bytes; else ValueError."""
    form = "a secret is whsec_ followed by the base64 of 24 to 64 random bytes"
    if not secret.startswith(PREFIX):
        raise ValueError(f"{form} (leave it out to have one made)")
    try:
        key = base64.b64decode(secret[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{form}: what follows whsec_ is not base64") from None
    if len(key) not in KEY_RANGE:
        raise ValueError(f"{form}: this one holds {len(key)} byte(s)")
    return secret


def rotating(endpoint: WebhookEndpoint, now: datetime) -> bool:
    """Whether the endpoint's previous secret still signs: its rotation window is open."""
    until = endpoint.previous_secret_until
    return bool(endpoint.previous_secret) and until is not None and now < until


def signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    """The current secret, and the previous one while its rotation window lasts (an ended
    one is forgotten)."""
    if rotating(endpoint, now):
        return [endpoint.secret, endpoint.previous_secret]
    if endpoint.previous_secret:
        WebhookEndpoint.objects.filter(
            pk=endpoint.pk, previous_secret_until=endpoint.previous_secret_until
        ).update(previous_secret="", previous_secret_until=None)
    return [endpoint.secret]


def signature(endpoint: WebhookEndpoint, msg_id: str, at: datetime, body: bytes) -> str:
    """The `webhook-signature` header: one `v1,…` per secret in use, space-separated."""
    return " ".join(Webhook(s).sign(msg_id, at, body) for s in signing_secrets(endpoint, at))


def webhook_secret_rotate(
    *, actor: Actor, endpoint: WebhookEndpoint, now: datetime | None = None
) -> str:
    """Give the endpoint a new secret, answered (to be shown once): the current one becomes
    the previous one and still signs for PARTNERFOLIO_WEBHOOK_ROTATION_HOURS. A previous
    secret still in its window is dropped."""
    now = now or timezone.now()
    new = secret_new()
    with transaction.atomic():
        locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        locked.previous_secret = locked.secret
        locked.previous_secret_until = now + timedelta(
            hours=settings.PARTNERFOLIO_WEBHOOK_ROTATION_HOURS
        )
        locked.secret = new
        locked.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
        audit_record(
            actor=actor,
            action="webhook_secret_rotate",
            entity="webhook_endpoint",
            entity_id=locked.pk,
            after={"url": locked.url, "previous_ends": locked.previous_secret_until.isoformat()},
        )
    endpoint.refresh_from_db()
    return new


def webhook_secret_rotation_finish(*, actor: Actor, endpoint: WebhookEndpoint) -> bool:
    """End a rotation now: only the current secret signs from here. Answer whether one was
    under way (nothing is changed or recorded otherwise)."""
    with transaction.atomic():
        ending = WebhookEndpoint.objects.filter(
            pk=endpoint.pk, previous_secret_until__gt=timezone.now()
        ).exclude(previous_secret="")
        if not ending.update(previous_secret="", previous_secret_until=None):
            return False
        audit_record(
            actor=actor,
            action="webhook_secret_rotation_finish",
            entity="webhook_endpoint",
            entity_id=endpoint.pk,
            after={"url": endpoint.url},
        )
    endpoint.refresh_from_db()
    return True


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a delivery: it is logged and retried like an error."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# No proxy from the environment: the address checked is the address reached.
_opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}),
    addresses.CheckedHTTPHandler,
    addresses.CheckedHTTPSHandler,
    _NoRedirects,
)


def attempt(
    endpoint: WebhookEndpoint,
    event_id: str,
    event_type: str,
    body: str,
    number: int,
    *,
    last: bool = False,
) -> WebhookDelivery:
    """POST once and log the attempt (the `last` one: no retry follows), whatever happens."""
    raw = body.encode()
    at = timezone.now().replace(microsecond=0)
    request = urllib.request.Request(
        endpoint.url,
        data=raw,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Partnerfolio-Webhooks/1",
            ID: event_id,
            TIMESTAMP: str(int(at.timestamp())),
            SIGNATURE: signature(endpoint, event_id, at, raw),
            EVENT_TYPE: event_type,
        },
    )
    status: int | None = None
    error = ""
    refused = False
    start = time.monotonic()
    try:
        with _opener.open(request, timeout=conf.webhook_timeout()) as response:
            status = response.status
            response.read(65536)
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code} {exc.reason}"
    except urllib.error.URLError as exc:
        refused = isinstance(exc.reason, addresses.AddressRefused)
        error = f"refused: {exc.reason}" if refused else f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # refused, timed out, bad certificate…: logged, then retried
        error = f"{type(exc).__name__}: {exc}"
    duration = int((time.monotonic() - start) * 1000)
    ok = status is not None and 200 <= status < 300
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        event_type=event_type,
        attempt=number,
        status_code=status,
        error="" if ok else (error or f"HTTP {status}")[:2000],
        duration_ms=duration,
        succeeded=ok,
        gave_up=not ok and (refused or last),
    )
