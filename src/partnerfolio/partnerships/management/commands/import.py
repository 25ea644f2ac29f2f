"""`partnerfolio import FILE...`: store partnership documents, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from partnerfolio.interchange import InvalidDocument, Problem, validate_document
from partnerfolio.interchange.document import read_text
from partnerfolio.partnerships import services
from partnerfolio.partnerships.cli_support import EXIT_INVALID, acting_user, progress


class Command(BaseCommand):
    help = (
        "Import partnership documents (the JSON of framework.md §8). All or nothing by default: "
        "one bad document and nothing is written. Exit status 2 when any document is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", metavar="FILE", help="a document; - reads standard input"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the good documents and list the bad ones",
        )
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a stored partnership of the same name"
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="the account the import is recorded under"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = acting_user(options["user"])
        documents: list[tuple[str, Any]] = []
        refused: list[tuple[str, list[Problem] | str]] = []
        for path in options["files"]:
            try:
                source, text = read_text(path)
                documents.append((source, validate_document(text, source=source)))
            except InvalidDocument as error:
                refused.append((error.source or path, list(error.problems)))
        if refused and not options["skip_invalid"]:
            self._report(refused, imported=0, total=len(options["files"]))
        imported = 0
        try:
            with transaction.atomic(), progress(len(documents), "importing") as bar:
                task = bar.add_task("import", total=len(documents))
                for source, document in documents:
                    try:
                        with transaction.atomic():
                            services.partnership_import_validated(
                                actor=actor, validated=document, replace=options["replace"]
                            )
                        imported += 1
                    except services.InvalidChange as error:
                        refused.append((source, list(error.problems)))
                    except services.RecordError as error:
                        refused.append((source, str(error)))
                    bar.advance(task)
                if refused and not options["skip_invalid"]:
                    raise _Rollback
        except _Rollback:
            self._report(refused, imported=0, total=len(options["files"]))
        self.stdout.write(f"imported {imported} partnership(s)")
        if refused:
            self._report(refused, imported=imported, total=len(options["files"]))

    def _report(
        self, refused: list[tuple[str, list[Problem] | str]], *, imported: int, total: int
    ) -> None:
        for source, problems in refused:
            self.stderr.write(f"{source}: refused")
            for problem in problems if isinstance(problems, list) else [problems]:
                self.stderr.write(f"  {problem}")
        outcome = "nothing was imported" if imported == 0 else f"the other {imported} were imported"
        raise CommandError(
            f"{len(refused)} of {total} document(s) refused; {outcome}", returncode=EXIT_INVALID
        )


class _Rollback(Exception):
    """Leave the all-or-nothing transaction without writing anything."""
