"""`partnerfolio backup PATH`: a consistent copy of the database, taken while writes go on.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) copies the live database
in one step, under one read transaction, so the copy is the database as of one commit
(in WAL mode readers do not stop writers); the copy is then a plain file (rollback
journal, not WAL) that SQLite opens on its own. PostgreSQL: `pg_dump --format=custom`
with the connection of the Django settings (the password in the child's environment as
PGPASSWORD, never on its command line), importing the snapshot of a transaction of ours,
so the counts printed are those of the archive.

Either way the backup is written under a temporary name beside PATH, owner-only (it holds
password hashes, tokens and two-factor secrets: `partnerfolio.config.private`), synced,
then renamed to PATH; a failure removes it. The first bytes say which kind it is
(`KIND_SQLITE`'s file header, `KIND_POSTGRESQL`'s archive magic) so a restore
(`partnerfolio.operations.restore`) refuses the wrong kind. docs/backup.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connections, transaction

from partnerfolio.config.private import private_file

KIND_SQLITE = "SQLite database"
KIND_POSTGRESQL = "PostgreSQL archive (pg_dump)"
MAGIC = {KIND_SQLITE: b"SQLite format 3\x00", KIND_POSTGRESQL: b"PGDMP"}
VENDOR_KIND = {"sqlite": KIND_SQLITE, "postgresql": KIND_POSTGRESQL}
# The libpq environment variables for the OPTIONS a Django PostgreSQL connection may carry.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "options": "PGOPTIONS",
}


class BackupRefused(Exception):
    """A backup or restore that cannot be done, with the reason; nothing was changed."""


@dataclasses.dataclass(frozen=True)
class Holdings:
    """What a database holds, by what people would miss."""

    partnerships: int = 0
    partner_organizations: int = 0
    audit_records: int = 0
    users: int = 0

    @property
    def empty(self) -> bool:
        return not any(dataclasses.astuple(self))

    def __str__(self) -> str:
        parts = [
            _counted(self.partnerships, "partnership"),
            _counted(self.partner_organizations, "partner organization"),
            _counted(self.audit_records, "audit record"),
            _counted(self.users, "user"),
        ]
        return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclasses.dataclass(frozen=True)
class Written:
    path: Path
    kind: str
    size: int
    holdings: Holdings


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def record_tables() -> dict[str, str]:
    """The tables whose rows an installation would miss, by `Holdings` field."""
    from partnerfolio.accounts.models import User
    from partnerfolio.audit.models import AuditRecord
    from partnerfolio.partners.models import PartnerOrganization
    from partnerfolio.partnerships.models import Partnership

    return {
        "partnerships": Partnership._meta.db_table,
        "partner_organizations": PartnerOrganization._meta.db_table,
        "audit_records": AuditRecord._meta.db_table,
        "users": User._meta.db_table,
    }


def holdings_of(cursor: Any, tables: set[str]) -> Holdings:
    """The rows of the record tables among `tables`, through a DB-API cursor."""
    counts = {}
    for field, table in record_tables().items():
        if table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[field] = int(cursor.fetchone()[0])
    return Holdings(**counts)


def kind_of(path: Path) -> str | None:
    """Which kind of backup the file's first bytes say it is, or None."""
    with path.open("rb") as handle:
        head = handle.read(16)
    return next((kind for kind, magic in MAGIC.items() if head.startswith(magic)), None)


