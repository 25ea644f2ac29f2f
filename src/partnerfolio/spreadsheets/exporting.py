"""Exports: the records of partnerships as CSV or XLSX (the shape an import reads back),
the partnerships list, a scorecard, and zips of §8 JSON documents.

Every text cell that a spreadsheet program could take for a formula (beginning with
`=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with a single quote (OWASP
CSV injection); plain numbers are left as they are. An import takes the quote off again.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from django.utils.text import slugify

from partnerfolio.interchange.output import scorecard_json
from partnerfolio.partnerships import selectors
from partnerfolio.partnerships.models import Partnership
from partnerfolio.spreadsheets.fields import FIELDS, RECORD, SECTIONS, SURVEY_QUESTIONS, to_text

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";", "\t", '"', "\r", "\n")
_QUOTED = re.compile("|".join(re.escape(c) for c in SEPARATORS))
NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
NOT_WRITTEN = {"partner", "partner_external_id", "external_id"}
Row = dict[str, Any]


def neutralize(text: str) -> str:
    """A cell text no spreadsheet program will run as a formula."""
    if text.startswith(DANGEROUS) and not NUMBER.match(text):
        return "'" + text
    return text


def kind_columns(kind: str) -> list[str]:
    return [f.key for f in FIELDS[kind] if f.key not in NOT_WRITTEN]


def wide_columns() -> list[str]:
    return [RECORD, *dict.fromkeys(k for kind in FIELDS for k in kind_columns(kind))]


def _get(item: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        if not isinstance(item, dict):
            return None
        item = item.get(part)  # type: ignore[assignment]
    return item


def _flat(kind: str, item: dict[str, Any], partnership: str | None = None) -> Row:
    row: Row = {RECORD: kind}
    if partnership is not None:
        row["partnership"] = partnership
    for f in FIELDS[kind]:
        if f.key in NOT_WRITTEN or not f.path or f.type == "scores":
            continue
        value = _get(item, f.path)
        if value is not None:
            row[f.key] = value
    if kind == "partnership" and item.get("partners"):
        row["partners"] = [p["name"] for p in item["partners"]]
    if kind == "survey":
        extra = {k: v for k, v in (item.get("scores") or {}).items() if k not in SURVEY_QUESTIONS}
        if extra:
            row["scores"] = extra
    return row


def record_rows(ids: Iterable[int]) -> Iterator[Row]:
    """Organizations, partnerships, evidence and observations of these partnerships, in rows."""
    documents = []
    ids = list(ids)
    for start in range(0, len(ids), selectors.BATCH):
        chunk = ids[start : start + selectors.BATCH]
        loaded = selectors.snapshots(chunk)
        documents += [selectors.to_document(loaded[pid]) for pid in chunk if pid in loaded]
    organizations: dict[str, dict[str, Any]] = {}
    for document in documents:
        for partner in document.get("partners") or ():
            organizations.setdefault(partner["name"], partner)
    for name in sorted(organizations):
        yield _flat("organization", organizations[name])
    for document in documents:
        yield _flat("partnership", document)
    for document in documents:
        yield from item_rows(document)


def item_rows(document: dict[str, Any]) -> Iterator[Row]:
    """The evidence and metric observation rows of one partnership's document."""
    for kind, section in SECTIONS.items():
        for item in (document.get(section) or ()) if section else ():
            yield _flat(kind, item, document["name"])
    for metric in document.get("metrics") or ():
        # a metric without values yet: a row without a date defines it
        for observation in metric.get("observations") or [{"on": None, "value": None}]:
            yield {
                RECORD: "observation",
                "partnership": document["name"],
                "metric": metric["key"],
                "on": observation["on"],
                "value": observation["value"],
                "metric_name": metric.get("name"),
                "unit": metric.get("unit"),
                "target": metric.get("target"),
                "metric_category": metric.get("category"),
                "direction": metric.get("direction"),
                "leading": metric.get("leading"),
            }


def csv_field(text: str) -> str:
    """A field quoted when it holds any list separator (comma, semicolon, tab), a quote or
    a line break: a spreadsheet whose separator is a semicolon or a tab splits a line only
    outside quotes, so `Acme;=1+2` stays one cell starting with A instead of giving a cell
    `=1+2` that it would run as a formula."""
    if _QUOTED.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_bytes(columns: list[str], rows: Iterable[Row]) -> bytes:
    """UTF-8 CSV with a byte order mark (so Excel reads the accents right), neutralized."""
    lines = [",".join(csv_field(c) for c in columns)]
    for row in rows:
        lines.append(",".join(csv_field(neutralize(to_text(row.get(c)))) for c in columns))
    return b"\xef\xbb\xbf" + "".join(f"{line}\r\n" for line in lines).encode("utf-8")


