"""§4: governance fit."""

from __future__ import annotations

import dataclasses

from partnerfolio.domain.enums import ClassifiedType, GovernanceElement, PartnershipType
from partnerfolio.domain.governance import governance_fit
from partnerfolio.domain.snapshot import Governance, Metric
from tests.factories import partnership, strategic, tactical, with_governance

E = GovernanceElement


def test_a_fully_governed_strategic_partnership_fits():
    fit = governance_fit(strategic(), ClassifiedType.STRATEGIC)
    assert fit.expected is PartnershipType.STRATEGIC
    assert fit.missing == ()
    assert fit.overhead == ()


def test_strategic_governance_lists_what_is_missing():
    snapshot = with_governance(
        strategic(), steering_committee=False, escalation_path=(), joint_plan=None
    )
    fit = governance_fit(snapshot, ClassifiedType.STRATEGIC)
    assert fit.missing == (E.STEERING_COMMITTEE, E.ESCALATION_PATH, E.JOINT_PLAN)


def test_success_metrics_are_met_by_a_metric_with_a_target():
    snapshot = with_governance(strategic(), success_metrics_defined=False)
    assert E.SUCCESS_METRICS in governance_fit(snapshot, ClassifiedType.STRATEGIC).missing
    with_target = dataclasses.replace(snapshot, metrics=(Metric("revenue_growth", target=10),))
    assert E.SUCCESS_METRICS not in governance_fit(with_target, ClassifiedType.STRATEGIC).missing


def test_strategic_machinery_on_a_tactical_engagement_is_overhead():
    snapshot = with_governance(
        tactical(), steering_committee=True, partner_executive_sponsor="Kim Park"
    )
    fit = governance_fit(snapshot, ClassifiedType.TACTICAL)
    assert fit.missing == ()
    assert fit.overhead == (E.STEERING_COMMITTEE, E.PARTNER_EXECUTIVE_SPONSOR)


def test_tactical_governance_needs_owner_scope_deliverables_and_check_ins():
    bare = partnership(type=PartnershipType.TACTICAL)
    fit = governance_fit(bare, ClassifiedType.UNKNOWN)
    assert fit.missing == (E.OWNER, E.SCOPED_AGREEMENT, E.DELIVERABLES, E.STATUS_CHECK_INS)


def test_hybrid_also_needs_success_criteria_for_the_test_of_fit():
    snapshot = dataclasses.replace(tactical(), type=PartnershipType.HYBRID)
    assert governance_fit(snapshot, ClassifiedType.HYBRID).missing == (E.SUCCESS_CRITERIA,)


def test_without_a_declared_type_the_classification_sets_expectations():
    snapshot = partnership(governance=Governance(owner="Sam"))
    fit = governance_fit(snapshot, ClassifiedType.STRATEGIC)
    assert fit.expected is PartnershipType.STRATEGIC
    assert not fit.declared
    assert governance_fit(snapshot, ClassifiedType.UNKNOWN).expected is None


def test_a_commitment_due_after_the_assessment_date_is_a_recorded_deliverable():
    """Planned work counts for governance fit; readiness still reads only what is due."""
    from datetime import date

    from partnerfolio.domain import assess, default_playbook
    from partnerfolio.domain.snapshot import Commitment

    as_of = date(2026, 6, 1)
    planned = dataclasses.replace(
        partnership(type=PartnershipType.TACTICAL),
        commitments=(Commitment(title="Pilot report", due_on=date(2026, 9, 1)),),
    )
    result = assess(planned, as_of, default_playbook())
    assert E.DELIVERABLES not in result.governance_fit.missing
    delivery = next(i for i in result.readiness.indicators if i.code.value == "consistent_delivery")
    assert not delivery.met
    assert delivery.evidence.facts["due"] == 0  # not due yet, so not delivery evidence
    bare = assess(partnership(type=PartnershipType.TACTICAL), as_of, default_playbook())
    assert E.DELIVERABLES in bare.governance_fit.missing
