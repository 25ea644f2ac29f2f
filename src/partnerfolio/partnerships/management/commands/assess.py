"""`partnerfolio assess FILE [FILE ...]`: the framework's verdict on partnership documents."""

from __future__ import annotations

import json
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from rich.console import Console

from partnerfolio.domain import PlaybookError, assess, load_playbook
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.interchange import InvalidDocument, Problem, assessment_json, read_document
from partnerfolio.partnerships import selectors
from partnerfolio.partnerships.cli_support import EXIT_INVALID, iso_date
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.terminal import render_assessment


class Command(BaseCommand):
    help = (
        "Assess partnership documents (the JSON of framework.md §8): classification, "
        "recommendation, governance fit, readiness, pitfalls and scorecard. "
        "Exit status 2 when any document is invalid; the others are still assessed."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="a document (- reads standard input); with --stored, a partnership's name",
        )
        parser.add_argument(
            "--stored",
            action="store_true",
            help="assess stored partnerships, named instead of files",
        )
        parser.add_argument(
            "--as-of",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="the date the assessment is made on (default: today); later evidence is ignored",
        )
        parser.add_argument(
            "--playbook", metavar="FILE", help="a TOML playbook overriding the defaults"
        )
        parser.add_argument(
            "--json", action="store_true", help="print one JSON assessment per line instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            playbook = load_playbook(options["playbook"] or settings.PARTNERFOLIO_PLAYBOOK)
        except PlaybookError as error:
            self.stderr.write(f"playbook: {error}")
            raise SystemExit(EXIT_INVALID) from None
        as_of = options["as_of"] or timezone.localdate()
        console = Console(file=cast(TextIO, self.stdout._out), highlight=False, soft_wrap=False)
        invalid = 0
        for path in options["files"]:
            try:
                snapshot = (
                    self._stored(path)
                    if options["stored"]
                    else read_document(path, playbook=playbook)
                )
            except InvalidDocument as error:
                invalid += 1
                self.stderr.write(f"{error.source}: invalid document")
                for problem in error.problems:
                    self.stderr.write(f"  {problem}")
                continue
            assessment = assess(snapshot, as_of, playbook)
            if options["json"]:
                self.stdout.write(
                    json.dumps(assessment_json(assessment, playbook), ensure_ascii=False)
                )
            else:
                render_assessment(console, snapshot, assessment)
        if invalid:
            total = len(options["files"])
            if options["stored"]:
                self.stderr.write(f"{invalid} of {total} partnership(s) not found")
                raise SystemExit(EXIT_INVALID)
            self.stderr.write(f"{invalid} of {total} document(s) invalid")
            raise SystemExit(EXIT_INVALID)

    def _stored(self, name: str) -> PartnershipSnapshot:
        try:
            return selectors.partnership_snapshot(selectors.partnership_by_name(name))
        except Partnership.DoesNotExist:
            raise InvalidDocument(
                [Problem("", "no stored partnership of that name")], name
            ) from None
