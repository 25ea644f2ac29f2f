"""Edge cases found in review: ties, float rounding, huge numbers, people's own words."""

from __future__ import annotations

import dataclasses
from datetime import date

from partnerfolio.domain import assess, default_playbook
from partnerfolio.domain.classification import classify
from partnerfolio.domain.enums import (
    AgreementKind,
    ClassifiedType,
    Dimension,
    EngagementKind,
    EventKind,
    Indicator,
    OpportunityStage,
    PitfallCode,
)
from partnerfolio.domain.messages import indicator_next_step, pitfall_evidence
from partnerfolio.domain.snapshot import (
    Agreement,
    Engagement,
    Event,
    JointOutcome,
    Opportunity,
    Partner,
    Review,
)
from partnerfolio.interchange.output import assessment_json
from tests.domain.pitfalls.helpers import pitfalls
from tests.factories import (
    AS_OF,
    days_ago,
    days_ahead,
    metric,
    partnership,
    profile,
    strategic,
    survey_round,
    tactical,
    with_governance,
)

PLAYBOOK = default_playbook()


def test_on_a_day_with_two_type_changes_the_one_matching_the_declared_type_counts():
    events = (
        Event(date(2026, 1, 1), EventKind.TYPE_CHANGED, "hybrid", "tactical"),
        Event(date(2026, 1, 1), EventKind.TYPE_CHANGED, "tactical", "strategic"),
    )
    snapshot = with_governance(strategic(events=events), steering_committee=False)
    assert PitfallCode.NEGLECTED_TRANSITION in pitfalls(snapshot)


def test_thresholds_tolerate_float_rounding_of_the_weighted_mean():
    weights = dict.fromkeys(Dimension, 0.1)
    rules = dataclasses.replace(PLAYBOOK.classification, weights=weights)
    result = classify(partnership(profile=profile(1, 3, 3, 3), started_on=None), rules)
    assert result.type is ClassifiedType.TACTICAL  # 2.5, however the floats add up


def test_huge_but_finite_numbers_do_not_crash_the_engine():
    snapshot = partnership(
        joint_outcomes=(
            JointOutcome("A", days_ago(5), 1e308),
            JointOutcome("B", days_ago(4), 1e308),
        ),
        metrics=(metric("revenue_growth", 1, (days_ago(9), 1e308), (days_ago(8), 1e308)),),
    )
    result = assessment_json(assess(snapshot, AS_OF, PLAYBOOK), PLAYBOOK)
    assert result["scorecard"]["metrics"][0]["trend"] is None
    assert result["readiness"]["indicators"]["combined_value"]["met"] is True


def test_peoples_own_words_are_shown_as_written():
    rivals = (Partner("Alpha_Co", competes_with_us=True), Partner("owner", competes_with_us=True))
    evidence = pitfall_evidence(
        pitfalls(strategic(partners=rivals))[PitfallCode.COOPETITION_TENSION]
    )
    assert evidence == "Also competing with us: Alpha_Co and owner (markets: not recorded)."


def test_codes_become_words_and_counts_agree():
    snapshot = strategic(
        agreements=(Agreement(AgreementKind.SOW, signed_on=days_ago(300), ends_on=days_ahead(1)),),
        reviews=(Review(days_ago(100)),),
    )
    evidence = pitfall_evidence(pitfalls(snapshot)[PitfallCode.AGREEMENT_EXPIRING])
    assert evidence.startswith("The statement of work ends on 2026-07-01, 1 day from now")
    snapshot = tactical(commitments=tactical().commitments * 4)
    step = indicator_next_step(
        next(
            i
            for i in assess(snapshot, AS_OF, PLAYBOOK).readiness.indicators
            if i.code is Indicator.CONSISTENT_DELIVERY
        )
    )
    assert step.startswith("Agree and record 1 more dated commitment,")


def test_lost_deals_are_not_new_opportunities():
    lost = (Opportunity("Bank bid", OpportunityStage.LOST, requires_deeper_collaboration=True),)
    readiness = assess(tactical(opportunities=lost), AS_OF, PLAYBOOK).readiness
    assert not next(i for i in readiness.indicators if i.code is Indicator.NEW_OPPORTUNITIES).met


def test_only_rounds_both_sides_answered_feed_the_trust_score():
    surveys = survey_round(days_ago(60), {"trust": 4}, {"trust": 5}) + survey_round(
        days_ago(5), {"trust": 1}, {}
    )
    card = assess(
        partnership(surveys=surveys, metrics=(metric("trust_score", 4),)), AS_OF, PLAYBOOK
    ).scorecard
    assert [(o.on, o.value) for o in card.metrics[0].observations] == [(days_ago(60), 4.5)]


def test_talks_before_the_start_do_not_make_a_young_partnership_look_neglected():
    snapshot = tactical(
        started_on=days_ago(14),
        engagements=(Engagement(days_ago(200), EngagementKind.CHECK_IN),),
        reviews=(Review(days_ago(220)),),
    )
    found = pitfalls(snapshot)
    assert PitfallCode.UNDERINVESTED_TACTICAL not in found
    assert PitfallCode.REVIEW_OVERDUE not in found
