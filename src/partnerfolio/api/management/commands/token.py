"""`partnerfolio token create USERNAME --name N --scope read|read-write --days D`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerfolio.accounts.models import User
from partnerfolio.api.tokens import token_create
from partnerfolio.partnerships.errors import InvalidChange


class Command(BaseCommand):
    help = "Create a personal API token for an account; the secret is printed once."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print its secret")
        create.add_argument("username")
        create.add_argument("--name", required=True)
        create.add_argument("--scope", choices=("read", "read-write"), default="read")
        create.add_argument("--days", type=int, default=90)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"no account named {options['username']!r}") from None
        if user.effective_role == "partner":
            raise CommandError("partner users have no API access (docs/api.md)")
        try:
            token, secret = token_create(
                user=user, name=options["name"], scope=options["scope"], days=options["days"]
            )
        except InvalidChange as refused:
            raise CommandError(str(refused)) from None
        self.stderr.write(
            f"token {token.name!r} ({token.scope}) for {user.username}, "
            f"expires {token.expires_at:%Y-%m-%d}; the secret is shown this once:"
        )
        self.stdout.write(secret)
