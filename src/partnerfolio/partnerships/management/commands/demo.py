"""`partnerfolio demo [--as-of YYYY-MM-DD]`: load the demo portfolio into an empty database."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from partnerfolio.demo import demo_documents
from partnerfolio.demo.people import give_accounts
from partnerfolio.interchange import InvalidDocument, validate_document
from partnerfolio.partnerships import services
from partnerfolio.partnerships.cli_support import EXIT_INVALID, iso_date
from partnerfolio.partnerships.models import Partnership

ACTOR = "demo"


class Command(BaseCommand):
    help = (
        "Load the demo portfolio (forty partnerships of a fictional company, with two years "
        "of evidence ending on --as-of) into an empty database. Does nothing when the "
        "database already holds a partnership, so it is safe to run on every start."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="the day the demo evidence ends; default: today",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = options["as_of"] or timezone.localdate()
        try:
            documents = demo_documents(as_of)
        except ValueError as error:
            raise CommandError(str(error), returncode=EXIT_INVALID) from None
        validated = []
        for document in documents:
            try:
                validated.append(dict(validate_document(json.dumps(document))))
            except InvalidDocument as error:  # the generator's fault, never the user's
                raise RuntimeError(
                    f"the demo document {document['name']!r} is invalid, a bug in "
                    f"partnerfolio.demo: {error}"
                ) from error
        with transaction.atomic():
            stored = Partnership.objects.count()
            if stored == 0:
                try:
                    services.partnerships_import(actor=ACTOR, documents=validated)
                    accounts = give_accounts(ACTOR)
                except services.RecordError:  # another process filled the database meanwhile
                    stored = Partnership.objects.count() or len(validated)
        if stored:
            self.stdout.write(
                f"the database already holds {stored} partnership{'' if stored == 1 else 's'}; "
                "the demo loads only into an empty one"
            )
            return
        self.stdout.write(
            f"loaded {len(validated)} demo partnerships as of {as_of.isoformat()}, and "
            f"{accounts} accounts for the people of ours who run them (no password yet)"
        )
