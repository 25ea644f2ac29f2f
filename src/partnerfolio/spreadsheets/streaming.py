"""Exports of many partnerships in constant memory: the same files as `exporting`, written
a chunk of partnerships at a time.

CSV comes out as pieces of bytes for a streaming response (or the worker's stored
file); XLSX is written by openpyxl's write-only workbook, which keeps each sheet in a
temporary file rather than its cells in memory, into a file object; the zip of JSON
documents likewise. The partnerships list is read with `QuerySet.iterator(chunk_size=…)`
(its partners prefetched chunk by chunk); the records are loaded `CHUNK` partnerships at a
time (`selectors.snapshots`). The records file lists the partner organizations first
(sorted by name), then the partnerships, then their evidence: the rows that come after
the organizations are spooled to temporary files (in memory up to SPOOL bytes, on disk
beyond) while the organizations are gathered, so memory holds one chunk and the
organizations (one small record each), never every partnership.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any, TypeVar

from django.db.models import QuerySet

from partnerfolio.partnerships import selectors
from partnerfolio.partnerships.models import Partnership, PartnershipPartner
from partnerfolio.spreadsheets.exporting import (
    FIELDS,
    LIST_COLUMNS,
    RECORD,
    SECTIONS,
    Row,
    _flat,
    csv_field,
    item_rows,
    kind_columns,
    neutralize,
    wide_columns,
    write_documents_zip,
    xlsx_row,
)
from partnerfolio.spreadsheets.fields import to_text

CHUNK = 500  # partnerships read at once
PIECE = 64 * 1024  # bytes handed to the response at once
SPOOL = 1024 * 1024  # bytes of spooled rows kept in memory before a temporary file
BOM = b"\xef\xbb\xbf"
T = TypeVar("T")


class CsvLine:
    """A row as one CSV line of `columns`, as `exporting.csv_bytes` writes it: an empty
    cell where the row has no value (most rows fill a few of the wide columns, so only
    their values are converted)."""

    def __init__(self, columns: list[str]) -> None:
        self.width = len(columns)
        self.place = {c: i for i, c in enumerate(columns)}

    def __call__(self, row: Row) -> str:
        cells = [""] * self.width
        place = self.place
        for key, value in row.items():
            at = place.get(key)
            if at is not None and value is not None:
                cells[at] = csv_field(neutralize(to_text(value)))
        return ",".join(cells) + "\r\n"


def _header(columns: list[str]) -> bytes:
    return BOM + (",".join(csv_field(c) for c in columns) + "\r\n").encode("utf-8")


def _pieces(lines: Iterable[str]) -> Iterator[bytes]:
    """Lines gathered into pieces of about PIECE bytes."""
    buffer: list[str] = []
    size = 0
    for line in lines:
        buffer.append(line)
        size += len(line)
        if size >= PIECE:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def chunks(ids: Iterable[T], size: int | None = None) -> Iterator[list[T]]:
    chunk: list[T] = []
    for pid in ids:
        chunk.append(pid)
        if len(chunk) >= (size or CHUNK):
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ids_of(partnerships: QuerySet[Partnership]) -> Iterator[int]:
    """The ids of these partnerships by name, read a chunk at a time."""
    query = partnerships.order_by("name").values_list("id", flat=True)
    return query.iterator(chunk_size=CHUNK)


def documents(ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    """The §8 document of each partnership, loaded CHUNK at a time, in the order given."""
    for chunk in chunks(ids):
        loaded = selectors.snapshots(chunk)
        for pid in chunk:
            if pid in loaded:  # removed since its id was read: left out
                yield selectors.to_document(loaded[pid])


def _copy(spool: IO[bytes]) -> Iterator[bytes]:
    spool.seek(0)
    while piece := spool.read(PIECE):
        yield piece


# what the list's rows read: columns, not model instances (`exporting.list_rows`' values)
_LIST_VALUES = (
    "id", "name", "type", "category", "stage", "owner", "started_on", "planned_end_on",
    "summary__classified_type", "summary__health", "summary__readiness",
    "summary__pitfall_count", "summary__pitfall_codes",
)  # fmt: skip


def list_values(partnerships: QuerySet[Partnership]) -> Iterator[Row]:
    """`exporting.list_rows` of these partnerships, row for row, read as columns a chunk
    at a time with each chunk's partners in one query (by name, as `partners.all()`
    orders them): no model instance, no JSON decoded, at thousands of rows a second."""
    rows = partnerships.prefetch_related(None).values_list(*_LIST_VALUES)
    for chunk in chunks(rows.iterator(chunk_size=CHUNK)):
        partners: dict[int, list[str]] = {}
        links = PartnershipPartner.objects.filter(partnership_id__in=[r[0] for r in chunk])
        for pid, name in links.order_by("partner__name").values_list(
            "partnership_id", "partner__name"
        ):
            partners.setdefault(pid, []).append(name)
        for pid, name, type_, category, stage, owner, started, ends, *summary in chunk:
            kind, health, readiness, count, codes = summary
            yield {
                "name": name,
                "partners": partners.get(pid, []),
                "type": type_ or None,
                "category": category or None,
                "stage": stage or None,
                "owner": owner or None,
                "started_on": started.isoformat() if started else None,
                "planned_end_on": ends.isoformat() if ends else None,
                "classified_type": kind,
                "health": health,
                "readiness": readiness,
                "pitfalls": count,
                "pitfall_codes": None if codes is None else [c for c in codes.split(",") if c],
            }


def list_csv(partnerships: QuerySet[Partnership]) -> Iterator[bytes]:
    """The partnerships list as CSV (`exporting.csv_bytes` of `list_rows`), streamed."""
    yield _header(LIST_COLUMNS)
    line = CsvLine(LIST_COLUMNS)
    yield from _pieces(line(row) for row in list_values(partnerships))


def records_csv(ids: Iterable[int]) -> Iterator[bytes]:
    """The records of these partnerships as CSV, byte for byte `exporting.portfolio_file`'s."""
    columns = wide_columns()
    line = CsvLine(columns)
    organizations: dict[str, dict[str, Any]] = {}
    with (
        tempfile.SpooledTemporaryFile(SPOOL) as partnerships,
        tempfile.SpooledTemporaryFile(SPOOL) as items,
    ):
        for document in documents(ids):
            for partner in document.get("partners") or ():
                organizations.setdefault(partner["name"], partner)
            partnerships.write(line(_flat("partnership", document)).encode("utf-8"))
            for piece in _pieces(line(row) for row in item_rows(document)):
                items.write(piece)
        yield _header(columns)
        yield from _pieces(
            line(_flat("organization", organizations[name])) for name in sorted(organizations)
        )
        yield from _copy(partnerships)
        yield from _copy(items)


