"""`partnerfolio pruneaudit --before DATE`: remove old audit records, deliberately."""

from __future__ import annotations

import sys
from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partnerfolio.accounts import access
from partnerfolio.audit.models import AuditRecord
from partnerfolio.audit.services import audit_prune
from partnerfolio.partnerships.cli_support import EXIT_INVALID, acting_user, iso_date
from partnerfolio.partnerships.services import deleted_partnerships


class Command(BaseCommand):
    help = (
        "Delete the audit records written before DATE (the start of that day, in the "
        "configured time zone), keeping the deletions that can still be restored; the "
        "prune is itself recorded. The database refuses any other removal of audit "
        "records (docs/record.md). Asks for confirmation unless --yes is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--before",
            type=iso_date,
            required=True,
            metavar="YYYY-MM-DD",
            help="remove what was written before this day",
        )
        parser.add_argument("--yes", action="store_true", help="prune without asking")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="the administrator the prune is recorded under (default: the shell's user)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["before"]
        if day > timezone.localdate():
            raise CommandError(
                f"--before {day}: must not be later than today", returncode=EXIT_INVALID
            )
        actor = acting_user(options["user"])
        if not isinstance(actor, str) and not access.is_admin(actor):
            raise CommandError(
                f"{actor.get_username()} is not an administrator: only administrators prune"
                " the audit trail",
                returncode=EXIT_INVALID,
            )
        before = timezone.make_aware(datetime.combine(day, time.min))
        keep = [record.pk for record in deleted_partnerships() if record.at < before]
        doomed = AuditRecord.objects.filter(at__lt=before).exclude(pk__in=keep)
        count = doomed.count()
        if count == 0:
            self.stdout.write(f"no audit record was written before {day}: nothing to prune")
            return
        self.stdout.write(
            f"{count} audit record{'s' if count != 1 else ''} written before {day} will be "
            "deleted for good"
            + (
                f"; {len(keep)} deletion{'s' if len(keep) != 1 else ''} that can still be "
                "restored are kept"
                if keep
                else ""
            )
        )
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "nothing pruned: confirm with --yes when no one is at a terminal",
                    returncode=EXIT_INVALID,
                )
            if input("Type yes to delete them: ").strip().lower() != "yes":
                raise CommandError("nothing pruned", returncode=EXIT_INVALID)
        removed = audit_prune(actor=actor, before=before, keep=keep)
        self.stdout.write(f"removed {removed} audit record{'s' if removed != 1 else ''}")
