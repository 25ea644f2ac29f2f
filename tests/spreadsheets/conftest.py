"""Helpers of the spreadsheet tests: run the command as a person would, build files."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from partnerfolio.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def csv_text(rows: list[list[Any]], delimiter: str = ",") -> str:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def write_csv(
    path: Path, rows: list[list[Any]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    path.write_bytes(csv_text(rows, delimiter).encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# A realistic mixed file: one row per record, a `record` column saying what it is.
PORTFOLIO = [
    [
        "Record",
        "Name",
        "Partnership",
        "Partners",
        "Type",
        "Stage",
        "Started on",
        "Sector",
        "Title",
        "Due on",
        "On",
        "Side",
        "Trust",
        "Satisfaction",
        "Kind",
        "Summary",
        "Metric",
        "Value",
        "Owner",
    ],
    [
        "organization",
        "Acme Analytics",
        "",
        "",
        "",
        "",
        "",
        "private",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "partnership",
        "Acme data alliance",
        "",
        "Acme Analytics",
        "strategic",
        "active",
        "2025-01-15",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "Dana Reyes",
    ],
    [
        "partnership",
        "Borealis pilot",
        "",
        "Borealis GmbH",
        "tactical",
        "proposed",
        "2025-06-01",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "commitment",
        "",
        "Acme data alliance",
        "",
        "",
        "",
        "",
        "",
        "Shared data room",
        "2025-03-01",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "survey",
        "",
        "Acme data alliance",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "2025-04-01",
        "ours",
        "4",
        "3.5",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "engagement",
        "",
        "Acme data alliance",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "2025-04-10",
        "",
        "",
        "",
        "check_in",
        "=1+2",
        "",
        "",
        "",
    ],
    [
        "observation",
        "",
        "Acme data alliance",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "2025-05-01",
        "",
        "",
        "",
        "",
        "",
        "revenue_growth",
        "12.5",
        "",
    ],
]
