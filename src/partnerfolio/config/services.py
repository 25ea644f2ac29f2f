"""What the settings build for the services an installation talks to: the database, the
cache, the task queue and the logs. `partnerfolio.config.settings` reads the variables
(through `partnerfolio.config.environment`) and hands their values here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def databases(
    url: str, *, sqlite_file: Path, conn_max_age: int, sqlite_timeout: int
) -> dict[str, Any]:
    """DATABASE_URL's database, or SQLite in the data directory."""
    if url:
        try:
            config = dj_database_url.parse(url, conn_max_age=conn_max_age)
        except ValueError as error:
            raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
        return {"default": config}
    return {
        "default": {
            "ENGINE": "partnerfolio.config.sqlite",  # Django's, creating var/ when first used
            # Keep a connection between requests: opening one and setting it up costs ~1 ms.
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": True,
            "NAME": sqlite_file,
            "OPTIONS": {
                # Writers queue behind each other instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": sqlite_timeout,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }


def caches(redis_url: str, *, entries: int) -> dict[str, Any]:
    """Redis, shared by every server, when configured: its own `maxmemory` with an LRU
    policy bounds it (docs/deploy.md). Otherwise Django's local-memory cache in each
    process, bounded to `entries` (the least recently used out first)."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "partnerfolio",
                "TIMEOUT": 300,
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "partnerfolio",
            "KEY_PREFIX": "partnerfolio",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": entries},
        }
    }


def task_queue(redis_url: str, data_dir: Path) -> dict[str, Any]:
    """The HUEY setting of Huey's Django integration (huey.contrib.djhuey; docs/alerts.md,
    "The worker and the queue"). With Redis, shared by every server's worker; without it,
    SQLite in the data directory, created on first use and owner-only
    (partnerfolio.notifications.queue). Schedules in local time. Never immediate here
    (djhuey would follow DEBUG): the tests switch it on themselves. `partnerfolio worker`
    runs its consumer."""
    from partnerfolio.config.private import QUEUE_FILE
    from partnerfolio.notifications.queue import LazySqliteStorage

    queue: dict[str, Any] = {"name": "partnerfolio", "utc": False, "immediate": False}
    if redis_url:
        return {**queue, "huey_class": "huey.RedisHuey", "url": redis_url}
    return {
        **queue,
        "huey_class": "huey.Huey",
        "storage_class": LazySqliteStorage,
        "filename": str(data_dir / QUEUE_FILE),
    }


def logging(level: str) -> dict[str, Any]:
    """One JSON object a line (partnerfolio.operations.logs), at `level` and above."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"json": {"()": "partnerfolio.operations.logs.JsonLines"}},
        "root": {"handlers": ["json"], "level": level},
        "loggers": {
            # Django's own lines for 4xx repeat what the request line says; its 5xx lines
            # (with the traceback) stay.
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "ERROR"},
            "django.db.backends": {"level": "INFO"},  # never the SQL with its values
            "huey": {"level": "DEBUG" if level == "DEBUG" else "WARNING"},
        },
    }


ROLES = ("admin", "manager", "contributor", "viewer")


def check_single_sign_on(
    *,
    issuer: str,
    client_id: str,
    client_secret: str,
    role_groups: dict[str, str],
    sso_only: bool = False,
    saml_metadata_url: str = "",
    saml_role_groups: dict[str, str] | None = None,
) -> None:
    """Single sign-on is configured whole or not at all (docs/sso.md); SSO-only mode needs
    an identity provider to sign in with."""
    if sso_only and not issuer and not saml_metadata_url:
        raise ImproperlyConfigured(
            "PARTNERFOLIO_SSO_ONLY is on but neither PARTNERFOLIO_OIDC_ISSUER nor "
            "PARTNERFOLIO_SAML_METADATA_URL is set: with passwords turned off and no identity "
            "provider, nobody but the break-glass administrators could sign in"
        )
    if saml_metadata_url:
        _check_role_groups(
            saml_role_groups or {},
            "PARTNERFOLIO_SAML_ROLE_GROUPS",
            "PARTNERFOLIO_SAML_METADATA_URL",
        )
    if not issuer:
        return
    if not client_id or not client_secret:
        raise ImproperlyConfigured(
            "PARTNERFOLIO_OIDC_CLIENT_ID and PARTNERFOLIO_OIDC_CLIENT_SECRET must be set "
            "when PARTNERFOLIO_OIDC_ISSUER is"
        )
    _check_role_groups(role_groups, "PARTNERFOLIO_OIDC_ROLE_GROUPS", "PARTNERFOLIO_OIDC_ISSUER")


def _check_role_groups(role_groups: dict[str, str], variable: str, provider: str) -> None:
    if not role_groups:
        raise ImproperlyConfigured(
            f"{variable} must map at least one group to a role when {provider} is set, such "
            f"as 'pf-viewers=viewer': without a mapped group nobody may sign in"
        )
    for group, role in role_groups.items():
        if role not in ROLES:
            raise ImproperlyConfigured(
                f"{variable} must map groups to admin, manager, contributor or viewer, got "
                f"{group}={role!r}"
            )
