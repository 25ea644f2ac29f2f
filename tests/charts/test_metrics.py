"""A metric's trend: its observations as points on a line, its target as a rule."""

from __future__ import annotations

from datetime import date

from partnerfolio.charts import metric_trend
from partnerfolio.charts.theme import date_axis
from partnerfolio.domain.enums import Direction, MetricCategory, Trend
from partnerfolio.domain.scorecard import MetricLine
from partnerfolio.domain.snapshot import Observation
from tests.charts.svgtools import marks


def line(*points: tuple[date, float], target=25.0, direction=Direction.HIGHER, leading=False):
    return MetricLine(
        key="revenue_growth",
        name=None,
        category=MetricCategory.FINANCIAL_IMPACT,
        direction=direction,
        leading=leading,
        unit="%",
        target=target,
        catalog=True,
        observations=tuple(Observation(on, value) for on, value in points),
        attainment=None,
        trend=Trend.IMPROVING if len(points) > 1 else None,
    )


QUARTERS = (
    (date(2025, 12, 31), 10.0),
    (date(2026, 3, 31), 15.0),
    (date(2026, 6, 30), 18.0),
    (date(2026, 9, 30), 20.0),
)


def test_each_observation_is_a_point_and_the_target_a_labelled_rule():
    chart = metric_trend(line(*QUARTERS))
    assert marks(chart.svg, "point") == 4
    assert ">target 25%</text>" in chart.svg


def test_the_title_says_whether_the_metric_leads_or_lags():
    assert metric_trend(line(*QUARTERS)).title == "Revenue growth — lagging indicator"
    assert metric_trend(line(*QUARTERS, leading=True)).title.endswith("— leading indicator")


def test_the_table_gives_every_observation_and_its_attainment():
    chart = metric_trend(line(*QUARTERS))
    assert chart.columns == ("Date", "Value", "Against target")
    assert chart.table[0] == ("2025-12-31", "10%", "40%")
    assert chart.table[-1] == ("2026-09-30", "20%", "80%")


def test_the_summary_carries_the_span_the_latest_value_and_the_target():
    summary = metric_trend(line(*QUARTERS)).summary
    assert "4 observations from 2025-12-31 to 2026-09-30" in summary
    assert "from 10% to 20%" in summary
    assert "target 25%, 80% attained" in summary
    assert "trend improving" in summary


def test_a_lower_is_better_metric_is_measured_the_other_way():
    chart = metric_trend(line((date(2026, 1, 31), 50.0), target=40.0, direction=Direction.LOWER))
    assert chart.table == (("2026-01-31", "50%", "80%"),)
    assert "lower is better" in chart.summary
    assert marks(chart.svg, "point") == 1


def test_a_metric_without_target_has_no_rule_and_no_attainment_column():
    chart = metric_trend(line(*QUARTERS, target=None))
    assert "target" not in chart.svg
    assert chart.columns == ("Date", "Value")
    assert "no target set" in chart.summary


def test_a_metric_without_observations_draws_nothing():
    assert metric_trend(line()) is None
    assert metric_trend(line((date(2026, 1, 1), float("nan")))) is None


def test_date_axes_step_by_months_years_or_days_as_the_span_needs():
    assert date_axis(date(2025, 6, 30), date(2026, 9, 30))["tickCount"] == {
        "interval": "month",
        "step": 6,
    }
    assert date_axis(date(2020, 5, 3), date(2026, 5, 20))["tickCount"] == {
        "interval": "year",
        "step": 2,
    }
    assert date_axis(date(2026, 5, 3), date(2026, 5, 20))["format"] == "%-d %b %Y"
