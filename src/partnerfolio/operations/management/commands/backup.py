"""`partnerfolio backup PATH` and `partnerfolio backup --restore PATH` (docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from partnerfolio.operations.backup import BackupRefused, backup_write
from partnerfolio.operations.restore import backup_restore
from partnerfolio.partnerships.cli_support import EXIT_INVALID


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database to PATH while the installation keeps "
        "working (SQLite: a database file; PostgreSQL: a pg_dump archive), readable by its "
        "owner only. With --restore, bring the backup at PATH back into an empty "
        "installation of the same kind of database and migrate it to this version."
    )
    # A backup from cron must not wait on, or fail for, checks of the web side's configuration.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH", help="the backup file")
        parser.add_argument(
            "--restore", action="store_true", help="restore the backup at PATH instead"
        )
        parser.add_argument(
            "--force", action="store_true", help="replace PATH if it exists (backing up)"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="restore over an installation that holds records, which are lost",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if options["restore"] and options["force"]:
            raise CommandError(
                "--force is for writing a backup; --replace restores over records",
                returncode=EXIT_INVALID,
            )
        if options["replace"] and not options["restore"]:
            raise CommandError("--replace goes with --restore", returncode=EXIT_INVALID)
        try:
            if options["restore"]:
                self._restore(path, replace=options["replace"])
            else:
                self._backup(path, force=options["force"])
        except BackupRefused as refusal:
            raise CommandError(str(refusal), returncode=EXIT_INVALID) from None
        except DatabaseError as error:
            raise CommandError(f"the database refused: {error}", returncode=EXIT_INVALID) from None

    def _backup(self, path: Path, *, force: bool) -> None:
        written = backup_write(path=path, force=force)
        self.stdout.write(
            f"wrote {written.path} ({_size(written.size)}, {written.kind}): {written.holdings}"
        )

    def _restore(self, path: Path, *, replace: bool) -> None:
        restored = backup_restore(path=path, replace=replace, stdout=self.stdout)
        replaced = "" if restored.replaced.empty else f", in place of {restored.replaced}"
        self.stdout.write(
            f"restored {restored.path} ({restored.kind}): {restored.holdings}{replaced}; "
            f"migrated to this version, data revision {restored.revision}"
        )


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    scaled = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        scaled /= 1024
        if scaled < 1024 or unit == "TB":
            break
    return f"{scaled:.1f} {unit}"
