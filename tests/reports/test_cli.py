"""`partnerfolio report`, run in-process as an administrator would from the shell."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections

from partnerfolio.cli import main
from tests.reports.conftest import STRATUS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _connection_kept(monkeypatch):
    """The command closes the database connections when it ends, as a process would; in
    a test they hold the test's transaction (PostgreSQL), so they stay open."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(["report", *args])
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_it_writes_the_review_as_html_named_after_the_partnership(
    world, capsys, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "partnership", STRATUS, "--format", "html", "--quarter", "2026Q3")
    assert code == 0, err
    written = tmp_path / "stratus-cloud-strategic-co-sell-alliance-review-2026Q3.html"
    assert written.is_file()
    assert str(written.name) in out
    html = written.read_text("utf-8")
    assert html.startswith("<!doctype html>")
    assert "<style>" in html  # self-contained, with the print rules
    assert "@page" in html
    assert html.count("<svg") >= 4
    for section in ("1. Classification and drivers", "6. The quarter's timeline", "Q3 2026"):
        assert section in html


def test_it_writes_a_pdf_where_asked(world, capsys, tmp_path):
    out_file = tmp_path / "review.pdf"
    code, _out, err = run(
        capsys, "partnership", STRATUS, "--out", str(out_file), "--as-of", "2026-11-30"
    )
    assert code == 0, err
    assert out_file.read_bytes().startswith(b"%PDF-")


def test_the_command_line_sees_confidential_partnerships(world, capsys, tmp_path):
    out_file = tmp_path / "portfolio.html"
    code, _out, err = run(capsys, "portfolio", "--format", "html", "--out", str(out_file))
    assert code == 0, err
    html = out_file.read_text("utf-8")
    assert "<strong>3</strong> partnerships" in html
    assert "Cobalt secret alliance" in html
    code, _out, err = run(
        capsys,
        "partnership",
        "Cobalt secret alliance",
        "--format",
        "html",
        "--out",
        str(tmp_path / "c.html"),
    )
    assert code == 0, err


def test_an_unknown_name_exits_2_and_names_the_close_ones(world, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, "partnership", "Stratus")
    assert code == 2
    assert "no partnership named 'Stratus'" in err
    assert STRATUS in err  # did you mean…
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("partnership",),  # no name
        ("portfolio", "extra"),
        ("portfolio", "--quarter", "2026Q9"),
        ("portfolio", "--as-of", "30.11.2026"),
        ("portfolio", "--format", "docx"),
    ],
)
def test_bad_input_exits_2(world, capsys, args):
    code, _out, _err = run(capsys, *args)
    assert code == 2


def test_it_refuses_to_overwrite_a_file_unless_forced(world, capsys, tmp_path):
    target = tmp_path / "mine.html"
    target.write_text("precious")
    code, _out, err = run(capsys, "partnership", STRATUS, "--format", "html", "--out", str(target))
    assert code == 2
    assert "exists" in err
    assert "--force" in err
    assert target.read_text() == "precious"
    code, _out, err = run(
        capsys, "partnership", STRATUS, "--format", "html", "--out", str(target), "--force"
    )
    assert code == 0, err
    assert Path(target).read_text("utf-8").startswith("<!doctype html>")
