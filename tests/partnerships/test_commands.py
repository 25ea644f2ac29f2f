"""The record's commands, run in-process as a person would run them."""

from __future__ import annotations

import io
import json
import sys

import pytest

from partnerfolio.accounts.models import User
from partnerfolio.audit.models import AuditRecord
from partnerfolio.cli import main
from partnerfolio.interchange.export import normalize
from partnerfolio.partnerships.models import Partnership
from tests.partnerships.conftest import EXAMPLES

pytestmark = pytest.mark.django_db(transaction=True)


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_import_stores_every_document(capsys):
    code, out, _ = run(capsys, "import", *map(str, EXAMPLES))
    assert code == 0
    assert "imported 5 partnership(s)" in out
    assert Partnership.objects.count() == 5
    assert AuditRecord.objects.filter(action="partnership_import").count() == 5


def test_import_is_all_or_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "Broken", "stage": "actve"}')
    code, _out, err = run(capsys, "import", *map(str, EXAMPLES), str(bad))
    assert code == 2
    assert f"{bad}: refused" in err
    assert "stage: must be one of" in err
    assert "nothing was imported" in err
    assert Partnership.objects.count() == 0
    assert AuditRecord.objects.count() == 0


def test_a_clash_found_while_writing_also_rolls_everything_back(capsys):
    run(capsys, "import", str(EXAMPLES[0]))
    code, _, err = run(capsys, "import", str(EXAMPLES[1]), str(EXAMPLES[0]))
    assert code == 2
    assert "exists already" in err
    assert Partnership.objects.count() == 1


def test_skip_invalid_imports_the_rest_and_lists_the_refused(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, out, err = run(capsys, "import", "--skip-invalid", str(bad), *map(str, EXAMPLES))
    assert code == 2
    assert "imported 5 partnership(s)" in out
    assert "not valid JSON" in err
    assert "the other 5 were imported" in err
    assert Partnership.objects.count() == 5


def test_export_writes_the_documents_back(capsys, tmp_path):
    run(capsys, "import", *map(str, EXAMPLES))
    code, _out, _ = run(capsys, "export", "--all", "--out", str(tmp_path / "out"))
    assert code == 0
    written = sorted((tmp_path / "out").glob("*.json"))
    assert len(written) == 5
    exported = {json.loads(p.read_text())["name"]: json.loads(p.read_text()) for p in written}
    for path in EXAMPLES:
        original = json.loads(path.read_text())
        assert exported[original["name"]] == normalize(original)


def test_export_of_one_name_prints_it_and_an_unknown_name_exits_2(capsys):
    run(capsys, "import", str(EXAMPLES[0]))
    name = json.loads(EXAMPLES[0].read_text())["name"]
    code, out, _ = run(capsys, "export", name)
    assert code == 0
    assert json.loads(out)["name"] == name
    code, _, err = run(capsys, "export", "No such alliance")
    assert code == 2
    assert "no partnership named 'No such alliance'" in err


def test_scan_lists_what_needs_attention_most_severe_first(capsys):
    run(capsys, "import", *map(str, EXAMPLES))
    code, out, _ = run(capsys, "scan", "--as-of", "2026-11-30", "--json")
    assert code == 0
    findings = [json.loads(line) for line in out.splitlines()]
    assert [f["severity"] for f in findings] == sorted(
        (f["severity"] for f in findings), key=["high", "medium", "low"].index
    )
    assert findings[0]["code"] == "collaborative_inertia"
    assert {f["code"] for f in findings} == {
        "collaborative_inertia",
        "agreement_expiring",
        "coopetition_tension",
        "perception_gap",
        "lagging_only_measurement",
        "review_overdue",
    }
    code, out, _ = run(capsys, "scan", "--as-of", "2026-11-30")
    assert "5 partnership(s) assessed as of 2026-11-30: 6 finding(s) in 3 partnership(s)" in out


def test_assess_stored_matches_assess_of_the_file(capsys):
    run(capsys, "import", str(EXAMPLES[0]))
    name = json.loads(EXAMPLES[0].read_text())["name"]
    _, stored, _ = run(capsys, "assess", "--stored", name, "--json", "--as-of", "2026-11-30")
    _, from_file, _ = run(capsys, "assess", str(EXAMPLES[0]), "--json", "--as-of", "2026-11-30")
    assert json.loads(stored) == json.loads(from_file)
    code, _, err = run(capsys, "assess", "--stored", "Nope")
    assert code == 2
    assert "no stored partnership of that name" in err


def test_createuser_enforces_the_password_rules(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    code, _, err = run(capsys, "createuser", "carla", "--password-stdin")
    assert code == 2
    assert "at least 12 characters" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO("plenty long passphrase here\n"))
    code, _out, _ = run(
        capsys, "createuser", "carla", "--password-stdin", "--email", "c@example.org"
    )
    assert code == 0
    assert User.objects.get(username="carla").check_password("plenty long passphrase here")
    assert AuditRecord.objects.filter(action="user_create").count() == 1


def test_import_records_the_named_user(capsys):
    User.objects.create_user(username="ana", password="a long enough passphrase")
    run(capsys, "import", "--user", "ana", str(EXAMPLES[0]))
    assert AuditRecord.objects.get().actor.username == "ana"
    code, _, err = run(capsys, "import", "--user", "nobody", str(EXAMPLES[1]))
    assert code == 2
    assert "no user named 'nobody'" in err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["bad name!/<script>"], "Enter a valid username"),
        (["carla", "--email", "notanemail"], "is not an email address"),
        (["x" * 300], "too long"),
    ],
)
def test_createuser_refuses_bad_names_and_addresses(capsys, monkeypatch, arguments, message):
    monkeypatch.setattr(sys, "stdin", io.StringIO("plenty long passphrase here\n"))
    code, _, err = run(capsys, "createuser", *arguments, "--password-stdin")
    assert code == 2
    assert message in err
    assert not User.objects.exists()


