"""A CSV export read by a spreadsheet in any locale (comma, semicolon or tab as the list
separator) holds no cell that the spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import re

import pytest

from partnerfolio.spreadsheets.exporting import csv_bytes
from partnerfolio.spreadsheets.rows import NEUTRALIZED

NUMBER = re.compile(r"-?[0-9.]+(,|$)")
VALUES = ["Acme;=1+2", "x,+1", "a\t@b", "ok;-2+3", "fine, thanks", "=HYPERLINK(1)", "-12.5"]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_no_cell_starts_a_formula_whatever_the_list_separator(separator):
    text = csv_bytes(["name", "owner"], [{"name": v, "owner": "Zoë"} for v in VALUES]).decode(
        "utf-8-sig"
    )
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=separator) for cell in row]
    # a line read whole starts with its first field: here a number, which is no formula
    dangerous = [c for c in cells if c.startswith(NEUTRALIZED) and not NUMBER.match(c)]
    assert dangerous == []


def test_the_export_reads_back_as_it_was_written():
    text = csv_bytes(["name"], [{"name": v} for v in VALUES]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows[1:]] == [v if v != "=HYPERLINK(1)" else "'" + v for v in VALUES]
