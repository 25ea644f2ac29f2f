"""Hostile and awkward files are refused safely, or read with what was decided said."""

from __future__ import annotations

import io
import zipfile

import pytest

from partnerfolio.partnerships.models import Partnership
from partnerfolio.spreadsheets.reading import MAX_ZIP_ENTRIES, read_file
from tests.spreadsheets.conftest import csv_text, run, write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = [["Name", "Type", "Owner"], ["Étoile", "tactical", "Zoë Müller"]]


def imported(capsys, tmp_path, data: bytes, name: str = "partnerships.csv") -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    return run(capsys, "import", str(path))


def test_too_large_a_file_is_refused(capsys, tmp_path, settings):
    settings.PARTNERFOLIO_SPREADSHEET_MAX_BYTES = 100
    code, _, err = imported(capsys, tmp_path, csv_text(ROWS).encode() + b"x" * 200)
    assert code == 2
    assert "file too large" in err
    assert "the limit is 100 bytes" in err


def _bomb() -> bytes:
    """A tiny zip whose one entry inflates to 300 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                entry.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_opened(capsys, tmp_path):
    data = _bomb()
    assert len(data) < 1024 * 1024
    code, _, err = imported(capsys, tmp_path, data, "book.xlsx")
    assert code == 2
    assert "would unpack to 314,572,8" in err
    assert "zip bomb" in err


def test_a_highly_compressed_entry_is_refused(capsys, tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (20 * 1024 * 1024))
    code, _, err = imported(capsys, tmp_path, out.getvalue(), "book.xlsx")
    assert code == 2
    assert "compressed" in err
    assert "to 1" in err


def test_too_many_entries_are_refused(capsys, tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"xl/part{n}.xml", "")
    code, _, err = imported(capsys, tmp_path, out.getvalue(), "book.xlsx")
    assert code == 2
    assert f"holds {MAX_ZIP_ENTRIES + 1} zip entries" in err


def test_not_a_workbook_and_other_formats_are_refused(capsys, tmp_path):
    code, _, err = imported(capsys, tmp_path, b"hello", "book.xlsx")
    assert code == 2
    assert "not a zip archive" in err
    code, _, err = imported(capsys, tmp_path, b"\xd0\xcf\x11\xe0", "book.xls")
    assert code == 2
    assert ".xls files are not read" in err
    xlsx = write_xlsx(tmp_path / "real.xlsx", {"partnerships": ROWS}).read_bytes()
    code, _, err = imported(capsys, tmp_path, xlsx, "renamed.csv")
    assert code == 2
    assert "is a zip" in err


def test_utf8_with_a_byte_order_mark(capsys, tmp_path):
    code, out, err = imported(capsys, tmp_path, b"\xef\xbb\xbf" + csv_text(ROWS).encode())
    assert code == 0, err
    assert Partnership.objects.get().name == "Étoile"
    assert "Windows-1252" not in out


def test_utf16_with_a_byte_order_mark(capsys, tmp_path):
    code, out, err = imported(capsys, tmp_path, csv_text(ROWS, "\t").encode("utf-16"))
    assert code == 0, err
    assert "read as UTF-16" in out
    assert "separated by tabs" in out
    assert Partnership.objects.get().owner == "Zoë Müller"


def test_windows_1252_is_read_and_said(capsys, tmp_path):
    code, out, err = imported(capsys, tmp_path, csv_text(ROWS, ";").encode("cp1252"))
    assert code == 0, err
    assert "not UTF-8" in out
    assert "read as Windows-1252" in out
    assert "semicolons" in out
    assert Partnership.objects.get().name == "Étoile"


def test_undecodable_and_binary_text_is_refused(capsys, tmp_path):
    code, _, err = imported(capsys, tmp_path, b"Name\r\nA\x81\x8d\r\n")
    assert code == 2
    assert "cannot decode the file" in err
    assert "nor Windows-1252" in err
    code, _, err = imported(capsys, tmp_path, csv_text(ROWS).encode("utf-16-le"))
    assert code == 2
    assert "NUL bytes" in err
    assert Partnership.objects.count() == 0


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_dialects(delimiter):
    rows = [["Name", "Partners"], ["A; B", "x, y"]]
    table = read_file(csv_text(rows, delimiter).encode(), "t.csv").tables[0]
    assert table.headers == ["Name", "Partners"]
    assert table.rows == [(2, ["A; B", "x, y"])]


def test_a_formula_cell_is_read_as_its_text_never_evaluated(tmp_path):
    path = write_xlsx(
        tmp_path / "f.xlsx",
        {"partnerships": [["Name", "Owner"], ["A", "=1+2"], ["B", "=cmd|' /C calc'!A0"]]},
    )
    table = read_file(path.read_bytes(), "f.xlsx").tables[0]
    assert [cells[1] for _, cells in table.rows] == ["=1+2", "=cmd|' /C calc'!A0"]
    table = read_file(b"Name,Owner\r\nA,=1+2\r\n", "f.csv").tables[0]
    assert table.rows[0][1] == ["A", "=1+2"]
