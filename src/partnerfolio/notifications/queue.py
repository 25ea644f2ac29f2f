"""The background task queue: Huey, through its Django integration `huey.contrib.djhuey`.

djhuey builds the instance (`huey.contrib.djhuey.HUEY`, here `queue.huey`) from the HUEY
setting (the end of settings.py): on one machine SQLite at `settings.DATA_DIR /
"huey.sqlite3"`, in `LazySqliteStorage` below (created on first use, not on import,
owner-only like every file of the data directory); with PARTNERFOLIO_REDIS_URL
(redis://host:6379/0), Redis, which every server's `partnerfolio worker` reads. Tasks are
declared with djhuey's `db_task` and `db_periodic_task`, which close stale database
connections around each run in the worker, as Django does around a request. Tests switch
the instance to immediate mode (`huey.immediate = True`): tasks run in the caller, on
in-memory storage.

Times (task schedules, the daily alert hour) are the installation's local time, which
Django sets from PARTNERFOLIO_TIME_ZONE.

settings.py imports this module for `LazySqliteStorage`, before the settings exist: so
nothing here reads them on import, and `huey` is looked up when first asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from huey.storage import SqliteStorage

from partnerfolio.config.private import private_database


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


def __getattr__(name: str) -> Any:
    if name == "huey":  # djhuey's instance, which reads the settings when first imported
        from huey.contrib.djhuey import HUEY

        return HUEY
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
