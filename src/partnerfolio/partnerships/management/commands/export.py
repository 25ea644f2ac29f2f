"""`partnerfolio export [--all | NAME...] [--out DIR]`: stored partnerships as §8 documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from partnerfolio.partnerships import models, selectors
from partnerfolio.partnerships.cli_support import EXIT_INVALID, progress
from partnerfolio.spreadsheets.cli import export_spreadsheet


class Command(BaseCommand):
    help = (
        "Export stored partnerships as JSON documents (framework.md §8): to standard output, "
        "or one file per partnership in --out DIR."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "names", nargs="*", metavar="NAME", help="partnerships to export, by name"
        )
        parser.add_argument("--all", action="store_true", help="export every partnership")
        parser.add_argument(
            "--out",
            metavar="DIR",
            help="write NAME.json files into this directory (csv/xlsx: a file or a directory)",
        )
        parser.add_argument(
            "--format",
            choices=("json", "csv", "xlsx"),
            default="json",
            help="json: one §8 document per partnership (the default); csv, xlsx: one "
            "spreadsheet of records (docs/spreadsheets.md)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names: list[str] = options["names"]
        if bool(names) == bool(options["all"]):
            raise CommandError(
                "name the partnerships to export, or give --all", returncode=EXIT_INVALID
            )
        if options["all"]:
            ids = list(models.Partnership.objects.order_by("name").values_list("id", flat=True))
        else:
            found = dict(
                models.Partnership.objects.filter(name__in=names).values_list("name", "id")
            )
            unknown = [n for n in names if n not in found]
            if unknown:
                raise CommandError(
                    "no partnership named " + ", ".join(repr(n) for n in unknown),
                    returncode=EXIT_INVALID,
                )
            ids = [found[n] for n in names]
        if options["format"] != "json":
            export_spreadsheet(
                options["format"], None if options["all"] else ids, options["out"], self.stdout
            )
            return
        out = Path(options["out"]) if options["out"] else None
        if out is not None:
            if out.exists() and not out.is_dir():
                raise CommandError(f"--out {out}: not a directory", returncode=EXIT_INVALID)
            out.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        written = 0
        with progress(len(ids), "exporting") as bar:
            task = bar.add_task("export", total=len(ids))
            for start in range(0, len(ids), selectors.BATCH):
                chunk = ids[start : start + selectors.BATCH]
                loaded = selectors.snapshots(chunk)
                for pid in chunk:
                    document = selectors.to_document(loaded[pid])
                    text = json.dumps(document, ensure_ascii=False, indent=2)
                    if out is None:
                        self.stdout.write(
                            text if len(ids) == 1 else json.dumps(document, ensure_ascii=False)
                        )
                    else:
                        (out / _file_name(document["name"], used)).write_text(
                            text + "\n", encoding="utf-8"
                        )
                        written += 1
                    bar.advance(task)
        if out is not None:
            self.stdout.write(f"exported {written} partnership(s) to {out}")


def _file_name(name: str, used: set[str]) -> str:
    base = slugify(name) or "partnership"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return f"{candidate}.json"
