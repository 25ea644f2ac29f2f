"""The data revision: one number that rises after every committed change to the record,
so an answer computed from the record can be cached until it moves (the API's lists).

It is raised once per transaction, after the commit (`transaction.on_commit`), by:
- every audit record written (`AuditRecord.save` and `bulk_create`): every change of the
  record writes one;
- saves and deletions of the models that decide who sees what and who is calling (people,
  API tokens, partnerships, their partners and teams, organizations), as a second net for
  any write that might not be audited (a shell, a migration with models).

Readers take the revision *before* reading the data. A change committed while they read
can then only leave newer data under an older revision, which no one asks for once the
revision has risen. Between a commit and its raise (the same request, microseconds) a
reader may still be answered from before the change, as if it had asked a moment earlier.
Bulk `update()` and `bulk_create()` send no signal: the services that use them write audit
records.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from partnerfolio.audit.models import DataRevision

_READ = "SELECT value FROM {table} WHERE id = 1"


def current() -> int | None:
    """The revision now, or None when nothing may be served from a cache: inside a
    transaction that has changed something (its raise waits for the commit, and what it
    reads is not yet anyone else's), or when the row is missing (a flushed test database).
    """
    if _pending():
        return None
    with connection.cursor() as cursor:
        cursor.execute(_READ.format(table=connection.ops.quote_name(DataRevision._meta.db_table)))
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def seen_by(request: Any) -> int | None:
    """The revision as this request first read it: one read per request, taken before it
    reads any data (authentication reads it first)."""
    try:
        return request._data_revision  # type: ignore[no-any-return]
    except AttributeError:
        request._data_revision = current()
        return request._data_revision  # type: ignore[no-any-return]


def _raise() -> None:
    if not DataRevision.objects.filter(pk=1).update(value=F("value") + 1):
        DataRevision.objects.get_or_create(pk=1, defaults={"value": 1})


def raise_on_commit() -> None:
    """Raise the revision when the current transaction commits (at once outside one);
    several calls in one transaction raise it once."""
    if not _pending():
        transaction.on_commit(_raise, robust=True)


def _pending() -> bool:
    return connection.in_atomic_block and any(
        entry[1] is _raise for entry in connection.run_on_commit
    )


def _changed(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) <= _UNWATCHED.get(sender, set()):
        return
    raise_on_commit()


# Fields whose change decides nothing that is cached (a login writes `last_login`).
_UNWATCHED: dict[Any, set[str]] = {}


def watch(*models: Any, unwatched: dict[Any, set[str]] | None = None) -> None:
    """Raise the revision on every save or deletion of these models."""
    _UNWATCHED.update(unwatched or {})
    for model in models:
        post_save.connect(_changed, sender=model, dispatch_uid=f"revision-save-{model._meta.label}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"revision-delete-{model._meta.label}"
        )
