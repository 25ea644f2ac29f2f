"""`partnerfolio import FILE.csv|FILE.xlsx`: dry run, all or nothing, skip-invalid, idempotence."""

from __future__ import annotations

import pytest

from partnerfolio.audit.models import AuditRecord
from partnerfolio.evidence.models import Commitment, Engagement, SurveyResponse
from partnerfolio.metrics.models import Observation
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.models import Partnership
from partnerfolio.spreadsheets.models import ExternalKey
from tests.spreadsheets.conftest import PORTFOLIO, run, write_csv, write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)


def counts() -> tuple[int, ...]:
    return (
        PartnerOrganization.objects.count(),
        Partnership.objects.count(),
        Commitment.objects.count(),
        SurveyResponse.objects.count(),
        Engagement.objects.count(),
        Observation.objects.count(),
        AuditRecord.objects.count(),
    )


def test_a_mixed_csv_is_imported(capsys, tmp_path):
    code, out, err = run(capsys, "import", str(write_csv(tmp_path / "p.csv", PORTFOLIO)))
    assert code == 0, err
    assert (
        "created: 1 commitment, 1 engagement, 1 observation, 1 organization, 2 partnership" in out
    )
    acme = Partnership.objects.get(name="Acme data alliance")
    assert acme.type == "strategic"
    assert acme.stage == "active"
    assert acme.owner == "Dana Reyes"
    assert [o.name for o in acme.partners.all()] == ["Acme Analytics"]
    assert PartnerOrganization.objects.get(name="Acme Analytics").sector == "private"
    assert SurveyResponse.objects.get().scores == {"trust": 4, "satisfaction": 3.5}
    # a formula in a CSV cell stays its text
    assert Engagement.objects.get().summary == "=1+2"
    assert Observation.objects.get().value == 12.5


def test_dry_run_writes_nothing_and_says_what_would_happen(capsys, tmp_path):
    code, out, _ = run(capsys, "import", "--dry-run", str(write_csv(tmp_path / "p.csv", PORTFOLIO)))
    assert code == 0
    assert "would create partnership Acme data alliance" in out
    assert "dry run, nothing written" in out
    assert counts() == (0, 0, 0, 0, 0, 0, 0)


def test_one_bad_row_and_nothing_is_written(capsys, tmp_path):
    rows = [
        *PORTFOLIO,
        ["commitment", "", "Acme data alliance", "", "", "", "", "", "Late", "2025-02-30"]
        + [""] * 9,
    ]
    rows.append(["partnership", "Cobalt", "", "", "strategc"] + [""] * 14)
    code, _out, err = run(capsys, "import", str(write_csv(tmp_path / "p.csv", rows)))
    assert code == 2
    assert "p.csv row 9, column 'Due on': not a real date: '2025-02-30'" in err
    assert "p.csv row 10, column 'Type': must be one of" in err
    assert "nothing was imported" in err
    assert counts() == (0, 0, 0, 0, 0, 0, 0)


def test_skip_invalid_imports_the_rest_and_lists_the_refused(capsys, tmp_path):
    rows = [
        *PORTFOLIO,
        ["survey", "", "Nowhere", "", "", "", "", "", "", "", "2025-01-01", "ours", "4"] + [""] * 6,
    ]
    code, _out, err = run(
        capsys, "import", "--skip-invalid", str(write_csv(tmp_path / "p.csv", rows))
    )
    assert code == 2
    assert "p.csv row 9, column 'Partnership': no partnership named 'Nowhere'" in err
    assert "the other rows were imported" in err
    assert Partnership.objects.count() == 2
    assert SurveyResponse.objects.count() == 1


def test_importing_twice_changes_nothing(capsys, tmp_path):
    path = write_csv(tmp_path / "p.csv", PORTFOLIO)
    assert run(capsys, "import", str(path))[0] == 0
    before = counts()
    code, out, _ = run(capsys, "import", str(path))
    assert code == 0
    assert (
        "unchanged: 1 commitment, 1 engagement, 1 observation, 1 organization, 2 partnership" in out
    )
    assert counts() == before


def test_a_changed_row_updates_its_record(capsys, tmp_path):
    assert run(capsys, "import", str(write_csv(tmp_path / "p.csv", PORTFOLIO)))[0] == 0
    rows = [r[:] for r in PORTFOLIO]
    rows[2][18] = "Sam Ortiz"  # owner of Acme data alliance
    rows[4].append("")
    code, out, _ = run(capsys, "import", str(write_csv(tmp_path / "q.csv", rows)))
    assert code == 0
    assert "updated: 1 partnership" in out
    assert Partnership.objects.get(name="Acme data alliance").owner == "Sam Ortiz"
    rows[2][5] = "under_review"
    code, _, err = run(capsys, "import", str(write_csv(tmp_path / "r.csv", rows)))
    assert code == 2
    assert "change it with a stage change" in err


