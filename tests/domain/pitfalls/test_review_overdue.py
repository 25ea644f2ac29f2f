from __future__ import annotations

import pytest

from partnerfolio.domain.enums import PitfallCode, Stage
from partnerfolio.domain.snapshot import Governance, Review
from tests.domain.pitfalls.helpers import pitfalls, rules_fired
from tests.factories import days_ago, partnership, strategic, tactical, uniform_profile

CODE = PitfallCode.REVIEW_OVERDUE


def test_strategic_reviews_are_due_every_ninety_days_with_half_a_cadence_of_slack():
    assert rules_fired(strategic(reviews=(Review(days_ago(135)),)), CODE) == []
    assert rules_fired(strategic(reviews=(Review(days_ago(136)),)), CODE) == ["overdue"]


def test_tactical_reviews_are_due_every_thirty_days():
    assert rules_fired(tactical(reviews=(Review(days_ago(45)),)), CODE) == []
    assert rules_fired(tactical(reviews=(Review(days_ago(46)),)), CODE) == ["overdue"]


def test_a_custom_cadence_wins():
    snapshot = tactical(
        reviews=(Review(days_ago(170)),), governance=Governance(owner="S", review_cadence_days=120)
    )
    assert rules_fired(snapshot, CODE) == []


def test_never_reviewed_counts_from_the_start():
    assert rules_fired(strategic(reviews=(), started_on=days_ago(100)), CODE) == []
    found = pitfalls(strategic(reviews=(), started_on=days_ago(200)))[CODE]
    assert found.triggers[0].rule == "never_reviewed"
    assert found.triggers[0].facts["limit"] == 135


def test_an_undeclared_partnership_takes_the_cadence_of_its_classification():
    snapshot = partnership(
        stage=Stage.ACTIVE, profile=uniform_profile(5), reviews=(Review(days_ago(100)),)
    )
    assert rules_fired(snapshot, CODE) == []


@pytest.mark.parametrize("stage", [Stage.PROPOSED, Stage.NEGOTIATION, Stage.WINDING_DOWN])
def test_only_running_partnerships_are_reviewed(stage):
    assert rules_fired(strategic(stage=stage, reviews=(Review(days_ago(500)),)), CODE) == []