def _write_only_book() -> Any:
    from openpyxl import Workbook

    return Workbook(write_only=True)


def list_xlsx(partnerships: QuerySet[Partnership], out: IO[bytes]) -> None:
    """The partnerships list as a workbook, written to `out` in constant memory."""
    book = _write_only_book()
    sheet = book.create_sheet("Partnerships")
    sheet.append(LIST_COLUMNS)
    for row in list_values(partnerships):
        sheet.append(xlsx_row(sheet, LIST_COLUMNS, row))
    book.save(out)


def records_xlsx(ids: Iterable[int], out: IO[bytes]) -> None:
    """The records as `exporting.records_xlsx` writes them (one sheet per kind that has
    rows, in the order of the kinds), written to `out` in constant memory."""
    book = _write_only_book()
    sheets: dict[str, Any] = {}

    def add(kind: str, row: Row) -> None:
        sheet = sheets.get(kind)
        if sheet is None:  # created when its first row comes; put in order at the end
            sheet = sheets[kind] = book.create_sheet((SECTIONS[kind] or f"{kind}s")[:31])
            sheet.append(kind_columns(kind))
        sheet.append(xlsx_row(sheet, kind_columns(kind), row))

    organizations: dict[str, dict[str, Any]] = {}
    for document in documents(ids):
        for partner in document.get("partners") or ():
            organizations.setdefault(partner["name"], partner)
        add("partnership", _flat("partnership", document))
        for row in item_rows(document):
            add(row[RECORD], row)
    for name in sorted(organizations):
        add("organization", _flat("organization", organizations[name]))
    if not sheets:
        book.create_sheet("partnerships").append(kind_columns("partnership"))
    for place, kind in enumerate(k for k in FIELDS if k in sheets):
        book.move_sheet(sheets[kind].title, place - book.index(sheets[kind]))
    book.save(out)


def documents_zip(ids: Iterable[int], out: IO[bytes]) -> None:
    """A zip of one §8 JSON document per partnership (`exporting.documents_zip`), to `out`."""
    write_documents_zip(documents(ids), out)


def to_file(pieces: Iterable[bytes], out: IO[bytes]) -> None:
    for piece in pieces:
        out.write(piece)


def copy_file(source: IO[bytes], out: IO[bytes]) -> None:
    source.seek(0)
    shutil.copyfileobj(source, out, PIECE)
