"""The background task queue: Huey, on SQLite in the data directory or on Redis.

One machine: `settings.DATA_DIR / "huey.sqlite3"` (created on first use, not on import,
owner-only like every file of the data directory).
Several application servers: set PARTNERFOLIO_REDIS_URL (redis://host:6379/0) and every
server's `partnerfolio worker` reads the same queue. Tests switch the instance to
immediate mode (`huey.immediate = True`): tasks run in the caller, on in-memory storage.

Times (task schedules, the daily alert hour) are the installation's local time, which
Django sets from PARTNERFOLIO_TIME_ZONE.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import close_old_connections
from huey import Huey, RedisHuey
from huey.storage import SqliteStorage

from partnerfolio.config.private import QUEUE_FILE, private_database

NAME = "partnerfolio"

F = TypeVar("F", bound=Callable[..., Any])


class LazySqliteStorage(SqliteStorage):
    """Huey's SQLite storage, creating its file and tables on first use rather than when
    the module is imported (commands that never queue anything leave no file behind)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["create_tables"] = False
        super().__init__(*args, **kwargs)

    def _create_connection(self) -> Any:
        # the data directory 0700, the file and its -wal and -shm 0600 (it holds webhook
        # payloads and import progress): `partnerfolio.config.private`
        private_database(Path(self.filename))
        conn = super()._create_connection()
        for sql in self.ddl:
            conn.execute(sql)
        return conn


def redis_url() -> str:
    return getattr(settings, "PARTNERFOLIO_REDIS_URL", None) or os.environ.get(
        "PARTNERFOLIO_REDIS_URL", ""
    )


def build() -> Huey:
    url = redis_url()
    if url:
        return RedisHuey(NAME, url=url, utc=False)
    return Huey(
        NAME,
        storage_class=LazySqliteStorage,
        filename=str(Path(settings.DATA_DIR) / QUEUE_FILE),
        utc=False,
    )


huey = build()


def close_db(fn: F) -> F:
    """Django's connection hygiene around a task run by the consumer, as for a request."""

    @functools.wraps(fn)
    def inner(*args: Any, **kwargs: Any) -> Any:
        if not huey.immediate:
            close_old_connections()
        try:
            return fn(*args, **kwargs)
        finally:
            if not huey.immediate:
                close_old_connections()

    return inner  # type: ignore[return-value]
