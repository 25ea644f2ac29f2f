"""§3: the opportunity advisor."""

from __future__ import annotations

from partnerfolio.domain import default_playbook
from partnerfolio.domain.advisor import recommend
from partnerfolio.domain.enums import (
    DueDiligenceArea,
    DueDiligenceStatus,
    Factor,
    GovernanceElement,
    PartnershipType,
    RecommendedType,
)
from partnerfolio.domain.messages import reason_text
from tests.factories import partnership

PLAYBOOK = default_playbook()
F = Factor


def advise(**answers: bool):
    opportunity = tuple((Factor(k), v) for k, v in answers.items())
    return recommend(partnership(opportunity=opportunity), PLAYBOOK)


def test_no_opportunity_means_no_recommendation():
    assert recommend(partnership(opportunity=None), PLAYBOOK) is None


def test_two_strategic_signals_with_proven_fit_recommend_strategic():
    r = advise(
        sustained_collaboration=True,
        ip_sharing=True,
        proven_track_record=True,
        due_diligence_complete=True,
    )
    assert r.type is RecommendedType.STRATEGIC
    assert r.governance_model.type is PartnershipType.STRATEGIC
    assert GovernanceElement.STEERING_COMMITTEE in r.governance_model.elements
    assert r.governance_model.review_cadence_days == 90
    assert r.metric_set == PLAYBOOK.advisor.metric_sets[PartnershipType.STRATEGIC]


def test_strategic_intent_without_proven_fit_starts_as_hybrid_and_names_what_is_missing():
    r = advise(sustained_collaboration=True, new_market_entry=True, proven_track_record=True)
    assert r.type is RecommendedType.HYBRID
    fit = [t for t in r.reasons if t.rule == "fit_unproven"]
    assert fit[0].facts["missing"] == ("due_diligence_complete",)
    assert "completed due diligence" in reason_text(fit[0])
    checklist = dict(r.governance_model.due_diligence)
    assert checklist == dict.fromkeys(DueDiligenceArea, DueDiligenceStatus.PENDING)


def test_one_strategic_signal_is_not_enough():
    r = advise(sustained_collaboration=True, proven_track_record=True, due_diligence_complete=True)
    assert r.type is RecommendedType.UNDECIDED
    assert r.governance_model is None
    assert r.metric_set == ()
    assert F.NEW_MARKET_ENTRY in r.questions
    assert F.SUSTAINED_COLLABORATION not in r.questions  # already answered


def test_strategic_signals_must_outnumber_tactical_ones():
    tie = advise(
        sustained_collaboration=True, ip_sharing=True, time_bound=True, joint_campaign=True
    )
    assert tie.type is RecommendedType.TACTICAL  # T >= S and T >= 2
    more = advise(
        sustained_collaboration=True,
        ip_sharing=True,
        joint_capability=True,
        time_bound=True,
        joint_campaign=True,
    )
    assert more.type is RecommendedType.HYBRID


def test_two_tactical_signals_recommend_tactical():
    r = advise(well_defined_need=True, time_bound=True)
    assert r.type is RecommendedType.TACTICAL
    assert r.governance_model.due_diligence == ()
    assert GovernanceElement.OWNER in r.governance_model.elements
    assert r.governance_model.review_cadence_days == 30


def test_one_tactical_signal_leaves_it_undecided():
    r = advise(well_defined_need=True, sustained_collaboration=False)
    assert r.type is RecommendedType.UNDECIDED
    assert F.SUSTAINED_COLLABORATION not in r.questions
    assert F.TIME_BOUND in r.questions


def test_false_answers_are_not_signals():
    r = advise(
        sustained_collaboration=False, ip_sharing=False, well_defined_need=True, time_bound=True
    )
    assert r.type is RecommendedType.TACTICAL
