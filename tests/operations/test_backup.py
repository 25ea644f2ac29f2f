"""`partnerfolio backup PATH` and `partnerfolio backup --restore PATH` (issue 13), on the
installation's own database, SQLite or PostgreSQL as the run asks.

The drill is an operator's: a backup taken while another process keeps writing
partnerships, restored into a separate, empty installation, which must hold everything
committed before the backup began. Then what is refused, changing nothing: a restore over
an installation holding records (unless --replace); a file that is not a backup of the
installation's kind, or is damaged, or comes from a newer version; a backup over an
existing file or into a missing directory. A backup that fails leaves no partial file; a
backup is its owner's alone.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from partnerfolio.audit import revision
from partnerfolio.audit.models import AuditRecord
from partnerfolio.operations.backup import libpq_environment
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.services import partnership_create
from tests.operations.backup_installations import (
    WAIT,
    Installation,
    postgresql_database,
)

pytestmark = pytest.mark.django_db(transaction=True)

SQLITE_HEADER = b"SQLite format 3\x00"
MAGIC = SQLITE_HEADER if connection.vendor == "sqlite" else b"PGDMP"
FOUNDED = 3  # partnerships every source installation holds to begin with

# Twenty partnerships, then one more every few milliseconds until told to stop.
WRITER = """
import os, time
from partnerfolio.partnerships.services import partnership_create
def write(name):
    document = {"name": name, "partners": [{"name": name + " partner"}]}
    partnership_create(actor="backup drill", document=document)
for i in range(20):
    write(f"Alliance {i}")
print("ready", flush=True)
i = 0
while not os.path.exists(STOP) and i < 3000:
    write(f"Alliance written meanwhile {i}")
    print(i, flush=True)
    i += 1
    time.sleep(0.02)
"""


def copy_of_test_database(path: Path) -> None:
    """SQLite: the test database, migrated and as the test left it, as a file."""
    copy = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.close()


@pytest.fixture
def source(transactional_db: None, tmp_path: Path) -> Installation:
    """The installation a backup is taken of, holding FOUNDED partnerships (each with a
    partner and an audit record) written through the record's service: on PostgreSQL the
    test database; on SQLite a file copy of it, the test database living in memory where
    no other process sees it."""
    for i in range(FOUNDED):
        name = f"Founding alliance {i}"
        document = {"name": name, "partners": [{"name": f"{name} partner"}]}
        partnership_create(actor="backup test", document=document)
    if connection.vendor == "postgresql":
        return Installation(tmp_path / "source", connection.settings_dict["NAME"])
    installation = Installation(tmp_path / "source")
    installation.data_dir.mkdir(mode=0o700)
    copy_of_test_database(installation.sqlite_file)
    return installation


@pytest.fixture
def fresh(transactional_db: None, tmp_path: Path) -> Iterator[Installation]:
    """A new installation with no database yet: no SQLite file, a PostgreSQL database
    without tables (created beside the test database, dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield Installation(tmp_path / "fresh")
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    postgresql_database(name)
    try:
        yield Installation(tmp_path / "fresh", name)
    finally:
        postgresql_database(name, drop=True)


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.02)


