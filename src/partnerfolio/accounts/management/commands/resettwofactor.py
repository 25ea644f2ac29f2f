"""`partnerfolio resettwofactor USERNAME`: for a person who lost their authenticator."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerfolio.accounts import services
from partnerfolio.accounts.models import User
from partnerfolio.partnerships.cli_support import EXIT_INVALID, acting_user


class Command(BaseCommand):
    help = (
        "Reset a person's two-factor authentication: remove their authenticator devices and "
        "sign them out everywhere (audit-recorded). They next sign in with their password "
        "and, when PARTNERFOLIO_REQUIRE_2FA is on, set up a new device."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        person = User.objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"no user named {username!r}", returncode=EXIT_INVALID)
        try:
            removed = services.two_factor_reset(actor=acting_user(None), person=person)
        except services.NothingToReset as nothing:
            self.stdout.write(str(nothing))
            return
        self.stdout.write(
            f"reset the two-factor authentication of {username}: {removed} "
            f"device{'s' if removed != 1 else ''} removed, signed out everywhere"
        )
