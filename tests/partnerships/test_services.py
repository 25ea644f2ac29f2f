"""Writes: validated, atomic, refusing stale copies, and audited."""

from __future__ import annotations

from datetime import date

import pytest

from partnerfolio.audit.models import AuditRecord
from partnerfolio.evidence import services as evidence_services
from partnerfolio.evidence.models import Commitment
from partnerfolio.metrics import services as metric_services
from partnerfolio.metrics.models import Observation
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import selectors, services
from partnerfolio.partnerships.models import Partnership
from tests.partnerships.conftest import example

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(ana) -> Partnership:
    return services.partnership_import(actor=ana, document=example("hybrid-pilot-ready.json"))


def audit_actions(partnership: Partnership) -> list[str]:
    return list(
        AuditRecord.objects.filter(partnership_id=partnership.pk).values_list("action", flat=True)
    )


def test_an_edit_on_a_stale_copy_is_refused_and_changes_nothing(pilot, ana, ben):
    seen_by_ana = pilot.version
    services.partnership_update(
        actor=ben,
        partnership=pilot,
        expected_version=pilot.version,
        changes={"category": "commercial"},
    )
    with pytest.raises(services.StaleEdit, match="changed by someone else since you opened it"):
        services.partnership_update(
            actor=ana,
            partnership=pilot,
            expected_version=seen_by_ana,
            changes={"category": "operational"},
        )
    pilot.refresh_from_db()
    assert pilot.category == "commercial"
    assert audit_actions(pilot) == ["partnership_import", "partnership_update"]


def test_an_update_merges_governance_and_records_before_and_after(pilot, ana):
    services.partnership_update(
        actor=ana,
        partnership=pilot,
        expected_version=1,
        changes={"governance": {"owner": "Priya Nair"}},
    )
    pilot.refresh_from_db()
    assert pilot.owner == "Priya Nair"
    assert pilot.executive_sponsor  # untouched by the merge
    record = AuditRecord.objects.get(action="partnership_update")
    assert record.actor == ana
    assert record.after == {"owner": "Priya Nair"}
    assert record.before["owner"] != "Priya Nair"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stage": "ended"}, "stage: is changed through its own service"),
        ({"started_on": "2026-13-01"}, "started_on: must be a date as YYYY-MM-DD"),
        ({"profile": {"governance": 9}}, "profile.governance: must be between 1 and 5, got 9"),
        ({"planned_end_on": "2000-01-01"}, "planned_end_on: must be on or after started_on"),
        ({"partners": [{"name": "Other"}]}, "partners: is changed through its own service"),
        ({"governance": {"review_cadence_days": 10**20}}, "must be between 1 and 3650"),
        ({"governance": {"owner": "A\u0000B"}}, "must not contain the NUL character"),
    ],
)
def test_bad_changes_are_refused_with_the_field_named(pilot, ana, changes, message):
    with pytest.raises(services.InvalidChange) as caught:
        services.partnership_update(
            actor=ana, partnership=pilot, expected_version=1, changes=changes
        )
    assert message in str(caught.value)
    pilot.refresh_from_db()
    assert pilot.version == 1


def test_importing_a_name_twice_is_refused_unless_replacing(pilot, ana):
    document = example("hybrid-pilot-ready.json")
    with pytest.raises(services.AlreadyExists):
        services.partnership_import(actor=ana, document=document)
    document["category"] = "commercial"
    document["reviews"] = document["reviews"][:1]
    replaced = services.partnership_import(actor=ana, document=document, replace=True)
    assert replaced.pk == pilot.pk
    assert replaced.category == "commercial"
    assert replaced.version == 2
    assert len(selectors.partnership_document(replaced)["reviews"]) == 1
    record = AuditRecord.objects.filter(action="partnership_import").last()
    assert record.before["category"] == "technological"
    assert record.after["category"] == "commercial"


def test_a_replacing_import_cannot_rewrite_stage_type_or_history(pilot, ana):
    events_before = selectors.partnership_document(pilot)["events"]
    document = example("hybrid-pilot-ready.json")
    document.update(stage="ended", type="strategic", events=[])
    with pytest.raises(services.InvalidChange) as caught:
        services.partnership_import(actor=ana, document=document, replace=True)
    assert [p.path for p in caught.value.problems] == ["stage", "type", "events"]
    assert selectors.partnership_document(pilot)["events"] == events_before
    pilot.refresh_from_db()
    assert (pilot.stage, pilot.type, pilot.version) == ("active", "hybrid", 1)


def test_a_partner_organization_is_shared_and_never_contradicted(pilot, ana):
    other = {"name": "Second project", "partners": [{"name": "Lumen Vector Labs"}]}
    services.partnership_import(actor=ana, document=other)
    assert PartnerOrganization.objects.filter(name="Lumen Vector Labs").count() == 1
    contradicting = {
        "name": "Third",
        "partners": [{"name": "Lumen Vector Labs", "sector": "public"}],
    }
    with pytest.raises(
        services.InvalidChange,
        match=r"partners\[0\]\.sector: Lumen Vector Labs is recorded with sector",
    ):
        services.partnership_import(actor=ana, document=contradicting)
    assert not Partnership.objects.filter(name="Third").exists()