def _cell(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        return neutralize(to_text(value)) if value is not None else None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return neutralize(str(value))


def xlsx_row(sheet: Any, columns: list[str], row: Row) -> list[Any]:
    """The cells of a row for a write-only sheet: text always a string, dates formatted."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for column in columns:
        value = _cell(row.get(column))
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # a string, whatever it begins with
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        cells.append(cell)
    return cells


def xlsx_bytes(sheets: list[tuple[str, list[str], Iterable[Row]]]) -> bytes:
    """A workbook of (title, columns, rows) sheets; text cells neutralized, never formulas."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(columns)
        for row in rows:
            sheet.append(xlsx_row(sheet, columns, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def records_xlsx(rows: list[Row], extra: list[tuple[str, list[str], Iterable[Row]]] = ()) -> bytes:  # type: ignore[assignment]
    """One sheet per kind, titled with the kind (which tells an import what the rows are)."""
    sheets = list(extra)
    for kind in FIELDS:
        of_kind = [r for r in rows if r[RECORD] == kind]
        if of_kind:
            title = SECTIONS[kind] or f"{kind}s"
            sheets.append((title, kind_columns(kind), of_kind))
    if not sheets:
        sheets.append(("partnerships", kind_columns("partnership"), []))
    return xlsx_bytes(sheets)


def portfolio_file(fmt: str, ids: list[int] | None = None) -> bytes:
    """The records of these partnerships (None: every one) as csv, xlsx or a zip of JSON."""
    if ids is None:
        ids = list(Partnership.objects.order_by("name").values_list("id", flat=True))
    if fmt == "json":
        return documents_zip(ids)
    rows = list(record_rows(ids))
    if fmt == "csv":
        return csv_bytes(wide_columns(), rows)
    return records_xlsx(rows)


def documents_zip(ids: list[int]) -> bytes:
    """A zip of one §8 JSON document per partnership."""

    def documents() -> Iterator[dict[str, Any]]:
        for start in range(0, len(ids), selectors.BATCH):
            chunk = ids[start : start + selectors.BATCH]
            loaded = selectors.snapshots(chunk)
            yield from (selectors.to_document(loaded[pid]) for pid in chunk)

    out = io.BytesIO()
    write_documents_zip(documents(), out)
    return out.getvalue()


def write_documents_zip(documents: Iterable[dict[str, Any]], out: IO[bytes]) -> None:
    """The zip of these documents, each `<slug of its name>.json` (made unique), to `out`."""
    used: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            base = slugify(document["name"]) or "partnership"
            name, n = base, 2
            while name in used:
                name, n = f"{base}-{n}", n + 1
            used.add(name)
            archive.writestr(
                f"{name}.json", json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            )


LIST_COLUMNS = [
    "name",
    "partners",
    "type",
    "category",
    "stage",
    "owner",
    "started_on",
    "planned_end_on",
    "classified_type",
    "health",
    "readiness",
    "pitfalls",
    "pitfall_codes",
]


def list_rows(partnerships: Iterable[Partnership]) -> Iterator[Row]:
    """The partnerships list's columns, with the summary the list shows."""
    for p in partnerships:
        summary = getattr(p, "summary", None)
        yield {
            "name": p.name,
            "partners": [o.name for o in p.partners.all()],
            "type": p.type or None,
            "category": p.category or None,
            "stage": p.stage or None,
            "owner": p.owner or None,
            "started_on": p.started_on.isoformat() if p.started_on else None,
            "planned_end_on": p.planned_end_on.isoformat() if p.planned_end_on else None,
            "classified_type": summary.classified_type if summary else None,
            "health": summary.health if summary else None,
            "readiness": summary.readiness if summary else None,
            "pitfalls": summary.pitfall_count if summary else None,
            "pitfall_codes": [c for c in summary.pitfall_codes.split(",") if c]
            if summary
            else None,
        }


SCORECARD_COLUMNS = [
    "metric",
    "name",
    "category",
    "leading",
    "direction",
    "unit",
    "target",
    "latest_on",
    "latest_value",
    "attainment",
    "trend",
    "observations",
]


def scorecard_rows(assessment: Any) -> list[Row]:
    """The scorecard: a health row, a row per category, a row per metric."""
    card = scorecard_json(assessment.scorecard)
    rows: list[Row] = [{"metric": "health", "attainment": card["health"]}]
    for category, values in card["categories"].items():
        rows.append({"metric": f"category: {category}", "attainment": values["attainment"]})
    for m in card["metrics"]:
        latest = m["latest"] or {}
        rows.append(
            {
                "metric": m["key"],
                **{k: m[k] for k in ("name", "category", "leading", "direction", "unit", "target")},
                "latest_on": latest.get("on"),
                "latest_value": latest.get("value"),
                "attainment": m["attainment"],
                "trend": m["trend"],
                "observations": m["observations"],
            }
        )
    return rows
