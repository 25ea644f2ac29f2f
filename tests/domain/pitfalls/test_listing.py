"""How pitfalls are listed and when none are raised at all."""

from __future__ import annotations

import dataclasses

from partnerfolio.domain.enums import PitfallCode, Stage
from partnerfolio.domain.snapshot import Partner
from tests.domain.pitfalls.helpers import pitfalls
from tests.factories import strategic, uniform_profile, with_governance


def troubled():
    snapshot = with_governance(
        strategic(
            profile=uniform_profile(1),
            due_diligence=(),
            partners=(Partner("Rival", competes_with_us=True),),
            reviews=(),
            started_on=strategic().started_on,
        ),
        executive_sponsor=None,
    )
    return snapshot


def test_pitfalls_are_listed_high_first_then_by_code():
    codes = list(pitfalls(troubled()))
    assert codes == [
        PitfallCode.PREMATURE_STRATEGIC_COMMITMENT,
        PitfallCode.COOPETITION_TENSION,
        PitfallCode.GOVERNANCE_MISMATCH,
        PitfallCode.MISCLASSIFIED,
        PitfallCode.REVIEW_OVERDUE,
    ]


def test_an_ended_partnership_raises_no_pitfall():
    assert pitfalls(dataclasses.replace(troubled(), stage=Stage.ENDED)) == {}
