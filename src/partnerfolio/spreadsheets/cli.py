"""The spreadsheet side of `partnerfolio import` and `partnerfolio export --format csv|xlsx`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, OutputWrapper

from partnerfolio.partnerships.cli_support import EXIT_INVALID, progress
from partnerfolio.spreadsheets.fields import KINDS
from partnerfolio.spreadsheets.importing import Report, run_import
from partnerfolio.spreadsheets.mappings import Mapping, MappingError, load_mapping, mapping_save
from partnerfolio.spreadsheets.reading import (
    RefusedFile,
    Workbook,
    check_size,
    max_bytes,
    read_file,
)

SPREADSHEET_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xls", ".xlsm")


def is_spreadsheet(path: str) -> bool:
    return os.path.splitext(path.lower())[1] in SPREADSHEET_SUFFIXES


def _refuse(message: str) -> CommandError:
    return CommandError(message, returncode=EXIT_INVALID)


def _read_bounded(path: str) -> bytes:
    """The file's bytes, its size checked before it is read (standard input: read no
    further than one byte past the limit)."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes() + 1)
    else:
        check_size(os.stat(path).st_size)
        data = Path(path).read_bytes()
    check_size(len(data))
    return data


def import_spreadsheets(
    files: list[str],
    options: dict[str, Any],
    actor: Any,
    stdout: OutputWrapper,
    stderr: OutputWrapper,
) -> None:
    """Import spreadsheet files as one workbook: all or nothing across every file."""
    mapping = Mapping()
    if options.get("mapping"):
        try:
            mapping = load_mapping(options["mapping"])
        except MappingError as error:
            raise _refuse(str(error)) from None
    if options.get("kind"):
        mapping.kind = options["kind"]
    workbook = Workbook([])
    for path in files:
        try:
            data = _read_bounded(path)
            read = read_file(data, path)
        except OSError as error:
            raise _refuse(f"{path}: cannot read the file: {error.strerror}") from None
        except RefusedFile as error:
            raise _refuse(f"{path}: {error}") from None
        workbook.tables += read.tables
        workbook.notes += [f"{path}: {note}" for note in read.notes]
    total = sum(len(t.rows) for t in workbook.tables)
    with progress(total, "importing") as bar:
        task = bar.add_task("import", total=total)
        report = run_import(
            workbook,
            mapping,
            actor=actor,
            dry_run=options.get("dry_run", False),
            skip_invalid=options.get("skip_invalid", False),
            progress=lambda done, of: bar.update(task, completed=done, total=of),
        )
    if options.get("save_mapping"):
        mapping_save(mapping, options["save_mapping"])
    write_report(report, stdout, stderr)
    if report.issues:
        rows = len(report.refused_rows)
        outcome = "nothing was imported" if not report.written else "the other rows were imported"
        if report.dry_run:
            outcome = "dry run: nothing was written"
        raise _refuse(f"{len(report.issues)} problem(s) in {rows} row(s); {outcome}")


def write_report(report: Report, stdout: OutputWrapper, stderr: OutputWrapper) -> None:
    for note in report.notes:
        stdout.write(f"note: {note}")
    for header in report.unused:
        stdout.write(f"column not used: {header}")
    for outcome in report.outcomes:
        if outcome.verb != "unchanged":
            verb = f"would {outcome.verb}" if report.dry_run else outcome.verb + "d"
            stdout.write(
                f"{outcome.sheet} row {outcome.row}: {verb} {outcome.kind} {outcome.label}"
            )
    for issue in report.issues:
        stderr.write(str(issue))
    stdout.write(report.summary())


def add_import_arguments(parser: Any) -> None:
    parser.add_argument(
        "--mapping",
        metavar="FILE|NAME",
        help="column mapping for .csv/.xlsx: a JSON file, a ready or a saved mapping",
    )
    parser.add_argument("--kind", choices=KINDS, help="what every row of the .csv/.xlsx files is")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show what a .csv/.xlsx import would do, write nothing",
    )
    parser.add_argument("--save-mapping", metavar="NAME", help="keep the mapping used under NAME")


def export_spreadsheet(
    fmt: str, ids: list[int] | None, out: str | None, stdout: OutputWrapper
) -> None:
    """Write the portfolio (or the partnerships named) as CSV or XLSX: a file, or standard output."""
    from partnerfolio.spreadsheets import exporting

    with progress(len(ids or ()), "exporting"):
        data = exporting.portfolio_file(fmt, ids)
    if out is None or out == "-":
        if fmt == "xlsx" and sys.stdout.isatty():
            raise _refuse("an XLSX workbook is binary: give --out FILE.xlsx")
        stdout.flush()
        sys.stdout.buffer.write(data) if fmt == "xlsx" else stdout.write(
            data.decode("utf-8"), ending=""
        )
        return
    target = Path(out)
    if target.is_dir():
        target = target / f"portfolio.{fmt}"
    target.write_bytes(data)
    stdout.write(f"exported to {target}")
