"""A spreadsheet row → a record of one kind → the §8 fragment it stands for, validated by
the document's own rules, each problem named by row and column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from partnerfolio.interchange import InvalidDocument, validate_document
from partnerfolio.spreadsheets.fields import (
    BY_KEY,
    FIELDS,
    RECORD,
    SECTIONS,
    CellError,
    kind_of,
    parse,
)
from partnerfolio.spreadsheets.mappings import Columns, Mapping
from partnerfolio.spreadsheets.reading import Table

NEUTRALIZED = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int  # 0: the whole table
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.sheet} row {self.row}" if self.row else self.sheet
        return (
            f"{where}, column {self.column!r}: {self.reason}"
            if self.column
            else f"{where}: {self.reason}"
        )

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class Record:
    sheet: str
    row: int
    kind: str
    values: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)  # field key -> the header it came from
    document: dict[str, Any] = field(default_factory=dict)  # validated §8 fragment

    def column(self, key: str) -> str:
        return self.headers.get(key, key)

    def issue(self, key: str, reason: str) -> Issue:
        return Issue(self.sheet, self.row, self.column(key) if key else "", reason)

    @property
    def label(self) -> str:
        v = self.values
        name = v.get("name") or v.get("title") or v.get("metric") or v.get("on") or ""
        where = v.get("partnership") or v.get("partner") or ""
        return f"{name} ({where})" if where and name else str(name or where)


def _translate(mapping: Mapping, key: str, text: str) -> Any:
    table = mapping.values.get(key)
    if not table:
        return text
    if text in table:
        return table[text]
    lowered = {str(k).strip().lower(): v for k, v in table.items()}
    if text.lower() in lowered:
        return lowered[text.lower()]
    return table.get("*", text)


def read_records(
    table: Table, columns: Columns, mapping: Mapping
) -> tuple[list[Record], list[Issue]]:
    """The records of a table's rows, and the problems of the rows that could not be read."""
    records: list[Record] = []
    issues: list[Issue] = []
    if columns.kind is None and RECORD not in columns.fields.values():
        issues.append(
            Issue(
                table.name,
                0,
                "",
                "cannot tell what the rows are: add a `record` column (partnership, survey, …), "
                "name the sheet or file after a kind, or choose the kind in the mapping",
            )
        )
        return records, issues
    record_index = next((i for i, k in columns.fields.items() if k == RECORD), None)
    for number, cells in table.rows:
        kind = columns.kind
        if kind is None and record_index is not None:
            text = cells[record_index].strip() if record_index < len(cells) else ""
            kind = kind_of(text) if text else None
            if kind is None:
                issues.append(
                    Issue(
                        table.name,
                        number,
                        table.headers[record_index],
                        f"not a kind of record: {text!r} (one of {', '.join(SECTIONS)})",
                    )
                )
                continue
        assert kind is not None
        record = Record(table.name, number, kind, {})
        bad = False
        for index, key in columns.fields.items():
            if key == RECORD:
                continue
            text = cells[index].strip() if index < len(cells) else ""
            if text.startswith("'") and text[1:2] in NEUTRALIZED:
                text = text[1:]  # the quote an export put before a formula-like text
            if not text:
                continue
            header = table.headers[index]
            value = _translate(mapping, key, text)
            if value is None or value == "":
                continue
            f = BY_KEY[kind].get(key)
            if f is None:
                issues.append(Issue(table.name, number, header, f"not a field of a {kind} record"))
                bad = True
                continue
            record.headers[key] = header
            try:
                record.values[key] = parse(f, str(value))
            except CellError as error:
                issues.append(Issue(table.name, number, header, str(error)))
                bad = True
        if not bad:
            records.append(record)
    return records, issues


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def fragment(record: Record) -> tuple[dict[str, Any], str]:
    """(the §8 document the record stands for, the path prefix of its item in it)."""
    item: dict[str, Any] = {}
    for f in FIELDS[record.kind]:
        value = record.values.get(f.key)
        if value is None or not f.path:
            continue
        if f.type == "scores":
            item.setdefault("scores", {}).update(value)
        else:
            _put(item, f.path, value)
    kind = record.kind
    if kind == "partnership":
        if "partners" in item:
            item["partners"] = [{"name": name} for name in item["partners"]]
        return item, ""
    if kind == "organization":
        return {"name": "organization", "partners": [item]}, "partners[0]."
    if kind == "observation":
        item["observations"] = [item["observations"]] if "observations" in item else []
        return {"name": "partnership", "metrics": [item]}, "metrics[0]."
    section = SECTIONS[kind]
    assert section is not None
    return {"name": "partnership", section: [item]}, f"{section}[0]."


def column_of(record: Record, path: str, prefix: str) -> str:
    """The field a document path points into, among those the record has (else the path)."""
    path = path.removeprefix(prefix)
    best, length = "", -1
    for f in FIELDS[record.kind]:
        if not f.path:
            continue
        if path == f.path or path.startswith((f.path + ".", f.path + "[")):
            if f.key in record.values and len(f.path) > length:
                best, length = f.key, len(f.path)
            elif not best:
                best = f.key
    return best or path


def problems_of(record: Record, error: Any, prefix: str) -> list[Issue]:
    """Issues from the Problems of a refused document or change, each named by its column."""
    return [
        record.issue(column_of(record, p.path, prefix), p.message)
        if p.path
        else record.issue("", p.message)
        for p in error.problems
    ]


def validate(record: Record) -> list[Issue]:
    """Check the record by the document's rules; keep its validated fragment."""
    if record.kind == "partnership" and "name" not in record.values:
        return [record.issue("name", "required: the partnership's name")]
    if record.kind == "organization" and "name" not in record.values:
        return [record.issue("name", "required: the organization's name")]
    if record.kind == "observation":
        if "metric" not in record.values:
            return [record.issue("metric", "required: the metric's key")]
        given = [k for k in ("on", "value") if k in record.values]
        if len(given) == 1:  # neither: the row only defines the metric
            other = "value" if given[0] == "on" else "on"
            return [record.issue(other, "required with a metric's " + given[0])]
    document, prefix = fragment(record)
    if record.kind == "observation":
        record.document = document  # the definition is checked when a new metric is defined
        return []
    try:
        record.document = dict(validate_document(json.dumps(document)))
    except InvalidDocument as error:
        return problems_of(record, error, prefix)
    return []
