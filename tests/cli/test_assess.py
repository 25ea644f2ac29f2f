"""`partnerfolio assess`, run in-process as a person would from the shell."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from partnerfolio.cli import main
from partnerfolio.interchange import ASSESSMENT_KEYS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
SPEC_EXAMPLE = ROOT / "tests" / "data" / "spec_example.json"


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(["assess", *args])
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_it_prints_a_readable_report(capsys):
    code, out, err = run(capsys, str(SPEC_EXAMPLE), "--as-of", "2025-07-01")
    assert code == 0, err
    for heading in (
        "Acme × Globex EMEA co-sell",
        "Classification: TACTICAL",
        "Recommendation: HYBRID",
        "Governance fit (expected tactical)",
        "Transition readiness: NOT READY",
        "Pitfalls (1)",
        "perception_gap",
        "Scorecard: health 100.0",
    ):
        assert heading in out
    assert "→ Agree and record 4 more dated commitments" in out


def test_json_prints_one_object_per_file_per_line(capsys):
    code, out, _ = run(capsys, "--json", "--as-of", "2026-11-30", *map(str, EXAMPLES))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(EXAMPLES) == 5
    for line in lines:
        assert tuple(json.loads(line)) == ASSESSMENT_KEYS
        assert json.loads(line)["as_of"] == "2026-11-30"


def test_an_invalid_file_exits_2_and_the_others_are_still_assessed(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"name": "Broken", "surveys": [{"on": "2025-01-01", "side": "ours", "scores": {"trust": 7}}]}'
    )
    code, out, err = run(capsys, "--json", "--as-of", "2025-07-01", str(SPEC_EXAMPLE), str(bad))
    assert code == 2
    assert len(out.splitlines()) == 1
    assert f"{bad}: invalid document" in err
    assert "surveys[0].scores.trust: must be between 1 and 5, got 7" in err
    assert "Traceback" not in err


def test_a_dash_reads_standard_input(capsys, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(SPEC_EXAMPLE.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "-", "--json", "--as-of", "2025-07-01")
    assert code == 0
    assert json.loads(out)["classification"]["score"] == 1.625


def test_as_of_decides_which_evidence_counts(capsys):
    _, before, _ = run(capsys, str(SPEC_EXAMPLE), "--json", "--as-of", "2025-06-29")
    _, after, _ = run(capsys, str(SPEC_EXAMPLE), "--json", "--as-of", "2025-07-01")
    # On 29 June neither the survey round nor the review of 30 June has happened yet.
    assert [p["code"] for p in json.loads(before)["pitfalls"]] == ["review_overdue"]
    assert [p["code"] for p in json.loads(after)["pitfalls"]] == ["perception_gap"]


@pytest.mark.parametrize("value", ["2025-13-01", "01/07/2025", "20250701", "tomorrow"])
def test_a_wrong_as_of_date_exits_2_with_a_message(capsys, value):
    code, out, err = run(capsys, str(SPEC_EXAMPLE), "--as-of", value)
    assert code == 2
    assert out == ""
    assert f"not a date as YYYY-MM-DD: '{value}'" in err


def test_a_playbook_file_changes_the_rules(capsys, tmp_path):
    playbook = tmp_path / "strict.toml"
    playbook.write_text("[pitfalls.perception_gap]\nmin_gap = 1.5\n")
    code, out, _ = run(
        capsys, str(SPEC_EXAMPLE), "--json", "--as-of", "2025-07-01", "--playbook", str(playbook)
    )
    assert code == 0
    assert json.loads(out)["pitfalls"] == []


def test_the_playbook_setting_comes_from_the_environment(capsys, tmp_path, settings):
    playbook = tmp_path / "strict.toml"
    playbook.write_text("[pitfalls.perception_gap]\nmin_gap = 1.5\n")
    settings.PARTNERFOLIO_PLAYBOOK = str(playbook)
    _, out, _ = run(capsys, str(SPEC_EXAMPLE), "--json", "--as-of", "2025-07-01")
    assert json.loads(out)["pitfalls"] == []


def test_a_bad_playbook_exits_2_naming_the_key(capsys, tmp_path):
    playbook = tmp_path / "typo.toml"
    playbook.write_text("[pitfalls.perception_gap]\nmin_gapp = 1.5\n")
    code, out, err = run(capsys, str(SPEC_EXAMPLE), "--playbook", str(playbook))
    assert code == 2
    assert out == ""
    assert "pitfalls.perception_gap.min_gapp: unknown key" in err


def test_it_leaves_no_files_behind(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run(capsys, str(SPEC_EXAMPLE), "--as-of", "2025-07-01")
    assert list(tmp_path.iterdir()) == []
