"""Reading an uploaded CSV or XLSX file into tables of text, refusing hostile files.

Every cell comes out as text, never evaluated: a CSV cell `=1+2` is the text `=1+2`, and
an XLSX formula cell is read as its formula text (openpyxl without `data_only`). An XLSX
file is a zip: its central directory is inspected (entry count, declared unpacked size,
compression ratio) before openpyxl opens it, and openpyxl parses its XML through
defusedxml. zipfile never inflates an entry past the size its directory declares, so the
declared sizes bound what is read.

A worksheet's XML is then streamed once, before openpyxl reads it, counting the rows and
cells it really holds: a cell past the column limit, a row numbered past the row limit or
more cells than the cell limit refuse the file, naming the sheet and what it declares. The
`<dimension>` a sheet declares is never believed (openpyxl's read-only reader would pad
every row to it): it is reset, so rows are as wide as their last cell.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import IO

from django.conf import settings

MIB = 1024 * 1024


def _limit(name: str, default: int) -> int:
    """A limit as the settings give it (`partnerfolio.config.settings` reads the
    environment), or `default` where a settings module leaves it out."""
    value = getattr(settings, name, None)
    return int(value) if value else default


def max_bytes() -> int:
    """Largest file accepted (PARTNERFOLIO_SPREADSHEET_MAX_BYTES, default 20 MiB)."""
    return _limit("PARTNERFOLIO_SPREADSHEET_MAX_BYTES", 20 * MIB)


def max_rows() -> int:
    """Most rows of records in one file, all its sheets together (PARTNERFOLIO_SPREADSHEET_MAX_ROWS,
    default 30,000): what one import writes in a transaction short enough for everyone
    else's writes to wait well under a second (docs/spreadsheets.md, bench/import_bench.py)."""
    return _limit("PARTNERFOLIO_SPREADSHEET_MAX_ROWS", 30_000)


def max_cells() -> int:
    """Most non-empty cells in one file (PARTNERFOLIO_SPREADSHEET_MAX_CELLS, default 3,000,000)."""
    return _limit("PARTNERFOLIO_SPREADSHEET_MAX_CELLS", 3_000_000)


def check_size(size: int) -> None:
    """Refuse a file of `size` bytes over the limit, before anything of it is read."""
    limit = max_bytes()
    if size > limit:
        raise RefusedFile(
            f"file too large: {size:,} bytes, the limit is {limit:,} bytes ({limit / MIB:g} MiB)"
        )


MAX_COLUMNS = 300
MAX_CELL_CHARS = 32_767  # what Excel itself allows in a cell
MAX_ZIP_ENTRIES = 500
MAX_UNPACKED = 200 * MIB
MAX_RATIO = 200  # unpacked/packed of one entry; real worksheets stay well under 100
DELIMITERS = ",;\t"
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


class RefusedFile(ValueError):
    """The file cannot be read safely or at all; the message names the problem."""


@dataclass
class Table:
    name: str  # the sheet's title, or the file's name for a CSV
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)


@dataclass
class Workbook:
    tables: list[Table]
    notes: list[str] = field(default_factory=list)  # what the reader decided (encoding, dialect)


def read_file(data: bytes, filename: str) -> Workbook:
    """The tables of a .csv or .xlsx file, or RefusedFile."""
    check_size(len(data))
    suffix = os.path.splitext(filename.lower())[1]
    if suffix == ".csv" or suffix == ".txt" or suffix == ".tsv":
        if data.startswith(b"PK\x03\x04"):
            raise RefusedFile(
                f"{filename} is a zip (an XLSX workbook?), not CSV text; name it .xlsx"
            )
        return read_csv(data, os.path.basename(filename))
    if suffix == ".xlsx":
        return read_xlsx(data)
    if suffix in (".xls", ".xlsm", ".xlsb", ".ods"):
        raise RefusedFile(f"{suffix} files are not read: save the sheet as .xlsx or .csv")
    raise RefusedFile(f"not a spreadsheet: expected a .csv or .xlsx file, got {filename!r}")


# --- CSV --------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str | None]:
    """(text, a note when the encoding was not plain UTF-8), or RefusedFile."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        raise RefusedFile("UTF-32 text is not read: save the file as UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "read as UTF-16 (byte order mark)"
        except UnicodeDecodeError as error:
            raise RefusedFile(
                f"starts as UTF-16 but is not: {error.reason} at byte {error.start}"
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        utf8_error = error
    if b"\x00" in data:
        raise RefusedFile(
            "not text: the file holds NUL bytes (UTF-16 without a byte order mark, or a binary file); "
            "save it as UTF-8 CSV"
        )
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise RefusedFile(
            f"cannot decode the file: not UTF-8 (byte {utf8_error.start} is "
            f"{data[utf8_error.start]:#04x}) nor Windows-1252 (byte {error.start} is "
            f"{data[error.start]:#04x}); save it as UTF-8 CSV"
        ) from None
    return text, (
        f"not UTF-8 (byte {utf8_error.start} is {data[utf8_error.start]:#04x}): read as "
        "Windows-1252; check accented letters, or save the file as UTF-8"
    )


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: csv.Sniffer restricted to those, checked on the header line."""
    first = text.split("\n", 1)[0]
    sample = text[: 64 * 1024]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and found in DELIMITERS and found in first:
        return found
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes, name: str) -> Workbook:
    text, note = decode(data)
    if "\x00" in text:
        raise RefusedFile("the text holds the NUL character, which no record can store")
    notes = [note] if note else []
    delimiter = sniff_delimiter(text)
    if delimiter != ",":
        notes.append(f"columns separated by {DELIMITER_NAMES[delimiter]}s")
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=False)
    rows = _rows(reader, name)
    return Workbook([rows], notes)


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their endings, one at a time (no copy of the whole text)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def _rows(reader: object, name: str) -> Table:
    limit, cell_limit = max_rows(), max_cells()
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    filled = 0
    try:
        for number, cells in enumerate(reader, start=1):  # type: ignore[call-overload]
            cells = [c if isinstance(c, str) else cell_text(c) for c in cells]
            if not any(c.strip() for c in cells):
                continue
            while cells and not cells[-1]:
                cells.pop()  # trailing empty cells hold nothing: not kept
            filled += sum(1 for c in cells if c)
            if filled > cell_limit:
                raise RefusedFile(
                    f"{name}: more than {cell_limit:,} cells filled in; split the file"
                )
            if len(cells) > MAX_COLUMNS:
                raise RefusedFile(
                    f"row {number} has {len(cells)} columns, the limit is {MAX_COLUMNS}"
                )
            if any(len(c) > MAX_CELL_CHARS for c in cells):
                raise RefusedFile(
                    f"row {number} has a cell longer than {MAX_CELL_CHARS:,} characters"
                )
            if headers is None:
                headers = [c.strip() for c in cells]
                continue
            if len(rows) >= limit:
                raise RefusedFile(f"{name}: more than {limit:,} rows; split the file")
            rows.append((number, cells))
    except csv.Error as error:
        raise RefusedFile(f"{name}: not readable as CSV: {error}") from None
    return Table(name, headers or [], rows)


