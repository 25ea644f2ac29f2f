"""Installations the backup tests run `partnerfolio` against, each in processes of its own.

An installation is a data directory and, on PostgreSQL, a database: the test database
(committed, so the tests are transactional) for the one a backup is taken of, or a second
database the test creates and drops for the one a backup is restored into. On SQLite its
database is the file in the data directory.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection

from partnerfolio.config.private import DATABASE_FILE

WAIT = 120  # seconds: the longest one command may take on a loaded machine
PARTNERFOLIO = str(Path(sys.executable).parent / "partnerfolio")

CREATE = """
from partnerfolio.partnerships.services import partnership_create
for i in range({count}):
    name = f"{prefix} {{i}}"
    document = {{"name": name, "partners": [{{"name": f"{{name}} partner"}}]}}
    partnership_create(actor="backup test", document=document)
"""


class Installation:
    def __init__(self, data_dir: Path, database: str | None = None) -> None:
        self.data_dir = data_dir
        self.database = database  # PostgreSQL: its name; SQLite: None
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "PARTNERFOLIO_REQUIRE_DB")
        }
        self.env["PARTNERFOLIO_DATA_DIR"] = str(data_dir)
        if database is not None:
            db = connection.settings_dict
            login = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
            self.env["DATABASE_URL"] = f"postgres://{login}@{db['HOST']}:{db['PORT']}/{database}"

    def run(
        self, *args: str, umask: int | None = None, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """`partnerfolio ARGS` in a process of its own, pointed at this installation."""
        return subprocess.run(
            [PARTNERFOLIO, *args],
            env={**self.env, **env},
            cwd=self.data_dir.parent,
            capture_output=True,
            text=True,
            timeout=WAIT,
            preexec_fn=None if umask is None else (lambda: os.umask(umask)),
        )

    def succeed(self, *args: str, **env: str) -> str:
        done = self.run(*args, **env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def shell_command(self, code: str) -> list[str]:
        return [PARTNERFOLIO, "shell", "-v", "0", "-c", textwrap.dedent(code)]

    def create(self, count: int, prefix: str) -> None:
        """`count` partnerships, each with a partner, through the record's service."""
        self.succeed("shell", "-v", "0", "-c", CREATE.format(count=count, prefix=prefix))

    @property
    def sqlite_file(self) -> Path:
        return self.data_dir / DATABASE_FILE

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.database is not None:
            with _postgresql(self.database) as db:
                return list(db.execute(sql).fetchall())
        db = sqlite3.connect(self.sqlite_file, timeout=WAIT)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def tables(self) -> set[str]:
        if self.database is not None:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        elif not self.sqlite_file.exists():
            return set()
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        return {row[0] for row in self.query(sql)}

    def partnerships(self) -> dict[int, str]:
        return dict(self.query("SELECT id, name FROM partnerships_partnership"))  # type: ignore[arg-type]

    def audit_records(self) -> dict[int, int | None]:
        return dict(self.query("SELECT id, partnership_id FROM audit_auditrecord"))  # type: ignore[arg-type]

    def revision(self) -> int:
        return int(self.query("SELECT value FROM audit_datarevision WHERE id = 1")[0][0])


def _postgresql(dbname: str) -> psycopg.Connection[Any]:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def postgresql_database(name: str, *, drop: bool = False) -> None:
    """Creates (or drops) a database beside the test database."""
    with _postgresql("postgres") as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            db.execute(f'CREATE DATABASE "{name}"')
