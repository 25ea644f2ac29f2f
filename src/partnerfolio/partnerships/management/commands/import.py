"""`partnerfolio import FILE...`: store partnership documents, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from partnerfolio.interchange import InvalidDocument, Problem, validate_document
from partnerfolio.interchange.document import read_text
from partnerfolio.partnerships import services
from partnerfolio.partnerships.cli_support import EXIT_INVALID, acting_user, progress
from partnerfolio.partnerships.models import Partnership
from partnerfolio.spreadsheets.cli import add_import_arguments, import_spreadsheets, is_spreadsheet

BATCH = 200


class Command(BaseCommand):
    help = (
        "Import partnership documents (the JSON of framework.md §8), or .csv/.xlsx spreadsheets "
        "(docs/spreadsheets.md). All or nothing by default: one bad document or row and nothing "
        "is written. Exit status 2 when any document or row is refused."
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
        add_import_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = acting_user(options["user"])
        spreadsheets = [is_spreadsheet(path) for path in options["files"]]
        if any(spreadsheets):
            if not all(spreadsheets):
                raise CommandError(
                    "import JSON documents and spreadsheets separately", returncode=EXIT_INVALID
                )
            if options["replace"]:
                raise CommandError(
                    "--replace is for JSON documents; a spreadsheet import updates what changed",
                    returncode=EXIT_INVALID,
                )
            import_spreadsheets(options["files"], options, actor, self.stdout, self.stderr)
            return
        if options["dry_run"] or options["mapping"] or options["kind"] or options["save_mapping"]:
            raise CommandError(
                "--mapping, --kind, --dry-run and --save-mapping are for .csv and .xlsx files",
                returncode=EXIT_INVALID,
            )
        skip = options["skip_invalid"]
        total = len(options["files"])
        documents: list[tuple[str, dict[str, Any]]] = []
        refused: list[tuple[str, list[Problem] | str]] = []
        for path in options["files"]:
            try:
                source, text = read_text(path)
                documents.append((source, dict(validate_document(text, source=source))))
            except InvalidDocument as error:
                refused.append((error.source or path, list(error.problems)))
        if refused and not skip:
            self._report(refused, imported=0, total=total)
        imported = 0
        try:
            with transaction.atomic(), progress(len(documents), "importing") as bar:
                task = bar.add_task("import", total=len(documents))
                for start in range(0, len(documents), BATCH):
                    batch = documents[start : start + BATCH]
                    imported += self._import(actor, batch, refused, replace=options["replace"])
                    bar.advance(task, len(batch))
                if refused and not skip:
                    raise _Rollback
        except _Rollback:
            self._report(refused, imported=0, total=total)
        self.stdout.write(f"imported {imported} partnership(s)")
        if refused:
            self._report(refused, imported=imported, total=total)

    def _import(
        self,
        actor: Any,
        batch: list[tuple[str, dict[str, Any]]],
        refused: list[tuple[str, list[Problem] | str]],
        *,
        replace: bool,
    ) -> int:
        """Import one batch; refused documents are listed and left out. Returns the count."""
        imported = 0
        if replace:
            stored = set(
                Partnership.objects.filter(name__in=[d["name"] for _, d in batch]).values_list(
                    "name", flat=True
                )
            )
            for source, document in [b for b in batch if b[1]["name"] in stored]:
                try:
                    with transaction.atomic():
                        services.partnership_import_validated(
                            actor=actor, validated=document, replace=True
                        )
                    imported += 1
                except services.InvalidChange as error:
                    refused.append((source, list(error.problems)))
                except services.RecordError as error:
                    refused.append((source, str(error)))
            batch = [b for b in batch if b[1]["name"] not in stored]
        while batch:
            try:
                with transaction.atomic():
                    services.partnerships_import(actor=actor, documents=[d for _, d in batch])
                return imported + len(batch)
            except services.BatchRefused as error:
                refused.extend((batch[i][0], problems) for i, problems in error.problems.items())
                batch = [b for i, b in enumerate(batch) if i not in error.problems]
            except services.RecordError as error:  # e.g. a name taken by another import meanwhile
                refused.extend((source, str(error)) for source, _ in batch)
                return imported
        return imported

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