# --- XLSX -------------------------------------------------------------------------------


def check_zip(data: bytes) -> None:
    """Refuse a zip whose directory promises too many entries or too much unpacked data."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RefusedFile(
            "not an XLSX workbook (not a zip archive); save the sheet as .xlsx"
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise RefusedFile(
                f"refused: the workbook holds {len(entries):,} zip entries, the limit is {MAX_ZIP_ENTRIES}"
            )
        total = sum(e.file_size for e in entries)
        if total > MAX_UNPACKED:
            raise RefusedFile(
                f"refused: the workbook would unpack to {total:,} bytes, the limit is "
                f"{MAX_UNPACKED:,} (a zip bomb?)"
            )
        for entry in entries:
            if entry.file_size > 1 * MIB and entry.file_size > MAX_RATIO * max(
                entry.compress_size, 1
            ):
                raise RefusedFile(
                    f"refused: {entry.filename} is compressed {entry.file_size // max(entry.compress_size, 1):,} "
                    f"to 1, the limit is {MAX_RATIO} to 1 (a zip bomb?)"
                )
        names = {e.filename for e in entries}
        if "xl/workbook.xml" not in names:
            raise RefusedFile("not an XLSX workbook (no xl/workbook.xml in the archive)")
        if "xl/vbaProject.bin" in names:
            raise RefusedFile("the workbook holds macros; save it as a plain .xlsx")


def cell_text(value: object) -> str:
    """A cell's value as text: formulas stay their text, dates ISO, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes) -> Workbook:
    check_zip(data)
    import openpyxl  # after the archive passed its checks

    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise RefusedFile(
            f"not a readable XLSX workbook: {type(error).__name__}: {error}"
        ) from None
    try:
        tables = []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for sheet in book.worksheets:
                with archive.open(sheet._worksheet_path) as source:
                    scan_sheet(source, sheet.title)
                sheet.reset_dimensions()  # rows as wide as what they hold, not as declared
                table = _rows(sheet.iter_rows(values_only=True), sheet.title)
                if table.headers:
                    tables.append(table)
    finally:
        book.close()
    return Workbook(tables)


CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def scan_sheet(source: IO[bytes], title: str) -> None:
    """Stream a worksheet's XML once and refuse it by the rows and cells it really holds
    (a row numbered past the row limit, a cell past the column limit, too many cells)."""
    from defusedxml.ElementTree import iterparse

    row_limit, cell_limit = max_rows() + 1, max_cells()  # + 1: the header row
    declared, row, cells = "", 0, 0

    def refused(what: str) -> RefusedFile:
        said = ""
        if declared:
            size = CELL_REFERENCE.findall(declared.split(":")[-1])
            if size:
                letters, rows = size[0]
                said = (
                    f" declares {declared} ({int(rows):,} rows × "
                    f"{column_number(letters):,} columns) and"
                )
        return RefusedFile(f"sheet {title!r}{said} {what}: refused")

    try:
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag.rsplit("}", 1)[-1]
            if event == "end":
                if tag == "row":
                    element.clear()  # keep nothing of what was counted
                continue
            if tag == "dimension":
                declared = element.get("ref", "")
            elif tag == "row":
                row = int(element.get("r") or row + 1)
                column = 0
                if row > row_limit:
                    raise refused(
                        f"holds a row at row {row:,}, past the limit of {row_limit - 1:,} rows"
                    )
            elif tag == "c":
                found = CELL_REFERENCE.fullmatch(element.get("r") or "")
                column = column_number(found.group(1)) if found else column + 1
                if column > MAX_COLUMNS:
                    raise refused(
                        f"has a cell in column {column:,} (row {row:,}), "
                        f"the limit is {MAX_COLUMNS} columns"
                    )
                cells += 1
                if cells > cell_limit:
                    raise refused(f"holds more than {cell_limit:,} cells; split the file")
    except RefusedFile:
        raise
    except Exception as error:  # a damaged or hostile XML: defusedxml refuses entities
        raise RefusedFile(
            f"sheet {title!r} is not readable: {type(error).__name__}: {error}"
        ) from None
