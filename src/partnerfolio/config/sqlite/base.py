"""Django's SQLite backend, creating the data directory on first connection, owner-only.

So `partnerfolio migrate` works in a fresh checkout, while commands that never touch the
database (assess) leave no `var/` behind. Before each new connection the directory is made
0700 and the database (created empty when missing) and its -wal, -shm and -journal files
0600, so an installation from before is tightened when it starts
(`partnerfolio.config.private`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base

from partnerfolio.config.private import private_database


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        name = str(conn_params.get("database", ""))
        if name and name != ":memory:" and not name.startswith("file:"):
            private_database(Path(name))
        return super().get_new_connection(conn_params)
