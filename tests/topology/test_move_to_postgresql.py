"""docs/deploy.md step 12: a one-machine installation (SQLite) moved to PostgreSQL with
Django's dumpdata and loaddata, as the guide says, keeps every row of every table."""

from __future__ import annotations

import os
import sqlite3
import subprocess

import psycopg

from tests.topology.servers import BIN, database

# What the guide leaves out of the move: rebuilt by migrate, or not worth moving.
# (audit_prune_permit is SQLite's way of granting `pruneaudit` its permit: always empty.)
LEFT_OUT = (
    "django_content_type",
    "auth_permission",
    "django_session",
    "axes_",
    "django_migrations",
)
DUMP = [
    "dumpdata", "--natural-foreign", "--exclude", "contenttypes", "--exclude",
    "auth.permission", "--exclude", "sessions", "--exclude", "axes",
]  # fmt: skip


def run(environment: dict[str, str], *args: str, stdin: str | None = None) -> None:
    done = subprocess.run(
        [str(BIN / "partnerfolio"), *args], env=environment, capture_output=True, text=True,
        timeout=300, input=stdin,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def counts_sqlite(path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in tables
            if not t.startswith(("sqlite_", "huey", "audit_prune_permit", *LEFT_OUT))
        }


def counts_postgresql(url: str) -> dict[str, int]:
    with psycopg.connect(url) as db:
        tables = [
            r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        return {
            t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in tables
            if not t.startswith(LEFT_OUT)
        }


def test_everything_moves_from_sqlite_to_postgresql(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERFOLIO_", "DATABASE_"))}
    one_machine = {**base, "PARTNERFOLIO_DATA_DIR": str(tmp_path / "var")}
    run(one_machine, "migrate", "--noinput", "-v", "0")
    run(one_machine, "demo")
    dump = tmp_path / "everything.json"
    run(one_machine, *DUMP, "--output", str(dump))
    before = counts_sqlite(tmp_path / "var" / "partnerfolio.sqlite3")
    assert before["partnerships_partnership"] > 10
    assert before["audit_auditrecord"] > 10

    with database() as url:
        team = {**base, "DATABASE_URL": url, "PARTNERFOLIO_SECRET_KEY": "moved"}
        run(team, "migrate", "--noinput", "-v", "0")
        run(team, "loaddata", str(dump))
        after = counts_postgresql(url)
        # and the new installation goes on writing: its id sequences moved past the rows
        run(team, "createuser", "newcomer", "--password-stdin", stdin="a long enough passphrase")
    assert after == before
