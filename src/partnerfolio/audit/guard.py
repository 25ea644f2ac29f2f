"""The database's guard on the audit trail (migration 0003), and the one way past it.

Triggers abort every UPDATE and DELETE of an audit record (clearing the account of a
deleted person apart). `pruning` grants the permit to delete for the rest of the current
transaction only: PostgreSQL reads a transaction-local setting, SQLite a one-row table
that the same transaction fills and empties. Only `audit_prune` (and through it
`partnerfolio pruneaudit`) uses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

SETTING = "partnerfolio.audit_prune"
PERMIT_TABLE = "audit_prune_permit"
TRIGGERS = {
    "postgresql": ("audit_auditrecord_append_only",),
    "sqlite": ("audit_auditrecord_no_delete", "audit_auditrecord_no_update"),
}


class NotInTransaction(RuntimeError):
    """The permit outlives nothing: it is given only inside a transaction."""


@contextmanager
def pruning(using: str = "default") -> Iterator[None]:
    """Audit records may be deleted inside this block, which must run in a transaction."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise NotInTransaction("the permit to prune is given inside a transaction only")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
        elif connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {PERMIT_TABLE} (id) VALUES (1)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config(%s, 'off', true)", [SETTING])
            elif connection.vendor == "sqlite":
                cursor.execute(f"DELETE FROM {PERMIT_TABLE}")


def installed(using: str = "default") -> set[str]:
    """The guard's triggers present on the audit table (a table rebuilt by a later
    migration on SQLite would lose them: tests/audit checks they are all there)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditrecord'::regclass"
                " AND NOT tgisinternal"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND tbl_name = 'audit_auditrecord'"
            )
        else:
            return set()
        rows: list[Any] = cursor.fetchall()
    return {row[0] for row in rows}
