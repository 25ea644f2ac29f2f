from __future__ import annotations

import pytest

from partnerfolio.domain.enums import PitfallCode, SurveySide
from partnerfolio.domain.snapshot import Survey
from tests.domain.pitfalls.helpers import pitfalls, rules_fired
from tests.factories import days_ago, strategic, survey_round

CODE = PitfallCode.PERCEPTION_GAP


@pytest.mark.parametrize(
    ("ours", "partner", "fires"), [(4, 3, True), (4, 3.1, False), (4.1, 3.1, True), (2, 4.5, True)]
)
def test_it_flags_a_gap_of_one_point_between_the_sides(ours, partner, fires):
    snapshot = strategic(
        surveys=survey_round(days_ago(5), {"fairness": ours}, {"fairness": partner})
    )
    assert rules_fired(snapshot, CODE) == (["gap"] if fires else [])


def test_it_reads_only_the_latest_round_and_side_means():
    surveys = (
        *survey_round(days_ago(100), {"trust": 5}, {"trust": 1}),
        Survey(days_ago(5), SurveySide.OURS, (("trust", 5.0),)),
        Survey(days_ago(5), SurveySide.OURS, (("trust", 3.0),)),
        Survey(days_ago(5), SurveySide.PARTNER, (("trust", 3.0),)),
    )
    assert rules_fired(strategic(surveys=surveys), CODE) == ["gap"]  # ours 4.0, partner 3.0


def test_questions_answered_by_one_side_only_have_no_gap():
    snapshot = strategic(
        surveys=survey_round(days_ago(5), {"trust": 5, "alignment": 1}, {"trust": 4.5})
    )
    assert rules_fired(snapshot, CODE) == []


def test_widest_gaps_come_first():
    snapshot = strategic(
        surveys=survey_round(days_ago(5), {"trust": 5, "fairness": 5}, {"trust": 3, "fairness": 1})
    )
    assert [t.facts["question"] for t in pitfalls(snapshot)[CODE].triggers] == ["fairness", "trust"]
