from __future__ import annotations

import dataclasses

import pytest

from partnerfolio.domain.enums import EngagementKind, PartnershipType, PitfallCode, Stage
from partnerfolio.domain.snapshot import Engagement, Governance
from tests.domain.pitfalls.helpers import rules_fired
from tests.factories import days_ago, survey_round, tactical, with_governance

CODE = PitfallCode.UNDERINVESTED_TACTICAL


def quiet_for(days: int, **overrides):
    return tactical(engagements=(Engagement(days_ago(days), EngagementKind.WORKSHOP),), **overrides)


def test_a_well_run_tactical_engagement_is_fine():
    assert rules_fired(tactical(), CODE) == []


def test_it_flags_a_tactical_partnership_without_an_owner():
    assert rules_fired(with_governance(tactical(), owner=None), CODE) == ["no_owner"]
    assert rules_fired(with_governance(tactical(), owner="  "), CODE) == ["no_owner"]


def test_silence_beyond_twice_the_cadence_is_neglect():
    assert rules_fired(quiet_for(60), CODE) == []  # 2 × 30 days exactly
    assert rules_fired(quiet_for(61), CODE) == ["quiet"]


def test_the_cadence_of_the_partnership_sets_the_limit():
    cadence_45 = {"governance": Governance(owner="Sam", review_cadence_days=45)}
    assert rules_fired(quiet_for(90, **cadence_45), CODE) == []
    assert rules_fired(quiet_for(91, **cadence_45), CODE) == ["quiet"]


def test_a_young_partnership_is_not_blamed_for_silence():
    young = tactical(engagements=(), started_on=days_ago(14))
    assert rules_fired(young, CODE) == []
    older = tactical(engagements=(), started_on=days_ago(61))
    assert rules_fired(older, CODE) == ["quiet_since_start"]


def test_without_a_start_date_or_any_engagement_the_age_is_unknown():
    assert rules_fired(tactical(engagements=(), started_on=None), CODE) == []


@pytest.mark.parametrize(("score", "fires"), [(3.0, False), (2.9, True), (1.0, True)])
def test_low_satisfaction_on_either_side_of_the_latest_round(score, fires):
    surveys = survey_round(days_ago(40), {"satisfaction": 2}, {"satisfaction": 2}) + survey_round(
        days_ago(5), {"satisfaction": 4}, {"satisfaction": score}
    )
    assert rules_fired(tactical(surveys=surveys), CODE) == (["low_satisfaction"] if fires else [])


def test_it_applies_to_hybrid_but_not_to_strategic_or_inactive_partnerships():
    neglected = with_governance(tactical(), owner=None)
    assert rules_fired(dataclasses.replace(neglected, type=PartnershipType.HYBRID), CODE) == [
        "no_owner"
    ]
    assert rules_fired(dataclasses.replace(neglected, type=PartnershipType.STRATEGIC), CODE) == []
    assert rules_fired(dataclasses.replace(neglected, stage=Stage.UNDER_REVIEW), CODE) == []
