"""§7: transition readiness, tactical → strategic."""

from __future__ import annotations

import pytest

from partnerfolio.domain import assess, default_playbook
from partnerfolio.domain.enums import Indicator, PartnershipType, ReadinessVerdict
from partnerfolio.domain.messages import indicator_evidence, indicator_next_step
from partnerfolio.domain.snapshot import Commitment, Governance, JointOutcome, Opportunity
from tests.factories import AS_OF, days_ago, partnership, survey_round, tactical

PLAYBOOK = default_playbook()
Ind = Indicator


def ready_pilot(**overrides):
    """A hybrid pilot meeting all five indicators."""
    defaults = {
        "type": PartnershipType.HYBRID,
        "commitments": tuple(
            Commitment(f"Milestone {n}", days_ago(30 * n), days_ago(30 * n), True)
            for n in range(1, 6)
        ),
        "surveys": survey_round(days_ago(200), {"trust": 4}, {"trust": 4})
        + survey_round(days_ago(20), {"trust": 4}, {"trust": 4.5}),
        "opportunities": (Opportunity("Joint platform", requires_deeper_collaboration=True),),
        "governance": Governance(
            owner="Sam", executive_sponsor="Dana", partner_governance_commitment=True
        ),
        "joint_outcomes": (JointOutcome("First customer", days_ago(60), 50_000),),
    }
    return tactical(**{**defaults, **overrides})


def indicators(snapshot):
    result = assess(snapshot, AS_OF, PLAYBOOK).readiness
    return result, {i.code: i for i in result.indicators}


def test_a_pilot_meeting_all_five_indicators_is_ready():
    result, found = indicators(ready_pilot())
    assert result.verdict is ReadinessVerdict.READY
    assert all(i.met for i in found.values())
    assert all(indicator_next_step(i) is None for i in found.values())


def test_strategic_partnerships_are_not_assessed_for_readiness():
    result, found = indicators(ready_pilot(type=PartnershipType.STRATEGIC))
    assert result.verdict is ReadinessVerdict.NOT_APPLICABLE
    assert found == {}


def test_an_untyped_partnership_is_read_as_a_candidate():
    result, found = indicators(partnership())
    assert result.verdict is ReadinessVerdict.NOT_READY
    assert set(found) == set(Indicator)


def commitments(on_time: int, late: int, quality: int | None = None, undelivered: int = 0):
    total = on_time + late + undelivered
    quality = total if quality is None else quality
    items = []
    for n in range(total):
        due = days_ago(10 + n)
        if n < on_time:
            delivered = due
        elif n < on_time + late:
            delivered = days_ago(5 + n)  # five days after it was due
        else:
            delivered = None
        items.append(Commitment(f"C{n}", due, delivered, n < quality))
    return tuple(items)


@pytest.mark.parametrize(
    ("items", "rule"),
    [
        ((), "none_due"),
        (commitments(5, 0), "met"),
        (commitments(4, 0), "too_few"),
        (commitments(9, 1), "met"),  # 90 % on time
        (commitments(8, 2), "late"),
        (commitments(9, 0, undelivered=1), "met"),
        (commitments(8, 0, undelivered=2), "late"),  # undelivered counts as late
        (commitments(10, 0, quality=9), "met"),
        (commitments(10, 0, quality=8), "quality"),
    ],
)
def test_consistent_delivery_thresholds(items, rule):
    _, found = indicators(ready_pilot(commitments=items))
    assert found[Ind.CONSISTENT_DELIVERY].evidence.rule == rule
    assert found[Ind.CONSISTENT_DELIVERY].met is (rule == "met")


def test_only_commitments_due_in_the_last_year_count():
    inside = tuple(Commitment(f"C{n}", days_ago(364), days_ago(364), True) for n in range(5))
    outside = tuple(Commitment(f"C{n}", days_ago(365), days_ago(365), True) for n in range(5))
    assert indicators(ready_pilot(commitments=inside))[1][Ind.CONSISTENT_DELIVERY].met
    assert not indicators(ready_pilot(commitments=outside))[1][Ind.CONSISTENT_DELIVERY].met


@pytest.mark.parametrize(
    ("ours", "partner", "rule"),
    [(4, 4, "met"), (4, 3.98, "low"), (5, 3, "met"), (4, None, "one_sided")],
)
def test_growing_trust_needs_both_sides_at_four(ours, partner, rule):
    latest = survey_round(
        days_ago(20), {"trust": ours}, {} if partner is None else {"trust": partner}
    )
    _, found = indicators(ready_pilot(surveys=latest))
    assert found[Ind.GROWING_TRUST].evidence.rule == rule


def test_growing_trust_must_not_fall_below_the_earliest_round_of_the_year():
    falling = survey_round(days_ago(300), {"trust": 5}, {"trust": 5}) + survey_round(
        days_ago(20), {"trust": 4.5}, {"trust": 4.5}
    )
    _, found = indicators(ready_pilot(surveys=falling))
    assert found[Ind.GROWING_TRUST].evidence.rule == "declining"
    older = survey_round(days_ago(400), {"trust": 5}, {"trust": 5}) + survey_round(
        days_ago(20), {"trust": 4.5}, {"trust": 4.5}
    )
    assert indicators(ready_pilot(surveys=older))[1][Ind.GROWING_TRUST].met


def test_no_survey_round_yet():
    _, found = indicators(ready_pilot(surveys=()))
    assert found[Ind.GROWING_TRUST].evidence.rule == "no_rounds"
    assert "survey round" in indicator_next_step(found[Ind.GROWING_TRUST])


def test_new_opportunities_need_deeper_collaboration():
    shallow = (Opportunity("Renewal", requires_deeper_collaboration=False),)
    _, found = indicators(ready_pilot(opportunities=shallow))
    assert not found[Ind.NEW_OPPORTUNITIES].met
    assert "0 of 1" in indicator_evidence(found[Ind.NEW_OPPORTUNITIES])


@pytest.mark.parametrize(
    ("governance", "rule"),
    [
        (Governance(executive_sponsor="Dana", partner_executive_sponsor="Kim"), "met"),
        (Governance(our_governance_commitment=True, partner_governance_commitment=True), "met"),
        (Governance(executive_sponsor="Dana"), "partner_missing"),
        (Governance(partner_governance_commitment=True), "ours_missing"),
        (Governance(our_governance_commitment=False), "both_missing"),
    ],
)
def test_governance_willingness_on_both_sides(governance, rule):
    _, found = indicators(ready_pilot(governance=governance))
    assert found[Ind.GOVERNANCE_WILLINGNESS].evidence.rule == rule


@pytest.mark.parametrize(("value", "met"), [(1, True), (0, False), (-500, False), (None, False)])
def test_combined_value_needs_a_positive_joint_outcome(value, met):
    _, found = indicators(
        ready_pilot(joint_outcomes=(JointOutcome("Outcome", days_ago(5), value),))
    )
    assert found[Ind.COMBINED_VALUE].met is met


def test_unmet_indicators_come_with_a_next_step():
    result, found = indicators(partnership(type=PartnershipType.TACTICAL))
    assert result.verdict is ReadinessVerdict.NOT_READY
    assert {i.code for i in result.unmet} == set(Indicator)
    for indicator in found.values():
        assert indicator_next_step(indicator)
