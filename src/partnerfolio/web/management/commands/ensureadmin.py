"""`partnerfolio ensureadmin`: an administrator on first run, its password printed once."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from partnerfolio.audit.services import audit_record


class Command(BaseCommand):
    help = (
        "Create an administrator when there is none and print its generated password, "
        "once; does nothing when an administrator exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("id").first()
        if existing is not None:
            self.stdout.write(
                f"administrator: {existing.get_username()} (its password was printed when it "
                "was created; `partnerfolio changepassword` sets a new one)"
            )
            return
        password = secrets.token_urlsafe(15)
        with transaction.atomic():
            user = User.objects.create_superuser(
                username=options["username"], email="", password=password, role="admin"
            )
            audit_record(
                actor="partnerfolio ensureadmin",
                action="user_create",
                entity="user",
                entity_id=user.pk,
                after={"username": user.get_username(), "admin": True},
            )
        self.stdout.write(
            f"Created the administrator {user.get_username()!r} with the password {password}\n"
            "It is shown this once: note it now."
        )