def test_a_backup_taken_while_partnerships_are_written_restores_all_committed_before_it(
    source, fresh, backups, tmp_path
):
    stop, log = tmp_path / "stop", tmp_path / "writer.log"
    with log.open("w") as errors:
        writer = subprocess.Popen(
            source.shell_command(WRITER.replace("STOP", repr(str(stop)))),
            env=source.env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    backup = backups / "partnerfolio.backup"
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        writer.stdout.readline()  # the writer is writing
        committed, audited = source.partnerships(), source.audit_records()
        made = source.run("backup", str(backup))
        assert made.returncode == 0, made.stderr
        when_done = len(source.partnerships())
        wait_until(lambda: len(source.partnerships()) > when_done, "a write after the backup")
        assert writer.poll() is None  # it wrote before, during and after the backup
    finally:
        stop.touch()
        writer.wait(WAIT)
        if writer.stdout is not None:
            writer.stdout.close()
    assert writer.returncode == 0, log.read_text()
    assert len(committed) >= FOUNDED + 21
    assert backup.read_bytes().startswith(MAGIC)
    assert [p.name for p in backups.iterdir()] == [backup.name]  # no temporary left behind

    restored = fresh.run("backup", "--restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    partnerships, audit_records = fresh.partnerships(), fresh.audit_records()
    assert committed.items() <= partnerships.items()
    assert audited.items() <= audit_records.items()
    assert partnerships.items() <= source.partnerships().items()  # nothing from elsewhere
    # as of one commit: every partnership with the audit record its transaction wrote
    assert set(partnerships) <= set(audit_records.values())
    # what the backup said it holds is what came back
    assert f": {len(partnerships)} partnerships, " in made.stdout
    assert f"{len(audit_records)} audit records" in made.stdout
    assert f"wrote {backup} (" in made.stdout


def test_a_restore_over_records_is_refused_with_what_they_are_unless_replace_is_given(
    source, backups
):
    backup = backups / "partnerfolio.backup"
    source.succeed("backup", str(backup))
    in_backup = source.partnerships()
    if connection.vendor == "postgresql":  # the test database: written from here
        partnership_create(actor="backup test", document={"name": "Only here"})
    else:
        source.create(1, "Only here")
    held, held_revision = source.partnerships(), source.revision()
    organizations = source.query("SELECT count(*) FROM partners_partnerorganization")[0][0]
    audit_records = len(source.audit_records())
    refused = source.run("backup", "--restore", str(backup))
    assert refused.returncode == 2
    assert (
        f"holds {FOUNDED + 1} partnerships, {organizations} partner organizations, "
        f"{audit_records} audit records and 0 users" in refused.stderr
    )
    assert "--replace" in refused.stderr
    assert source.partnerships() == held
    assert source.revision() == held_revision

    replaced = source.run("backup", "--restore", str(backup), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert source.partnerships() == in_backup
    # above the revision before the restore too (the backup's is lower): no process
    # answers again from what it kept before
    assert source.revision() > held_revision


def backup_of_test_database(path: Path) -> None:
    if connection.vendor == "sqlite":
        copy_of_test_database(path)
    else:
        call_command("backup", str(path))


def unrelated_sqlite_database(path: Path) -> None:
    database = sqlite3.connect(path)
    database.execute("CREATE TABLE notes (body TEXT)")
    database.commit()
    database.close()


def not_backups(folder: Path) -> dict[str, tuple[Path, str]]:
    """Files a restore must refuse here, each with the words of its refusal."""
    noise, other, unrelated = folder / "noise.bin", folder / "other-kind", folder / "unrelated"
    noise.write_bytes(os.urandom(8192))
    if connection.vendor == "sqlite":
        other.write_bytes(b"PGDMP" + os.urandom(8192))
        other_words = "is a backup of a PostgreSQL database"
        unrelated_sqlite_database(unrelated)
        truncated_words = "damaged"
    else:
        unrelated_sqlite_database(other)
        other_words = "is a backup of an SQLite database"
        subprocess.run(  # the maintenance database: an archive, not of Partnerfolio's
            ["pg_dump", "--format=custom", f"--file={unrelated}", "--dbname=postgres"],
            env=libpq_environment(),
            check=True,
        )
        truncated_words = "pg_restore failed"
    whole, truncated, newer = folder / "whole", folder / "truncated", folder / "newer"
    backup_of_test_database(whole)
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    recorder = MigrationRecorder(connection)
    recorder.record_applied("audit", "9999_from_a_newer_version")
    try:
        backup_of_test_database(newer)
    finally:
        recorder.record_unapplied("audit", "9999_from_a_newer_version")
    return {
        "noise": (noise, "is not a Partnerfolio backup"),
        "other kind": (other, other_words),
        "unrelated": (unrelated, "not of Partnerfolio's"),
        "truncated": (truncated, truncated_words),
        "newer": (newer, "comes from a newer version of Partnerfolio"),
    }


def test_a_file_that_is_not_a_backup_of_this_installations_kind_is_refused_changing_nothing(
    fresh, backups
):
    partnership_create(actor="backup test", document={"name": "Northwind alliance"})
    before = (list(Partnership.objects.values_list("name")), AuditRecord.objects.count())
    at = revision.current()
    files = not_backups(backups)
    for label, (path, words) in files.items():
        with pytest.raises(CommandError) as refused:
            call_command("backup", str(path), "--restore", "--replace")
        assert refused.value.returncode == 2, label
        assert words in str(refused.value), label
    assert (list(Partnership.objects.values_list("name")), AuditRecord.objects.count()) == before
    assert revision.current() == at

    # into an installation with no database yet: refused, and still none
    done = fresh.run("backup", "--restore", str(files["other kind"][0]))
    assert done.returncode == 2
    assert "restores only into the same kind of database" in done.stderr
    assert fresh.tables() == set()
    assert connection.vendor == "postgresql" or not fresh.sqlite_file.exists()


def test_a_backup_is_never_written_over_a_file_nor_into_a_missing_directory(backups):
    existing = backups / "partnerfolio.backup"
    existing.write_bytes(b"last week's backup")
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(existing))
    assert refused.value.returncode == 2
    assert "exists already" in str(refused.value)
    assert "--force" in str(refused.value)
    assert existing.read_bytes() == b"last week's backup"

    missing = backups / "no such folder" / "partnerfolio.backup"
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(missing))
    assert refused.value.returncode == 2
    assert f"{missing.parent} is not a directory" in str(refused.value)
    assert list(backups.iterdir()) == [existing]


def test_a_backup_that_fails_leaves_no_partial_file_and_says_why(source, backups, tmp_path):
    extra: dict[str, str] = {}
    if connection.vendor == "sqlite":
        # a damaged database: SQLite's header, then noise
        source.sqlite_file.write_bytes(SQLITE_HEADER + os.urandom(64 * 1024))
        said = "could not back up"
    else:
        # pg_dump losing its server halfway: part of an archive written, then an error
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        fake = bin_dir / "pg_dump"
        fake.write_text(
            "#!/bin/sh\n"
            'for a; do case "$a" in --file=*) f="${a#--file=}";; esac; done\n'
            "printf 'PGDMP partial' > \"$f\"\n"
            "echo 'pg_dump: error: server closed the connection unexpectedly' >&2\n"
            "exit 1\n"
        )
        fake.chmod(0o755)
        extra["PATH"] = f"{bin_dir}:{os.environ['PATH']}"
        said = "pg_dump failed (exit 1): pg_dump: error: server closed the connection"
    done = source.run("backup", str(backups / "partnerfolio.backup"), **extra)
    assert done.returncode == 2
    assert said in done.stderr
    assert list(backups.iterdir()) == []


def test_the_backup_file_is_its_owners_alone_whatever_the_umask(source, backups):
    backup = backups / "partnerfolio.backup"
    backup.write_bytes(b"an old backup")
    backup.chmod(0o644)
    done = source.run("backup", str(backup), "--force", umask=0o000)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backup.read_bytes().startswith(MAGIC)
    assert list(backups.iterdir()) == [backup]