def test_evidence_is_recorded_validated_and_audited(pilot, ana):
    row = evidence_services.commitment_record(
        actor=ana, partnership=pilot, title="Beta", due_on="2026-12-15"
    )
    assert isinstance(row, Commitment)
    with pytest.raises(services.InvalidChange, match="due_on: must be a date"):
        evidence_services.commitment_record(
            actor=ana, partnership=pilot, title="Bad", due_on="soon"
        )
    evidence_services.engagement_record(
        actor=ana, partnership=pilot, on="2026-11-20", kind="check_in"
    )
    evidence_services.review_record(
        actor=ana, partnership=pilot, on="2026-11-21", decision="continue"
    )
    evidence_services.survey_response_record(
        actor=ana, partnership=pilot, on="2026-11-22", side="ours", scores={"trust": 4}
    )
    evidence_services.opportunity_record(
        actor=ana, partnership=pilot, title="Bank", stage="identified"
    )
    evidence_services.joint_outcome_record(
        actor=ana, partnership=pilot, title="Win", on="2026-11-01", value=5000
    )
    evidence_services.agreement_record(
        actor=ana, partnership=pilot, kind="mou", signed_on="2026-11-01"
    )
    assert audit_actions(pilot)[1:] == [
        "commitments_record",
        "engagements_record",
        "reviews_record",
        "surveys_record",
        "opportunities_record",
        "joint_outcomes_record",
        "agreements_record",
    ]
    assert selectors.partnership_document(pilot)["commitments"][-1] == {
        "title": "Beta",
        "due_on": "2026-12-15",
    }


def test_a_stale_correction_of_evidence_is_refused(pilot, ana, ben):
    row = evidence_services.commitment_record(
        actor=ana, partnership=pilot, title="Beta", due_on="2026-12-15"
    )
    evidence_services.evidence_update(
        actor=ben, row=row, expected_version=1, changes={"delivered_on": "2026-12-10"}
    )
    with pytest.raises(services.StaleEdit):
        evidence_services.evidence_update(
            actor=ana, row=row, expected_version=1, changes={"met_quality": False}
        )
    row.refresh_from_db()
    assert row.delivered_on == date(2026, 12, 10)
    assert row.met_quality is None
    record = AuditRecord.objects.get(action="commitments_update")
    assert record.before == {"title": "Beta", "due_on": "2026-12-15"}
    assert record.after == {"title": "Beta", "due_on": "2026-12-15", "delivered_on": "2026-12-10"}


def test_metrics_and_observations_are_never_silently_overwritten(pilot, ana):
    metric = metric_services.metric_define(
        actor=ana,
        partnership=pilot,
        key="partner_nps",
        category="relationship_health",
        direction="higher",
        leading=True,
        target=40,
    )
    metric_services.observation_record(actor=ana, metric=metric, on=date(2026, 11, 1), value=35)
    with pytest.raises(services.InvalidChange, match="partner_nps already has 35 on 2026-11-01"):
        metric_services.observation_record(actor=ana, metric=metric, on=date(2026, 11, 1), value=50)
    with pytest.raises(services.InvalidChange, match="value: must be a finite number"):
        metric_services.observation_record(
            actor=ana, metric=metric, on=date(2026, 11, 2), value=float("nan")
        )
    assert list(Observation.objects.filter(metric=metric).values_list("value", flat=True)) == [35]
    with pytest.raises(services.InvalidChange, match="already tracks"):
        metric_services.metric_define(actor=ana, partnership=pilot, key="partner_nps")
    assert audit_actions(pilot)[-2:] == ["metric_define", "observation_record"]


def test_the_audit_trail_cannot_be_edited_or_deleted(pilot):
    record = AuditRecord.objects.first()
    record.note = "tampered"
    with pytest.raises(Exception, match="cannot be changed"):
        record.save()
    with pytest.raises(Exception, match="cannot be deleted"):
        record.delete()
    with pytest.raises(Exception, match="cannot be changed"):
        AuditRecord.objects.all().update(note="x")
    with pytest.raises(Exception, match="cannot be deleted"):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.get(pk=record.pk).note == ""


def test_the_timeline_merges_evidence_events_and_audit(pilot, ana):
    entries = selectors.timeline(pilot)
    kinds = {e["kind"] for e in entries}
    assert {"commitments", "surveys", "engagements", "events", "audit"} <= kinds
    assert [e["on"] for e in entries] == sorted(e["on"] for e in entries)


def test_details_an_import_adds_to_a_shared_partner_are_audited(pilot, ana):
    services.partnership_import(
        actor=ana, document={"name": "Second", "partners": [{"name": "Zeta"}]}
    )
    services.partnership_import(
        actor=ana, document={"name": "Third", "partners": [{"name": "Zeta", "sector": "public"}]}
    )
    record = AuditRecord.objects.get(action="partner_organization_update")
    assert (record.before, record.after, record.actor) == (
        {"sector": ""},
        {"sector": "public"},
        ana,
    )


