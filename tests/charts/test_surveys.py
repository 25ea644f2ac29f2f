"""Two-sided surveys: both sides per question side by side, and each side's mean over rounds."""

from __future__ import annotations

from datetime import date

from partnerfolio.charts import survey_sides, survey_trend
from partnerfolio.domain.enums import SurveySide
from partnerfolio.domain.timeline import SurveyRound
from tests.charts.svgtools import marks

OURS, PARTNER = SurveySide.OURS, SurveySide.PARTNER


def survey_round(on: date, ours: dict[str, float], partner: dict[str, float]) -> SurveyRound:
    sides = {side: scores for side, scores in ((OURS, ours), (PARTNER, partner)) if scores}
    return SurveyRound(on, sides)


EARLY = survey_round(
    date(2026, 3, 31),
    {"trust": 4.0, "satisfaction": 4.0, "communication": 3.0},
    {"trust": 4.0, "satisfaction": 3.5, "communication": 3.5},
)
LATE = survey_round(
    date(2026, 9, 30),
    {"trust": 4.5, "satisfaction": 4.0, "communication": 3.5},
    {"trust": 2.5, "satisfaction": 3.5, "communication": 3.5},
)


def test_each_question_of_the_latest_round_gets_a_bar_per_side():
    chart = survey_sides((EARLY, LATE))
    assert marks(chart.svg, "bar") == 6
    assert "2026-09-30" in chart.title


def test_the_table_gives_both_sides_and_the_gap_per_question():
    chart = survey_sides((EARLY, LATE))
    assert chart.columns == ("Question", "Our side", "Partner side", "Gap (ours − partner)")
    assert chart.table == (
        ("Trust", "4.5", "2.5", "+2"),
        ("Satisfaction", "4", "3.5", "+0.5"),
        ("Communication", "3.5", "3.5", "0"),
    )


def test_the_summary_names_the_largest_gap():
    summary = survey_sides((EARLY, LATE)).summary
    assert "3 questions" in summary
    assert "largest gap on trust: ours 4.5, partner 2.5" in summary


def test_a_question_only_one_side_answered_has_one_bar_and_no_gap():
    lone = survey_round(date(2026, 10, 1), {"trust": 4.0, "fairness": 3.0}, {"trust": 3.0})
    chart = survey_sides((lone,))
    assert marks(chart.svg, "bar") == 3
    assert ("Fairness", "3", "—", "—") in chart.table


def test_no_round_draws_no_sides():
    assert survey_sides(()) is None
    assert survey_sides((survey_round(date(2026, 1, 1), {}, {}),)) is None


def test_the_trend_draws_a_point_per_side_and_round():
    chart = survey_trend((EARLY, LATE))
    assert marks(chart.svg, "point") == 4
    assert chart.table == (
        ("2026-03-31", "3.67", "3.67", "0"),
        ("2026-09-30", "4", "3.17", "+0.83"),
    )
    assert "2 survey rounds from 2026-03-31 to 2026-09-30" in chart.summary
    assert "partner side mean from 3.7 to 3.2" in chart.summary


def test_one_round_is_no_trend():
    assert survey_trend((LATE,)) is None
    assert survey_trend(()) is None
