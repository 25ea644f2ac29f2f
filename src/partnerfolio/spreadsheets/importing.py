"""Importing the records of a workbook: create what is new, update what changed, leave the
rest; all or nothing unless invalid rows are to be skipped. A dry run (the preview) is
exactly what an import would do, and writes nothing.

Two phases, so that a large file never keeps other people out: `planning` reads and
checks every row with reads only (no write transaction, no write lock), then `writing`
writes what it decided in one short transaction, re-checking under the lock that no
record it updates changed meanwhile. A dry run stops after the plan.

Records are found again by their external ID (`ExternalKey`, per source) or their
natural key (an organization's or partnership's name; evidence by partnership, kind and
the fields in NATURAL_KEYS; an observation by partnership, metric and day): importing
the same file twice changes nothing. An empty cell never clears a stored value.

`run_import` is the one entry point, for the command, the web page and a background job
(`import_job` takes and returns plain JSON-ready data).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from partnerfolio.audit.services import Actor
from partnerfolio.partnerships.errors import InvalidChange, RecordError
from partnerfolio.spreadsheets import writing
from partnerfolio.spreadsheets.fields import KINDS, SECTIONS
from partnerfolio.spreadsheets.mappings import Mapping, resolve_columns
from partnerfolio.spreadsheets.planning import NATURAL_KEYS, Planner, RowRefused
from partnerfolio.spreadsheets.reading import Workbook, max_rows
from partnerfolio.spreadsheets.report import Outcome, Report
from partnerfolio.spreadsheets.rows import Issue, Record, problems_of, read_records, validate

__all__ = ["NATURAL_KEYS", "RowRefused", "import_job", "run_import"]

NOT_RECORDS = {"scorecard", "summary", "about", "readme"}
Progress = Callable[[int, int], None]  # (records done, records to check), after each record


def run_import(
    workbook: Workbook,
    mapping: Mapping,
    *,
    actor: Actor,
    user: Any = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Import a workbook's records. `user` limits what may be seen and changed (None: all)."""
    report = Report(notes=list(workbook.notes), dry_run=dry_run)
    records: list[Record] = []
    for table in workbook.tables:
        if table.name.strip().lower() in NOT_RECORDS:
            report.notes.append(f"sheet {table.name!r} is not imported (it is not records)")
            continue
        columns = resolve_columns(table, mapping)
        report.unused += [f"{table.name}: {h}" for h in columns.unused]
        found, issues = read_records(table, columns, mapping)
        report.issues += issues
        for record in found:
            problems = validate(record)
            report.issues += problems
            if not problems:
                records.append(record)
    rows = sum(len(t.rows) for t in workbook.tables if t.name.strip().lower() not in NOT_RECORDS)
    if rows > max_rows():
        report.issues.insert(
            0,
            Issue(
                "",
                0,
                "",
                f"{rows:,} rows in all sheets, more than the {max_rows():,} one import takes; "
                "split the file (organizations and partnerships first)",
            ),
        )
        return report
    order = {kind: n for n, kind in enumerate(KINDS)}
    records.sort(key=lambda r: order[r.kind])
    planner = Planner(user, mapping.source, records)
    if progress is not None:
        progress(0, len(records))
    for done, record in enumerate(records, start=1):
        try:
            verb = planner.apply(record)
            report.outcomes.append(
                Outcome(record.sheet, record.row, record.kind, verb, record.label)
            )
        except RowRefused as refused:
            report.issues += refused.issues
        except InvalidChange as error:
            report.issues += problems_of(record, error, _prefix(record))
        except RecordError as error:
            report.issues.append(record.issue("", str(error)))
        if progress is not None and done < len(records):
            progress(done, len(records))
    report.issues.sort(key=lambda i: (i.sheet, i.row))
    if not dry_run and not (report.issues and not skip_invalid):
        _write(planner.plan, actor, mapping.source, report, len(records), progress)
    elif progress is not None:
        progress(len(records), len(records))
    if report.issues and not skip_invalid:
        report.outcomes = [o for o in report.outcomes if o.verb != "unchanged"]
    return report


def _write(
    plan: writing.Plan,
    actor: Actor,
    source: str,
    report: Report,
    total: int,
    progress: Progress | None,
) -> None:
    """The plan, in one transaction; a record changed meanwhile refuses it all."""
    writer = writing.Writer(plan, actor, source)  # the rows made ready before the lock
    try:
        with transaction.atomic():
            if progress is not None:
                progress(total, total)  # inside the transaction: it commits with the records
            writer.write()
    except (RecordError, IntegrityError) as error:
        reason = str(error) if isinstance(error, RecordError) else "a record changed meanwhile"
        report.issues.append(
            Issue("", 0, "", f"{reason} (someone changed the record while the file was read)")
        )
        return
    report.written = True


def _prefix(record: Record) -> str:
    if record.kind == "organization":
        return "partners[0]."
    if record.kind == "observation":
        return "metrics[0]."
    section = SECTIONS[record.kind]
    return f"{section}[0]." if section else ""


def import_job(
    data: bytes, filename: str, mapping: dict[str, Any], **options: Any
) -> dict[str, Any]:
    """A background job's body: plain data in, the report as JSON-ready data out."""
    from partnerfolio.spreadsheets.mappings import mapping_from_json
    from partnerfolio.spreadsheets.reading import read_file

    report = run_import(read_file(data, filename), mapping_from_json(mapping), **options)
    return report.as_json()
