"""The profile radar: eight spokes, a point per scored dimension, the gaps said aloud."""

from __future__ import annotations

import dataclasses

from partnerfolio.charts import profile_radar
from partnerfolio.domain import PartnershipSnapshot
from partnerfolio.domain.classification import classify
from partnerfolio.domain.enums import Dimension
from partnerfolio.domain.playbook import default_playbook
from tests.charts.conftest import example
from tests.charts.svgtools import group_items, group_texts

FULL = {
    "time_horizon": 5,
    "objective_alignment": 4,
    "resource_commitment": 4,
    "risk_reward": 4,
    "relationship_depth": 3,
    "governance": 4,
    "exit_difficulty": 2,
    "innovation_potential": 3,
}


def test_the_radar_labels_all_eight_dimensions_and_draws_a_point_per_score():
    chart = profile_radar(FULL)
    labels = group_texts(chart.svg, "dimension-label")
    assert len(labels) == 8
    assert labels[0] == "Time horizon"
    assert "Flexibility to exit" in labels
    assert group_items(chart.svg, "score-point") == 8
    assert group_texts(chart.svg, "score-label") == ["5", "4", "4", "4", "3", "4", "2", "3"]


def test_the_summary_counts_the_poles_and_names_the_extremes():
    summary = profile_radar(FULL).summary
    assert "8 of 8 dimensions scored" in summary
    assert "5 at 4 or 5 (strategic pole)" in summary
    assert "1 at 1 or 2 (tactical pole)" in summary
    assert "highest: time horizon (5)" in summary
    assert "lowest: flexibility to exit (2)" in summary


def test_the_table_gives_each_dimension_its_score_and_pole():
    chart = profile_radar(FULL)
    assert chart.columns == ("Dimension", "Score (1–5)", "Pole")
    assert chart.table[0] == ("Time horizon", "5", "strategic")
    assert chart.table[6] == ("Flexibility to exit", "2", "tactical")
    assert chart.table[7] == ("Innovation potential", "3", "neutral")


def test_missing_dimensions_are_shown_as_missing():
    chart = profile_radar({"time_horizon": 2, "governance": 5, "risk_reward": 1})
    assert group_items(chart.svg, "score-point") == 3
    labels = group_texts(chart.svg, "dimension-label")
    assert len(labels) == 8
    assert "Objective alignment (not scored)" in labels
    assert ("Objective alignment", "not scored", "—") in chart.table
    assert "Not scored: objective alignment, resource commitment" in chart.summary


def test_no_scored_dimension_draws_nothing():
    assert profile_radar({}) is None
    assert profile_radar(PartnershipSnapshot(name="Bare")) is None


def test_a_time_horizon_derived_from_the_term_is_drawn_and_marked():
    snapshot, _ = example("cloud-cosell-alliance")
    profile = tuple((d, s) for d, s in snapshot.profile if d is not Dimension.TIME_HORIZON)
    snapshot = dataclasses.replace(snapshot, profile=profile)
    classification = classify(snapshot, default_playbook().classification)
    assert classification.derived_time_horizon is not None
    chart = profile_radar(snapshot, classification)
    assert group_items(chart.svg, "score-point") == 8
    assert "from a planned term of" in chart.table[0][1]
    assert f"classification score {round(classification.score, 2):g}" in chart.summary


def test_a_snapshot_and_its_profile_as_a_mapping_draw_the_same_chart():
    snapshot, _ = example("system-integration-project")
    by_code = {d.value: s for d, s in snapshot.profile}
    assert profile_radar(snapshot).svg == profile_radar(by_code).svg
