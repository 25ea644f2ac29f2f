from __future__ import annotations

import pytest

from partnerfolio.domain.enums import EngagementKind, PitfallCode, Stage
from partnerfolio.domain.snapshot import Engagement
from tests.domain.pitfalls.helpers import pitfalls, rules_fired
from tests.factories import days_ago, strategic, survey_round

CODE = PitfallCode.COLLABORATIVE_INERTIA
EXEC, STEER, CHECK = (
    EngagementKind.EXECUTIVE_MEETING,
    EngagementKind.STEERING_COMMITTEE,
    EngagementKind.CHECK_IN,
)


def meetings(*days: int, kind=EXEC):
    return tuple(Engagement(days_ago(d), kind) for d in days)


def test_it_flags_executives_who_stopped_meeting():
    assert rules_fired(strategic(engagements=meetings(179)), CODE) == []
    assert rules_fired(strategic(engagements=meetings(181)), CODE) == ["no_executive_engagement"]


def test_a_meeting_exactly_one_window_ago_has_left_the_window():
    # 180 days is not more than 180, so not yet an absence; but the last 180 days hold
    # none against one in the 180 before: a decline.
    assert rules_fired(strategic(engagements=meetings(180)), CODE) == ["declining_engagement"]


def test_check_ins_are_not_executive_engagement_but_steering_committees_are():
    assert rules_fired(strategic(engagements=meetings(200) + meetings(5, kind=CHECK)), CODE) == [
        "no_executive_engagement"
    ]
    assert rules_fired(strategic(engagements=meetings(200) + meetings(5, kind=STEER)), CODE) == []


def test_a_young_strategic_partnership_is_not_blamed():
    assert rules_fired(strategic(engagements=(), started_on=days_ago(180)), CODE) == []
    assert rules_fired(strategic(engagements=(), started_on=days_ago(181)), CODE) == [
        "no_executive_engagement_since_start"
    ]


@pytest.mark.parametrize(
    ("recent", "prior", "fires"),
    [
        ((10, 100), (200, 250, 300, 350), False),  # 2 against 4: exactly half
        ((10,), (200, 250, 300, 350), True),  # 1 against 4
        ((10,), (200,), False),  # 1 against 1
        ((10,), (), False),
    ],
)
def test_it_flags_executive_engagement_falling_below_half(recent, prior, fires):
    snapshot = strategic(engagements=meetings(*recent, *prior))
    assert rules_fired(snapshot, CODE) == (["declining_engagement"] if fires else [])


def test_the_decline_is_not_repeated_when_executives_stopped_altogether():
    snapshot = strategic(engagements=meetings(200, 250, 300))
    assert rules_fired(snapshot, CODE) == ["no_executive_engagement"]


@pytest.mark.parametrize(("trust", "fires"), [(2.0, True), (2.1, False), (1.0, True)])
def test_low_trust_on_either_side_of_the_latest_round(trust, fires):
    surveys = survey_round(days_ago(10), {"trust": trust}, {"trust": 4})
    assert rules_fired(strategic(surveys=surveys), CODE) == (["low_trust"] if fires else [])


def test_only_active_strategic_partnerships_are_checked():
    assert CODE in pitfalls(strategic(engagements=meetings(300)))
    assert CODE not in pitfalls(strategic(engagements=meetings(300), stage=Stage.UNDER_REVIEW))
