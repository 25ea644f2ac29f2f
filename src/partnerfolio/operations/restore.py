"""`partnerfolio backup --restore PATH`: a backup brought back into an empty installation.

Empty means no database yet (SQLite: no file; PostgreSQL: a database without tables) or
one that holds no records: no rows in the partnerships, partner organizations, audit
records and accounts tables (`backup.Holdings`). An installation that holds records is
refused, with what it holds, unless `replace` is given: then everything it holds is lost.

The file is checked before anything is touched: a backup of this installation's kind of
database (a backup restores only into the same kind), of a Partnerfolio database, from
this version of Partnerfolio or an older one (never one whose migrations this version
does not know). Then SQLite: Django's connections closed, the backup copied into the
database file with SQLite's online backup API (the whole file replaced, as of the
backup). PostgreSQL: `pg_restore --no-owner --no-privileges --single-transaction`, with
`--clean --if-exists` when the database has tables (and, first, the tables of the
installation the archive does not have dropped, so `migrate` can create them anew). Then
`migrate` brings an older backup up to date, and the data revision is raised above any
value seen before the restore, on either side (`partnerfolio.audit.revision`), so no
process serves an answer it kept from before.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import F, Value
from django.db.models.functions import Greatest

from partnerfolio.audit.models import DataRevision
from partnerfolio.config.private import private_database
from partnerfolio.operations.backup import (
    KIND_POSTGRESQL,
    KIND_SQLITE,
    BackupRefused,
    Holdings,
    copy_sqlite,
    holdings_of,
    installation_kind,
    kind_of,
    postgresql_tool,
    record_tables,
    run_tool,
    sqlite_path,
)

REVISION_TABLE = DataRevision._meta.db_table
MIGRATIONS_TABLE = "django_migrations"
# A table in `pg_restore --list`: "215; 1259 16386 TABLE public accounts_user postgres".
ARCHIVED_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class Contents:
    """What a backup file holds, as far as it is known before restoring it."""

    kind: str
    tables: frozenset[str]
    migrations: frozenset[tuple[str, str]]


@dataclasses.dataclass(frozen=True)
class Restored:
    path: Path
    kind: str
    holdings: Holdings
    replaced: Holdings
    revision: int


def backup_restore(
    *, path: Path, replace: bool = False, using: str = "default", stdout: Any = None
) -> Restored:
    """Restores the backup at `path`; refused (changing nothing) for a file that is not a
    backup of this installation's kind, or an installation holding records without
    `replace`."""
    kind = installation_kind(using)
    path = Path(path).absolute()
    contents = backup_contents(path, kind)
    if kind == KIND_SQLITE and path.resolve() == sqlite_path(using):
        raise BackupRefused(f"{path} is the installation's database itself")
    _refuse_newer(path, contents)
    tables, holdings, before = _installation(using)
    if not holdings.empty and not replace:
        raise BackupRefused(
            f"this installation holds {holdings}: a backup is restored into an empty one. "
            "To replace everything it holds with the backup (what it holds now is lost), "
            "run again with --replace"
        )
    if kind == KIND_SQLITE:
        _restore_sqlite(path, using)
    else:
        _restore_postgresql(path, contents, tables, using)
    call_command("migrate", database=using, interactive=False, verbosity=0, stdout=stdout)
    revision = _raise_revision(before, using)
    with connections[using].cursor() as cursor:
        restored = holdings_of(cursor, set(connections[using].introspection.table_names(cursor)))
    return Restored(path=path, kind=kind, holdings=restored, replaced=holdings, revision=revision)


def backup_contents(path: Path, kind: str) -> Contents:
    """The backup's tables and migrations; refused unless it is a backup of `kind`."""
    if not path.is_file():
        raise BackupRefused(f"{path} is not a file")
    found = kind_of(path)
    if found is None:
        raise BackupRefused(
            f"{path} is not a Partnerfolio backup: neither an SQLite database nor a pg_dump "
            "archive (`partnerfolio backup` writes one or the other)"
        )
    if found != kind:
        raise BackupRefused(
            f"{path} is a backup of {_database(found)}, and this installation's database is "
            f"{_database(kind)}: a backup restores only into the same kind of database "
            "(docs/backup.md)"
        )
    contents = _sqlite_contents(path) if kind == KIND_SQLITE else _postgresql_contents(path)
    wanted = {MIGRATIONS_TABLE, *record_tables().values()}
    if not wanted <= contents.tables:
        missing = ", ".join(sorted(wanted - contents.tables))
        raise BackupRefused(f"{path} is a {kind} but not of Partnerfolio's (no table {missing})")
    return contents


def _database(kind: str) -> str:
    return "an SQLite database" if kind == KIND_SQLITE else "a PostgreSQL database"


