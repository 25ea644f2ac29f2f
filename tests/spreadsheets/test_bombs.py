"""Files whose declared or sparse size would make a reader do work out of all proportion
to what they hold: refused quickly, by what they really contain, on every route in."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest

from partnerfolio.partnerships.models import Partnership
from partnerfolio.spreadsheets.reading import RefusedFile, read_file
from tests.spreadsheets.conftest import csv_text, run, write_xlsx

ROWS = [["Name", "Type", "Owner"], ["Étoile", "tactical", "Zoë Müller"]]


def _rewritten(
    tmp_path: Path, *, dimension: str, extra_rows: str = "", rows: list[list[str]] = ROWS
) -> bytes:
    """A real workbook (made by openpyxl) whose sheet XML is rewritten by hand."""
    path = write_xlsx(tmp_path / "real.xlsx", {"Accounts": rows})
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            body = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                text = re.sub(
                    r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimension}"/>', text
                )
                assert dimension in text
                text = re.sub(r"<sheetData\s*/>", "<sheetData></sheetData>", text)
                text = text.replace("</sheetData>", f"{extra_rows}</sheetData>")
                body = text.encode()
            archive.writestr(entry.filename, body)
    return out.getvalue()


def _last_row_bomb(tmp_path: Path) -> bytes:
    """The issue's file: every cell declared, one row held, at the sheet's last line."""
    return _rewritten(
        tmp_path,
        rows=[],
        dimension="A1:XFD1048576",
        extra_rows='<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    )


def _timed_refusal(data: bytes, name: str) -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(RefusedFile) as refused:
        read_file(data, name)
    return str(refused.value), time.perf_counter() - started


def test_a_tiny_workbook_declaring_every_cell_with_a_row_at_the_last_line_is_refused_at_once(
    tmp_path,
):
    data = _last_row_bomb(tmp_path)
    assert len(data) < 8 * 1024
    message, took = _timed_refusal(data, "book.xlsx")
    assert "sheet 'Accounts'" in message
    assert "A1:XFD1048576" in message
    assert "1,048,576 rows" in message
    assert "row 1,048,576" in message
    assert took < 5  # about 10 ms; a reader padding the declared rows takes minutes


def test_a_cell_in_the_last_column_is_refused_by_what_the_sheet_holds(tmp_path):
    data = _rewritten(
        tmp_path,
        dimension="A1:XFD3",
        extra_rows='<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    message, took = _timed_refusal(data, "book.xlsx")
    assert "sheet 'Accounts'" in message
    assert "column 16,384" in message
    assert "the limit is 300" in message
    assert took < 5


def test_a_declared_size_alone_is_not_believed_nor_worked_through(tmp_path):
    """The dimension claims a million rows, the sheet holds two: it is read as two."""
    data = _rewritten(tmp_path, dimension="A1:XFD1048576")
    started = time.perf_counter()
    workbook = read_file(data, "book.xlsx")
    assert time.perf_counter() - started < 5
    (table,) = workbook.tables
    assert table.headers == ["Name", "Type", "Owner"]
    assert table.rows == [(2, ["Étoile", "tactical", "Zoë Müller"])]


def test_too_many_cells_present_are_refused(tmp_path, settings):
    settings.PARTNERFOLIO_SPREADSHEET_MAX_CELLS = 5
    data = write_xlsx(tmp_path / "big.xlsx", {"Accounts": [*ROWS, ["B", "tactical", "x"]]})
    message, _ = _timed_refusal(data.read_bytes(), "big.xlsx")
    assert "sheet 'Accounts'" in message
    assert "more than 5 cells" in message


def test_a_csv_of_too_many_cells_is_refused_while_it_is_read(settings):
    settings.PARTNERFOLIO_SPREADSHEET_MAX_CELLS = 1_000
    data = csv_text([["a"] * 20 for _ in range(100)]).encode()
    message, _ = _timed_refusal(data, "tiny.csv")
    assert "tiny.csv" in message
    assert "more than 1,000 cells" in message


@pytest.mark.django_db(transaction=True)
def test_the_command_line_refuses_the_bomb_with_exit_code_2(capsys, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(_last_row_bomb(tmp_path))
    code, _, err = run(capsys, "import", str(path))
    assert code == 2
    assert "A1:XFD1048576" in err
    assert not Partnership.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_line_checks_the_size_before_reading_the_file(
    capsys, tmp_path, settings, monkeypatch
):
    settings.PARTNERFOLIO_SPREADSHEET_MAX_BYTES = 100
    path = tmp_path / "big.csv"
    path.write_bytes(csv_text(ROWS).encode() + b"x" * 10_000)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    code, _, err = run(capsys, "import", str(path))
    assert code == 2
    assert "file too large: 10,0" in err
    assert read == []


@pytest.mark.django_db
def test_the_upload_page_refuses_the_bomb_and_keeps_nothing(client, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from partnerfolio.accounts.models import User
    from partnerfolio.spreadsheets.models import PendingImport

    client.force_login(User.objects.create_user(username="mia", role="manager"))
    upload = SimpleUploadedFile("book.xlsx", _last_row_bomb(tmp_path))
    response = client.post("/spreadsheets/import/", {"file": upload})
    assert response.status_code == 400
    assert "A1:XFD1048576" in response.content.decode()
    assert not PendingImport.objects.exists()