def test_export_into_a_file_instead_of_a_directory_exits_2(capsys, tmp_path):
    run(capsys, "import", str(EXAMPLES[0]))
    target = tmp_path / "file.json"
    target.write_text("keep me")
    code, _, err = run(capsys, "export", "--all", "--out", str(target))
    assert code == 2
    assert "not a directory" in err
    assert target.read_text() == "keep me"


def test_createuser_losing_a_race_for_the_name_exits_2(capsys, monkeypatch):
    """Someone else takes the name between the check and the insert."""
    from django.db.models import QuerySet

    User.objects.create_user(username="carla", password="a long enough passphrase")
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)  # the check saw no one
    monkeypatch.setattr(sys, "stdin", io.StringIO("plenty long passphrase here\n"))
    code, _, err = run(capsys, "createuser", "carla", "--password-stdin")
    assert code == 2
    assert "a user named 'carla' exists already" in err
    assert User.objects.filter(username="carla").count() == 1
    assert not AuditRecord.objects.filter(action="user_create").exists()


def test_import_with_replace_overwrites_a_stored_partnership_and_keeps_the_before(capsys, tmp_path):
    document = json.loads(EXAMPLES[0].read_text("utf-8"))
    run(capsys, "import", str(EXAMPLES[0]))
    document["engagements"] = document["engagements"][:1]
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document), "utf-8")
    code, _, err = run(capsys, "import", str(changed))
    assert code == 2
    assert "exists already" in err
    code, out, _ = run(capsys, "import", "--replace", str(changed))
    assert code == 0, out
    stored = Partnership.objects.get(name=document["name"])
    assert stored.engagements.count() == 1
    record = AuditRecord.objects.filter(partnership_id=stored.pk).order_by("-id").first()
    assert len(record.before["engagements"]) > 1
