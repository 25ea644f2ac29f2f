"""`/healthz` and `/readyz`: what a load balancer, systemd or an orchestrator asks.

Both answer JSON to anyone, without signing in, and say nothing but whether each check
passed: no versions, no error messages, no counts.

- `/healthz`: the process is alive and serving (no database, no cache).
- `/readyz`: this server can do its work: the database answers and every migration is
  applied, the cache takes and gives back a value, and the task queue's broker answers.
  200 when all pass, 503 naming the checks that failed; details go to the log.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)
_migrated = False  # once every migration is applied, it stays so for this process


def _database() -> bool:
    global _migrated
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def _cache() -> bool:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    found = cache.get(key) == value
    cache.delete(key)
    return found


def _broker() -> bool:
    from partnerfolio.notifications.queue import huey

    huey.storage.queue_size()  # reaches Redis, or opens the queue's file
    return True


CHECKS: dict[str, Callable[[], bool]] = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
}


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failed"
        except Exception:
            log.exception("readiness check %s failed", name)
            results[name] = "failed"
    ready = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )
