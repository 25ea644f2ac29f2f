"""`partnerfolio createuser USERNAME`: an account on our side."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from partnerfolio.audit.services import audit_record
from partnerfolio.partnerships.cli_support import EXIT_INVALID, acting_user


class Command(BaseCommand):
    help = "Create a user account. The password is asked for twice, or read from standard input."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--admin", action="store_true", help="an administrator (staff and superuser)"
        )
        parser.add_argument(
            "--role",
            choices=["admin", "manager", "contributor", "viewer"],
            default="viewer",
            help="what the person may do (docs/access.md); default viewer",
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        username = options["username"].strip()
        if not username:
            raise CommandError("the username must not be blank", returncode=EXIT_INVALID)
        problems = []
        try:
            User.username_validator(username)
        except ValidationError as error:
            problems.extend(error.messages)
        if len(username) > User._meta.get_field("username").max_length:
            problems.append("the username is too long (at most 150 characters)")
        if options["email"]:
            try:
                validate_email(options["email"])
            except ValidationError:
                problems.append(f"{options['email']!r} is not an email address")
        if problems:
            raise CommandError(" ".join(problems), returncode=EXIT_INVALID)
        if User.objects.filter(username=username).exists():
            raise CommandError(f"a user named {username!r} exists already", returncode=EXIT_INVALID)
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password (again): ") != password:
                raise CommandError("the passwords differ", returncode=EXIT_INVALID)
        candidate = User(username=username, email=options["email"])
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError(
                "password refused: " + " ".join(error.messages), returncode=EXIT_INVALID
            ) from None
        try:
            with transaction.atomic():
                self._create(User, username, password, options)
        except IntegrityError:  # created by someone else since the check above
            raise CommandError(
                f"a user named {username!r} exists already", returncode=EXIT_INVALID
            ) from None
        self.stdout.write(f"created {'administrator' if options['admin'] else 'user'} {username}")

    def _create(self, User: Any, username: str, password: str, options: dict[str, Any]) -> None:
        if options["admin"]:
            user = User.objects.create_superuser(
                username=username, email=options["email"], password=password, role="admin"
            )
        else:
            user = User.objects.create_user(
                username=username,
                email=options["email"],
                password=password,
                role=options["role"],
                is_superuser=options["role"] == "admin",
                is_staff=options["role"] == "admin",
            )
        audit_record(
            actor=acting_user(None),
            action="user_create",
            entity="user",
            entity_id=user.pk,
            after={
                "username": username,
                "email": options["email"],
                "role": "admin" if options["admin"] else options["role"],
            },
        )
