"""Outgoing webhooks: signing, one delivery attempt, and how receivers verify.

Each attempt POSTs the event's JSON body with these headers:

    Content-Type: application/json
    X-Partnerfolio-Event: <event id, the same on every retry>
    X-Partnerfolio-Event-Type: pitfall.new | review.due | …
    X-Partnerfolio-Timestamp: <Unix seconds when this attempt was signed>
    X-Partnerfolio-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>

A receiver recomputes the HMAC over the timestamp header, a dot and the raw body bytes,
compares it in constant time (`verify`), refuses timestamps more than five minutes
away from its clock (a captured request cannot be replayed later, and altering the
timestamp breaks the signature), and ignores an event id it has already processed.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from typing import Any

from partnerfolio.notifications import addresses, conf
from partnerfolio.notifications.models import WebhookDelivery, WebhookEndpoint

SIGNATURE = "X-Partnerfolio-Signature"
TIMESTAMP = "X-Partnerfolio-Timestamp"
EVENT = "X-Partnerfolio-Event"
EVENT_TYPE = "X-Partnerfolio-Event-Type"
TOLERANCE = 300


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE,
) -> bool:
    """What a receiver does (in any language): fresh timestamp, matching signature."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


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
    endpoint: WebhookEndpoint, event_id: str, event_type: str, body: str, number: int
) -> WebhookDelivery:
    """POST once and log the attempt, whatever happens."""
    raw = body.encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        endpoint.url,
        data=raw,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Partnerfolio-Webhooks/1",
            EVENT: event_id,
            EVENT_TYPE: event_type,
            TIMESTAMP: timestamp,
            SIGNATURE: sign(endpoint.secret, timestamp, raw),
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
        gave_up=not ok and (refused or number >= conf.webhook_attempts()),
    )
