from __future__ import annotations

import pytest

from partnerfolio.domain.enums import PitfallCode, Stage
from tests.domain.pitfalls.helpers import pitfalls, rules_fired
from tests.factories import strategic, tactical, with_governance

CODE = PitfallCode.GOVERNANCE_MISMATCH


def test_a_strategic_partnership_without_sponsor_or_steering_committee():
    no_sponsor = with_governance(strategic(), executive_sponsor=None)
    assert pitfalls(no_sponsor)[CODE].triggers[0].facts["missing"] == ("executive_sponsor",)
    neither = with_governance(no_sponsor, steering_committee=False)
    assert pitfalls(neither)[CODE].triggers[0].facts["missing"] == (
        "executive_sponsor",
        "steering_committee",
    )


def test_a_tactical_engagement_carrying_committee_and_sponsor():
    both = with_governance(tactical(), steering_committee=True, executive_sponsor="Dana")
    assert rules_fired(both, CODE) == ["over_governed"]
    partner_sponsor = with_governance(
        tactical(), steering_committee=True, partner_executive_sponsor="Kim"
    )
    assert rules_fired(partner_sponsor, CODE) == ["over_governed"]
    committee_only = with_governance(tactical(), steering_committee=True)
    assert rules_fired(committee_only, CODE) == []
    sponsor_only = with_governance(tactical(), executive_sponsor="Dana")
    assert rules_fired(sponsor_only, CODE) == []


@pytest.mark.parametrize(
    ("stage", "checked"),
    [
        (Stage.ACTIVE, True),
        (Stage.UNDER_REVIEW, True),
        (Stage.NEGOTIATION, False),
        (Stage.PROPOSED, False),
    ],
)
def test_it_is_checked_only_while_the_partnership_runs(stage, checked):
    snapshot = with_governance(strategic(stage=stage), executive_sponsor=None)
    assert (CODE in pitfalls(snapshot)) is checked
