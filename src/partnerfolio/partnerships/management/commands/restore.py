"""`partnerfolio restore [DELETION]`: list deleted partnerships, or bring one back."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerfolio.partnerships import services
from partnerfolio.partnerships.cli_support import EXIT_INVALID, acting_user
from partnerfolio.partnerships.errors import RecordError


class Command(BaseCommand):
    help = (
        "Without an argument, list the deleted partnerships that can be restored (the id of "
        "their deletion, when, by whom, why); with that id, restore one (docs/record.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "deletion", nargs="?", type=int, help="the deletion's id, as the list shows it"
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="the account the restoration is recorded under"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["deletion"] is None:
            deleted = services.deleted_partnerships()
            if not deleted:
                self.stdout.write("no deleted partnership to restore")
            for record in deleted:
                self.stdout.write(
                    f"{record.pk:>8}  {record.at:%Y-%m-%d %H:%M}  {record.partnership_name}"
                    f"  (by {record.actor_name}: {record.note})"
                )
            return
        try:
            restored = services.partnership_restore(
                actor=acting_user(options["user"]), deletion=options["deletion"]
            )
        except RecordError as refused:
            raise CommandError(str(refused), returncode=EXIT_INVALID) from None
        self.stdout.write(
            f"restored {restored.name!r} as partnership {restored.pk}"
            + (" (confidential)" if restored.confidential else "")
        )
