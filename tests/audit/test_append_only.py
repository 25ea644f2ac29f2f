"""The database itself refuses to rewrite or delete an audit record, whatever the route;
`partnerfolio pruneaudit` is the one deliberate way to remove old ones."""

from __future__ import annotations

import builtins
import io
from collections.abc import Callable
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from partnerfolio.accounts.models import User
from partnerfolio.audit import guard
from partnerfolio.audit.models import AuditRecord
from partnerfolio.audit.services import audit_record
from partnerfolio.partnerships import services

pytestmark = pytest.mark.django_db
TABLE = AuditRecord._meta.db_table


def _record(note: str = "kept as written", actor: object = "test") -> AuditRecord:
    return audit_record(actor=actor, action="test", entity="test", entity_id=None, note=note)


def _raw(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _saved_past_the_model(record: AuditRecord) -> None:
    record.note = "rewritten"
    models.Model.save(record)  # an UPDATE: AuditRecord.save would have refused


BYPASSES: dict[str, Callable[[AuditRecord], object]] = {
    "_base_manager update": lambda r: AuditRecord._base_manager.filter(pk=r.pk).update(
        note="rewritten"
    ),
    "_base_manager delete": lambda r: AuditRecord._base_manager.filter(pk=r.pk).delete(),
    "plain QuerySet update": lambda r: (
        models.QuerySet(AuditRecord).filter(pk=r.pk).update(note="rewritten")
    ),
    "plain QuerySet delete": lambda r: models.QuerySet(AuditRecord).filter(pk=r.pk).delete(),
    "_raw_delete": lambda r: AuditRecord.objects.filter(pk=r.pk)._raw_delete(connection.alias),
    "Model.save past the model's own": lambda r: _saved_past_the_model(r),
    "raw SQL UPDATE": lambda r: _raw(f"UPDATE {TABLE} SET note = 'rewritten'"),
    "raw SQL DELETE": lambda r: _raw(f"DELETE FROM {TABLE}"),
    "clearing the actor with another column": lambda r: AuditRecord._base_manager.filter(
        pk=r.pk
    ).update(actor=None, actor_name="someone else"),
    "clearing the actor with the request id": lambda r: AuditRecord._base_manager.filter(
        pk=r.pk
    ).update(actor=None, request_id="another-request"),
    "raw SQL UPDATE of the request id": lambda r: _raw(f"UPDATE {TABLE} SET request_id = 'x'"),
}


@pytest.mark.parametrize("bypass", BYPASSES)
def test_the_database_refuses_every_way_around_the_model(bypass):
    record = _record()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        BYPASSES[bypass](record)
    kept = AuditRecord.objects.get(pk=record.pk)
    assert (kept.note, kept.actor_name) == ("kept as written", "test")


def test_the_guard_is_in_place_after_every_migration():
    assert guard.installed() == set(guard.TRIGGERS[connection.vendor])


def test_deleting_an_account_keeps_its_records_under_its_name():
    lee = User.objects.create_user(username="lee", password="a long enough passphrase")
    record = _record(actor=lee)
    lee.delete()  # Django's SET_NULL: the one change the guard lets through
    kept = AuditRecord.objects.get(pk=record.pk)
    assert (kept.actor_id, kept.actor_name, kept.note) == (None, "lee", "kept as written")


def test_deleting_a_partnership_keeps_its_audit_trail():
    p = services.partnership_import(actor="test", document={"name": "Atlas", "type": "tactical"})
    written = AuditRecord.objects.filter(partnership_id=p.pk).count()
    services.partnership_delete(
        actor="test", partnership=p, expected_version=p.version, reason="recorded in error"
    )
    assert AuditRecord.objects.filter(partnership_id=p.pk).count() == written + 1


@pytest.mark.django_db(transaction=True)
def test_the_permit_is_given_inside_a_transaction_only_and_ends_with_it():
    record = _record()
    with pytest.raises(guard.NotInTransaction), guard.pruning():
        pass
    throwaway = _record("throwaway")
    with transaction.atomic():
        with guard.pruning():
            AuditRecord.objects.filter(pk=throwaway.pk)._raw_delete(connection.alias)
        with pytest.raises(IntegrityError), transaction.atomic():
            _raw(f"DELETE FROM {TABLE}")
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw(f"DELETE FROM {TABLE}")
    assert AuditRecord.objects.filter(pk=record.pk).exists()
    assert not AuditRecord.objects.filter(pk=throwaway.pk).exists()


# --- partnerfolio pruneaudit -------------------------------------------------------------


def _written_on(day: datetime, note: str) -> AuditRecord:
    with mock.patch("django.utils.timezone.now", return_value=day):
        return _record(note)


@pytest.fixture
def history() -> dict[str, AuditRecord]:
    """An old record, a recent one, and an old deletion that can still be undone."""
    now = timezone.now()
    old = _written_on(now - timedelta(days=400), "old")
    with mock.patch("django.utils.timezone.now", return_value=now - timedelta(days=300)):
        p = services.partnership_import(
            actor="test", document={"name": "Birch", "type": "tactical"}
        )
        services.partnership_delete(
            actor="test", partnership=p, expected_version=p.version, reason="in error"
        )
    deletion = AuditRecord.objects.get(action="partnership_delete")
    recent = _written_on(now - timedelta(days=10), "recent")
    User.objects.create_superuser(username="ada", password="a long enough passphrase", email="")
    User.objects.create_user(username="vic", password="a long enough passphrase")
    return {"old": old, "recent": recent, "deletion": deletion}


def _prune(*args: str) -> str:
    out = io.StringIO()
    call_command("pruneaudit", *args, stdout=out)
    return out.getvalue()


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def test_pruning_removes_what_is_older_and_records_who_did_it(history):
    said = _prune("--before", _day(100), "--yes", "--user", "ada")
    assert "1 deletion that can still be restored are kept" in said
    left = set(AuditRecord.objects.values_list("note", flat=True))
    assert "old" not in left
    assert {"recent", history["deletion"].note} <= left
    assert AuditRecord.objects.filter(action="partnership_import").count() == 0
    prune = AuditRecord.objects.get(action="audit_prune")
    assert prune.actor_name == "ada"
    assert prune.after["removed"] == 2  # the old record and Birch's import
    assert services.deleted_partnerships() == [history["deletion"]]  # still restorable


def test_pruning_asks_at_a_terminal_and_does_nothing_without_a_yes(history, monkeypatch):
    before = AuditRecord.objects.count()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--yes") as refused:
        _prune("--before", _day(100))
    assert refused.value.returncode == 2
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr(builtins, "input", lambda prompt: "no")
    with pytest.raises(CommandError, match="nothing pruned"):
        _prune("--before", _day(100))
    assert AuditRecord.objects.count() == before
    monkeypatch.setattr(builtins, "input", lambda prompt: "yes")
    assert "removed 2 audit records" in _prune("--before", _day(100))


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("--before", _day(-1), "--yes"), "must not be later than today"),
        (("--before", _day(100), "--yes", "--user", "vic"), "not an administrator"),
        (("--before", _day(100), "--yes", "--user", "nobody"), "no user named"),
    ],
)
def test_pruning_refuses_a_bad_request_with_exit_status_2(history, args, why):
    before = AuditRecord.objects.count()
    with pytest.raises(CommandError, match=why) as refused:
        _prune(*args)
    assert refused.value.returncode == 2
    assert AuditRecord.objects.count() == before