def test_a_recorded_value_is_corrected_with_a_reason_never_on_a_stale_read(pilot, ana, ben):
    metric = metric_services.metric_define(
        actor=ana, partnership=pilot, key="renewal_rate", target=0.9
    )
    observation = metric_services.observation_record(
        actor=ana, metric=metric, on=date(2026, 11, 1), value=0.5
    )
    metric_services.observation_correct(
        actor=ben,
        observation=observation,
        expected_value=0.5,
        value=0.85,
        reason="typo in the export",
    )
    with pytest.raises(services.StaleEdit, match=r"is now 0\.85, not 0\.5"):
        metric_services.observation_correct(
            actor=ana, observation=observation, expected_value=0.5, value=0.6, reason="x"
        )
    observation.refresh_from_db()
    assert observation.value == 0.85
    record = AuditRecord.objects.get(action="observation_correct")
    assert (record.before["value"], record.after["value"], record.note) == (
        0.5,
        0.85,
        "typo in the export",
    )


def test_evidence_recorded_in_error_is_removed_and_the_trail_keeps_it(pilot, ana):
    row = evidence_services.review_record(
        actor=ana, partnership=pilot, on="2026-11-21", decision="exit"
    )
    with pytest.raises(services.InvalidChange, match="reason"):
        evidence_services.evidence_delete(actor=ana, row=row, expected_version=1, reason=" ")
    with pytest.raises(services.StaleEdit):
        evidence_services.evidence_delete(
            actor=ana, row=row, expected_version=2, reason="wrong partnership"
        )
    evidence_services.evidence_delete(
        actor=ana, row=row, expected_version=1, reason="wrong partnership"
    )
    assert not type(row).objects.filter(pk=row.pk).exists()
    record = AuditRecord.objects.get(action="reviews_delete")
    assert record.before == {"on": "2026-11-21", "decision": "exit"}
    assert record.note == "wrong partnership"


def test_a_partner_organization_is_edited_on_a_fresh_copy_and_audited(pilot, ana, ben):
    from partnerfolio.partners.services import partner_organization_update

    lumen = PartnerOrganization.objects.get(name="Lumen Vector Labs")
    version = lumen.version
    partner_organization_update(
        actor=ana,
        organization=lumen,
        expected_version=version,
        changes={"competes_with_us": True, "competes_in": ["document AI"]},
    )
    with pytest.raises(services.StaleEdit):
        partner_organization_update(
            actor=ben, organization=lumen, expected_version=version, changes={"sector": "public"}
        )
    (partner,) = selectors.partnership_snapshot(pilot).partners
    assert (partner.competes_with_us, partner.competes_in, partner.sector.value) == (
        True,
        ("document AI",),
        "private",
    )
    record = AuditRecord.objects.get(action="partner_organization_update", entity_id=lumen.pk)
    assert record.after["competes_in"] == ["document AI"]
    assert "competes_in" not in record.before
    assert record.actor == ana


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sector": "galactic"}, r"^sector: must be one of"),
        ({"assets": "not a list"}, r"^assets: "),
        ({"revenue": 3}, r"^revenue: is not a detail of a partner organization"),
        ({"name": "Other Org"}, r"^name: another partner organization is named 'Other Org'"),
    ],
)
def test_a_bad_partner_edit_is_refused_naming_the_field(pilot, ana, changes, message):
    from partnerfolio.partners.services import partner_organization_update

    services.partnership_import(
        actor=ana, document={"name": "X", "partners": [{"name": "Other Org"}]}
    )
    lumen = PartnerOrganization.objects.get(name="Lumen Vector Labs")
    before = (lumen.version, lumen.sector, lumen.assets)
    with pytest.raises(services.InvalidChange, match=message):
        partner_organization_update(
            actor=ana, organization=lumen, expected_version=lumen.version, changes=changes
        )
    lumen.refresh_from_db()
    assert (lumen.version, lumen.sector, lumen.assets) == before


def test_a_removed_metric_keeps_its_definition_and_values_in_the_trail(pilot, ana, ben):
    metric = pilot.metrics.order_by("id").first()
    values = list(metric.observations.order_by("on").values_list("value", flat=True))
    with pytest.raises(services.InvalidChange, match="reason"):
        metric_services.metric_remove(actor=ana, metric=metric, expected_version=1, reason="")
    with pytest.raises(services.StaleEdit):
        metric_services.metric_remove(actor=ana, metric=metric, expected_version=2, reason="x")
    metric_services.metric_remove(
        actor=ana, metric=metric, expected_version=1, reason="replaced by a better measure"
    )
    assert metric.key not in [m.key for m in selectors.partnership_snapshot(pilot).metrics]
    assert not Observation.objects.filter(metric_id=metric.pk).exists()
    record = AuditRecord.objects.get(action="metric_remove")
    assert record.before["key"] == metric.key
    assert [o["value"] for o in record.before["observations"]] == values
    assert record.note == "replaced by a better measure"