def _sqlite_contents(path: Path) -> Contents:
    try:
        backup = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            checked = backup.execute("PRAGMA quick_check").fetchone()[0]
            if checked != "ok":
                raise BackupRefused(f"{path} is a damaged SQLite database: {checked}")
            tables = frozenset(
                row[0]
                for row in backup.execute("SELECT name FROM sqlite_master WHERE type='table'")
            )
            migrations: frozenset[tuple[str, str]] = frozenset()
            if MIGRATIONS_TABLE in tables:
                migrations = frozenset(backup.execute(f"SELECT app, name FROM {MIGRATIONS_TABLE}"))
        finally:
            backup.close()
    except sqlite3.Error as error:
        raise BackupRefused(
            f"{path} cannot be read as an SQLite database (damaged, or not a whole backup): {error}"
        ) from None
    return Contents(KIND_SQLITE, tables, migrations)


def _postgresql_contents(path: Path) -> Contents:
    pg_restore = postgresql_tool("pg_restore")
    listing = run_tool([pg_restore, "--list", str(path)]).stdout
    tables = frozenset(name for _schema, name in ARCHIVED_TABLE.findall(listing))
    migrations: frozenset[tuple[str, str]] = frozenset()
    if MIGRATIONS_TABLE in tables:
        script = run_tool(
            [pg_restore, "--data-only", f"--table={MIGRATIONS_TABLE}", "--file=-", str(path)]
        ).stdout
        migrations = frozenset(_copied_rows(script))
    return Contents(KIND_POSTGRESQL, tables, migrations)


def _copied_rows(script: str) -> list[tuple[str, str]]:
    """(app, name) of the django_migrations rows in a script's COPY block."""
    rows, copying = [], False
    for line in script.splitlines():
        if line.startswith("COPY "):
            copying = True
        elif copying and line == "\\.":
            copying = False
        elif copying:
            columns = line.split("\t")
            rows.append((columns[1], columns[2]))
    return rows


def _refuse_newer(path: Path, contents: Contents) -> None:
    """A backup from a newer version: this one cannot know what its migrations did."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    ours = {app for app, _name in known}
    unknown = sorted(f"{app}.{name}" for app, name in contents.migrations - known if app in ours)
    if unknown:
        raise BackupRefused(
            f"{path} comes from a newer version of Partnerfolio (its migrations "
            f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''} are unknown here): "
            "upgrade this installation first"
        )


def _installation(using: str) -> tuple[set[str], Holdings, int]:
    """The installation's tables, what it holds and its data revision (0: none yet)."""
    if connections[using].vendor == "sqlite":
        live = sqlite_path(using)
        if not live.is_file() or live.stat().st_size == 0:
            return set(), Holdings(), 0  # no database yet: left so until the restore
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        holdings = holdings_of(cursor, tables)
        revision = 0
        if REVISION_TABLE in tables:
            cursor.execute(f'SELECT max(value) FROM "{REVISION_TABLE}"')
            revision = int(cursor.fetchone()[0] or 0)
    return tables, holdings, revision


def _restore_sqlite(path: Path, using: str) -> None:
    connections.close_all()
    live = sqlite_path(using)
    private_database(live)  # its directory 0700, the file created 0600 when missing
    timeout = float(connections[using].settings_dict.get("OPTIONS", {}).get("timeout", 20))
    try:
        backup = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        database = sqlite3.connect(live, timeout=timeout)
        try:
            copy_sqlite(backup, database)
        finally:
            database.close()
            backup.close()
    except sqlite3.Error as error:
        raise BackupRefused(f"could not restore {path} into {live}: {error}") from None


def _restore_postgresql(path: Path, contents: Contents, tables: set[str], using: str) -> None:
    pg_restore = postgresql_tool("pg_restore")
    connection = connections[using]
    # Tables of a newer installation that the archive lacks: dropped (CASCADE drops the
    # foreign keys pointing into the archive's tables) so `migrate` creates them anew.
    ours = set(connection.introspection.django_table_names(only_existing=True))
    leftovers = sorted((ours & tables) - contents.tables)
    if leftovers:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            for table in leftovers:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connections.close_all()  # no session of ours holds a lock pg_restore waits for
    arguments = [
        pg_restore,
        "--no-owner",
        "--no-privileges",
        "--single-transaction",  # all of it or, on an error, nothing
        "--exit-on-error",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    if tables:
        arguments += ["--clean", "--if-exists"]
    run_tool([*arguments, str(path)], using=using)


def _raise_revision(before: int, using: str) -> int:
    """The data revision raised above both the restored one and the one before."""
    with transaction.atomic(using=using):
        revisions = DataRevision.objects.using(using).filter(pk=1)
        if not revisions.update(value=Greatest(F("value"), Value(before)) + 1):
            DataRevision.objects.using(using).create(pk=1, value=before + 1)
        return int(revisions.get().value)
