"""An import plans with reads only and writes in one short transaction: the preview writes
nothing at all, the write re-checks what the plan read, the audit trail is the services'
one, and a file larger than one import takes is refused."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerfolio.audit.models import AuditRecord
from partnerfolio.evidence.models import Commitment, Engagement, SurveyResponse
from partnerfolio.evidence.services import item_document
from partnerfolio.metrics.models import Observation
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership
from partnerfolio.spreadsheets import writing
from partnerfolio.spreadsheets.importing import run_import
from partnerfolio.spreadsheets.mappings import Mapping
from partnerfolio.spreadsheets.reading import Table, Workbook, read_file
from tests.spreadsheets.conftest import PORTFOLIO, run, write_csv

pytestmark = pytest.mark.django_db(transaction=True)
WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT", "CREATE", "DROP", "ALTER")


def _portfolio(tmp_path, rows=PORTFOLIO) -> Workbook:
    path = write_csv(tmp_path / "p.csv", rows)
    return read_file(path.read_bytes(), path.name)


def test_a_preview_sends_no_write_and_opens_no_transaction(tmp_path, capsys):
    workbook = _portfolio(tmp_path)
    with CaptureQueriesContext(connection) as seen:
        report = run_import(workbook, Mapping(), actor="test", dry_run=True)
    assert report.dry_run
    assert not report.written
    assert "would be created: 1 commitment" in report.summary()
    writes = [
        q["sql"] for q in seen.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]
    assert writes == []
    assert seen.captured_queries  # it did read
    # and with the records there, a second preview of the same file reads them, still no write
    assert run(capsys, "import", str(tmp_path / "p.csv"))[0] == 0
    with CaptureQueriesContext(connection) as seen:
        again = run_import(_portfolio(tmp_path), Mapping(), actor="test", dry_run=True)
    assert "unchanged: 1 commitment" in again.summary()
    assert not [q for q in seen.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_the_import_writes_the_audit_trail_the_services_write(tmp_path, capsys):
    assert run(capsys, "import", str(write_csv(tmp_path / "p.csv", PORTFOLIO)))[0] == 0
    for model, action in (
        (Commitment, "commitments_record"),
        (Engagement, "engagements_record"),
        (SurveyResponse, "surveys_record"),
    ):
        for row in model.objects.all():
            record = AuditRecord.objects.get(action=action, entity_id=row.pk)
            assert record.partnership_id == row.partnership_id
            assert record.partnership_name == row.partnership.name
            assert record.after == item_document(model, row)
            assert record.actor_name
    observation = Observation.objects.get()
    record = AuditRecord.objects.get(action="observation_record", entity_id=observation.pk)
    assert record.after == {
        "metric": observation.metric.key,
        "on": observation.on.isoformat(),
        "value": observation.value,
    }
    organization = PartnerOrganization.objects.get(name="Acme Analytics")
    assert AuditRecord.objects.filter(
        action="partner_organization_create", entity_id=organization.pk
    ).exists()
    # every partnership the file added evidence to has a new revision (its cache retired)
    acme = Partnership.objects.get(name="Acme data alliance")
    assert acme.revision >= 1


def test_a_record_changed_after_the_file_was_read_refuses_the_whole_import(
    tmp_path, capsys, monkeypatch
):
    assert run(capsys, "import", str(write_csv(tmp_path / "p.csv", PORTFOLIO)))[0] == 0
    rows = [r[:] for r in PORTFOLIO]
    rows[2][18] = "Sam Ortiz"  # owner of Acme data alliance: an update, planned on its version
    rows.append(["organization", "Brand new partner"] + [""] * 17)
    before = (PartnerOrganization.objects.count(), AuditRecord.objects.count())
    real = writing.Writer.__init__

    def someone_edits_meanwhile(self, plan, actor, source):
        acme = Partnership.objects.get(name="Acme data alliance")
        services.partnership_update(
            actor="someone else",
            partnership=acme,
            expected_version=acme.version,
            changes={"governance": {"owner": "Lee Park"}},
        )
        real(self, plan, actor, source)

    monkeypatch.setattr(writing.Writer, "__init__", someone_edits_meanwhile)
    report = run_import(_portfolio(tmp_path, rows), Mapping(), actor="test")
    assert not report.written
    [issue] = report.issues
    assert "Acme data alliance was changed by someone else" in issue.reason
    assert "someone changed the record while the file was read" in issue.reason
    assert Partnership.objects.get(name="Acme data alliance").owner == "Lee Park"  # theirs, kept
    assert not PartnerOrganization.objects.filter(name="Brand new partner").exists()
    assert (PartnerOrganization.objects.count(), AuditRecord.objects.count()) == (
        before[0],
        before[1] + 1,  # the other person's change only
    )


def test_a_file_larger_than_one_import_takes_is_refused_before_anything_is_checked(settings):
    settings.PARTNERFOLIO_SPREADSHEET_MAX_ROWS = 5
    header = ["record", "name"]
    workbook = Workbook(
        tables=[
            Table(f"Sheet{n}", header, [(i, ["organization", f"Org {n}-{i}"]) for i in (2, 3, 4)])
            for n in (1, 2)
        ]
        + [Table("Summary", ["what"], [(i, ["not records"]) for i in range(2, 40)])],
        notes=[],
    )
    report = run_import(workbook, Mapping(), actor="test")
    assert not report.written
    assert [i.reason for i in report.issues] == [
        "6 rows in all sheets, more than the 5 one import takes; "
        "split the file (organizations and partnerships first)"
    ]
    assert PartnerOrganization.objects.count() == 0
    settings.PARTNERFOLIO_SPREADSHEET_MAX_ROWS = 6  # the summary sheet is not records
    assert run_import(workbook, Mapping(), actor="test").written
    assert PartnerOrganization.objects.count() == 6
