"""The notifications' settings, as `partnerfolio.config.settings` read them from the
environment (`partnerfolio.config.environment`), checked again here because tests and
other settings modules may give them in any form (pytest-django's `settings` fixture).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _raw(name: str) -> Any:
    value = getattr(settings, name, None)
    return None if value == "" else value


def number(name: str, default: float, *, whole: bool = True) -> Any:
    raw = _raw(name)
    if raw is None:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except (TypeError, ValueError):
        kind = "a whole number" if whole else "a number"
        raise ImproperlyConfigured(f"{name} must be {kind}, got {raw!r}") from None
    if value < 0:
        raise ImproperlyConfigured(f"{name} must not be negative, got {raw!r}")
    return value


def text(name: str, default: str = "") -> str:
    raw = _raw(name)
    return default if raw is None else str(raw)


def review_days() -> int:
    """A review is announced this many days before it is due (and again once overdue)."""
    return number("PARTNERFOLIO_ALERT_REVIEW_DAYS", 14)


def agreement_days() -> int:
    """An agreement's renewal or end is announced this many days ahead."""
    return number("PARTNERFOLIO_ALERT_AGREEMENT_DAYS", 60)


def alert_hour() -> int:
    hour = number("PARTNERFOLIO_ALERT_HOUR", 7)
    if hour > 23:
        raise ImproperlyConfigured(f"PARTNERFOLIO_ALERT_HOUR must be 0 to 23, got {hour}")
    return hour


def base_url() -> str:
    """Where people reach the application, for the links in emails and webhook events."""
    return text("PARTNERFOLIO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def webhook_attempts() -> int:
    return max(1, number("PARTNERFOLIO_WEBHOOK_ATTEMPTS", 6))


def webhook_backoff() -> float:
    """Seconds before the second attempt; each later wait doubles, up to an hour."""
    return number("PARTNERFOLIO_WEBHOOK_BACKOFF", 30.0, whole=False)


def webhook_timeout() -> float:
    return number("PARTNERFOLIO_WEBHOOK_TIMEOUT", 10.0, whole=False) or 10.0


def webhook_allowed_hosts() -> frozenset[str]:
    """Hosts (as a webhook URL names them) that may be private, loopback or link-local
    addresses: a list in settings, or a comma-separated PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS."""
    raw = _raw("PARTNERFOLIO_WEBHOOK_ALLOWED_HOSTS") or ()
    names = raw.split(",") if isinstance(raw, str) else list(raw)
    return frozenset(str(n).strip().lower().rstrip(".") for n in names if str(n).strip())


BACKOFF_CAP = 3600.0


def backoff_delay(attempt: int) -> float:
    """The wait after failed attempt `attempt` (1, 2, …): base, 2 × base, 4 × base, …"""
    return min(webhook_backoff() * 2 ** (attempt - 1), BACKOFF_CAP)