def installation_kind(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in VENDOR_KIND:
        raise BackupRefused(
            f"backups are made of SQLite and PostgreSQL databases; this installation's is {vendor}"
        )
    return VENDOR_KIND[vendor]


def sqlite_path(using: str = "default") -> Path:
    """The live SQLite database file (settings.DATABASES[using]['NAME'])."""
    return Path(connections[using].settings_dict["NAME"]).resolve()


def libpq_environment(using: str = "default") -> dict[str, str]:
    """The environment for pg_dump and pg_restore: this process's, with the connection of
    the Django settings in libpq's variables (so the password never shows in `ps`)."""
    db = connections[using].settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    for option, variable in LIBPQ_OPTIONS.items():
        if db.get("OPTIONS", {}).get(option) not in (None, ""):
            env[variable] = str(db["OPTIONS"][option])
    return env


def postgresql_tool(name: str) -> str:
    """pg_dump or pg_restore on PATH (Debian's, /usr/bin, picks the server's version)."""
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(
            f"{name} is not installed: install PostgreSQL's client programs, the server's "
            "version or later (Debian: apt-get install postgresql-client-15)"
        )
    return found


def run_tool(arguments: list[str], *, using: str = "default") -> subprocess.CompletedProcess[str]:
    """Runs pg_dump or pg_restore; its failure is refused with what it said."""
    done = subprocess.run(
        [arguments[0], "--no-password", *arguments[1:]],  # never a prompt, from cron least of all
        env=libpq_environment(using),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        said = done.stderr.strip() or done.stdout.strip() or "(it said nothing)"
        raise BackupRefused(f"{Path(arguments[0]).name} failed (exit {done.returncode}): {said}")
    return done


def backup_write(*, path: Path, force: bool = False, using: str = "default") -> Written:
    """Writes a backup of the database to `path` (refused when it exists, unless `force`)."""
    kind = installation_kind(using)
    path = Path(os.path.abspath(path))
    _check_target(path, force=force, using=using)
    try:
        with _temporary_beside(path) as temporary:
            if kind == KIND_SQLITE:
                holdings = _sqlite_backup(temporary, using)
            else:
                holdings = _postgresql_backup(temporary, using)
            if kind_of(temporary) != kind:
                raise BackupRefused(f"the backup written is not a {kind}; nothing was kept")
            _sync(temporary)
            _publish(temporary, path, force=force)
    except OSError as error:  # a directory we may not write in, a full disk
        raise BackupRefused(f"could not write {path}: {error.strerror or error}") from None
    return Written(path=path, kind=kind, size=path.stat().st_size, holdings=holdings)


def _check_target(path: Path, *, force: bool, using: str) -> None:
    if not path.parent.is_dir():
        raise BackupRefused(f"{path.parent} is not a directory: create it first")
    if path.is_dir():
        raise BackupRefused(f"{path} is a directory: name the backup file")
    if connections[using].vendor == "sqlite" and path.resolve() == sqlite_path(using):
        raise BackupRefused(f"{path} is the installation's database itself")
    if path.exists() and not force:
        raise BackupRefused(f"{path} exists already: choose another name, or --force to replace it")


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """An empty owner-only file in the target's directory, removed unless renamed."""
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(descriptor)
    temporary = Path(name)
    private_file(temporary)  # mkstemp's 0600, whatever the umask took away
    try:
        yield temporary
    finally:
        for leftover in (
            temporary,
            *(Path(f"{temporary}{s}") for s in ("-journal", "-wal", "-shm")),
        ):
            leftover.unlink(missing_ok=True)


def _sqlite_backup(temporary: Path, using: str) -> Holdings:
    live = sqlite_path(using)
    if not live.is_file() or live.stat().st_size == 0:
        raise BackupRefused(
            f"there is no database at {live} to back up (run `partnerfolio migrate`)"
        )
    timeout = float(connections[using].settings_dict.get("OPTIONS", {}).get("timeout", 20))
    try:
        source = sqlite3.connect(f"{live.as_uri()}?mode=rw", uri=True, timeout=timeout)
        copy = sqlite3.connect(temporary)
        try:
            copy_sqlite(source, copy)
            # The copy takes the live database's WAL mode: a backup is one plain file.
            copy.execute("PRAGMA journal_mode=DELETE")
            cursor = copy.cursor()
            tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master")}
            return holdings_of(cursor, tables)
        finally:
            copy.close()
            source.close()
    except sqlite3.Error as error:
        raise BackupRefused(f"could not back up {live}: {error}") from None


def copy_sqlite(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Every page in one step: a copy as of one commit, even while others write."""
    source.backup(target, pages=-1)


def _postgresql_backup(temporary: Path, using: str) -> Holdings:
    pg_dump = postgresql_tool("pg_dump")
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if outermost:  # a transaction of its own: one snapshot for the counts and pg_dump
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        # What pg_dump sees is what this transaction sees: the counts are the archive's.
        holdings = holdings_of(cursor, set(connection.introspection.table_names(cursor)))
        run_tool(
            [pg_dump, "--format=custom", f"--file={temporary}", f"--snapshot={snapshot}"],
            using=using,
        )
    return holdings


def _sync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _publish(temporary: Path, path: Path, *, force: bool) -> None:
    """The finished backup under its name, never over another file unless `force`."""
    if force:
        os.replace(temporary, path)
    else:
        try:
            os.link(temporary, path)  # fails if the name was taken meanwhile
        except FileExistsError:
            raise BackupRefused(f"{path} exists already: choose another name, or --force") from None
        except OSError:  # a file system without hard links
            if path.exists():
                raise BackupRefused(f"{path} exists already: choose another name") from None
            os.rename(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