def test_a_recorded_value_is_not_overwritten(capsys, tmp_path):
    assert run(capsys, "import", str(write_csv(tmp_path / "p.csv", PORTFOLIO)))[0] == 0
    rows = [r[:] for r in PORTFOLIO]
    rows[7][17] = "13"
    code, _, err = run(capsys, "import", str(write_csv(tmp_path / "q.csv", rows)))
    assert code == 2
    assert "revenue_growth already has 12.5 on 2025-05-01" in err
    assert Observation.objects.get().value == 12.5


def test_external_ids_find_a_renamed_record(capsys, tmp_path):
    rows = [["Id", "Name", "Sector"], ["001A", "Acme", "private"]]
    assert (
        run(capsys, "import", "--kind", "organization", str(write_csv(tmp_path / "o.csv", rows)))[0]
        == 0
    )
    assert (
        ExternalKey.objects.get(external_id="001A").object_id
        == PartnerOrganization.objects.get().pk
    )
    rows[1][1] = "Acme Analytics Ltd"
    code, out, _ = run(
        capsys, "import", "--kind", "organization", str(write_csv(tmp_path / "o.csv", rows))
    )
    assert code == 0
    assert "updated: 1 organization" in out
    assert list(PartnerOrganization.objects.values_list("name", flat=True)) == [
        "Acme Analytics Ltd"
    ]


def test_a_row_twice_in_the_file_is_refused(capsys, tmp_path):
    rows = [*PORTFOLIO, PORTFOLIO[4]]
    code, _, err = run(capsys, "import", str(write_csv(tmp_path / "p.csv", rows)))
    assert code == 2
    assert "p.csv row 9: the same commitment as row 5" in err


def test_one_file_per_kind_is_recognized_by_its_name_and_headers(capsys, tmp_path):
    partnerships = write_csv(
        tmp_path / "partnerships.csv",
        [
            ["Partnership name", "Partnership type", "Start date"],
            ["Atlas", "tactical", "2025-01-01"],
        ],
    )
    reviews = write_csv(
        tmp_path / "reviews.csv",
        [["Partnership", "Date", "Decision", "Notes"], ["Atlas", "2025-06-30", "continue", "fine"]],
    )
    code, _out, err = run(capsys, "import", str(partnerships), str(reviews))
    assert code == 0, err
    atlas = Partnership.objects.get(name="Atlas")
    assert atlas.type == "tactical"
    assert atlas.reviews.get().decision == "continue"


def test_xlsx_sheets_named_after_kinds_and_formulas_stay_text(capsys, tmp_path):
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Partnerships": [
                ["Name", "Type", "Started on", "Review cadence days"],
                ["Atlas", "hybrid", "2025-01-01", 30],
            ],
            "Joint outcomes": [
                ["Partnership", "Title", "On", "Value"],
                ["Atlas", '=HYPERLINK("x")', "2025-02-01", -5],
            ],
        },
    )
    code, _out, err = run(capsys, "import", str(path))
    assert code == 0, err
    atlas = Partnership.objects.get(name="Atlas")
    assert atlas.review_cadence_days == 30
    outcome = atlas.joint_outcomes.get()
    assert outcome.title == '=HYPERLINK("x")'
    assert outcome.value == -5


def test_json_options_are_refused_for_json_documents(capsys, tmp_path):
    doc = tmp_path / "a.json"
    doc.write_text('{"name": "A"}')
    code, _, err = run(capsys, "import", "--dry-run", str(doc))
    assert code == 2
    assert "are for .csv and .xlsx files" in err
    code, _, err = run(capsys, "import", str(doc), str(write_csv(tmp_path / "p.csv", PORTFOLIO)))
    assert code == 2
    assert "separately" in err


@pytest.mark.parametrize("kind", ["organization", "partnership"])
def test_two_rows_for_the_same_new_record_are_refused(capsys, tmp_path, kind):
    column, value = {"organization": ("Sector", "private"), "partnership": ("Type", "tactical")}[
        kind
    ]
    rows = [["Record", "Name", column], [kind, "Quarry Ltd", value]]
    rows.append(list(rows[1]))
    before = counts()
    code, _, err = run(capsys, "import", str(write_csv(tmp_path / "twice.csv", rows)))
    assert code == 2
    assert f"row 3: the same {kind} as row 2" in err
    assert counts() == before
