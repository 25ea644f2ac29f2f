"""Every bundled example renders all its charts, safe to show together on one page."""

from __future__ import annotations

import time
from collections import Counter

from partnerfolio.charts import partnership_charts
from tests.charts.svgtools import ids, parse, references, root


def test_an_example_renders_its_radar_surveys_and_one_trend_per_metric(assessed_example):
    snapshot, assessment = assessed_example
    page = partnership_charts(snapshot, assessment)
    assert page.radar is not None
    assert page.survey_sides is not None
    assert page.survey_trend is not None
    drawable = [m for m in assessment.scorecard.metrics if m.observations]
    assert len(page.metrics) == len(drawable)
    for chart in page.all():
        assert chart.summary
        assert chart.table
        assert all(len(row) == len(chart.columns) for row in chart.table)


def test_the_charts_of_one_page_are_safe_and_never_clash(assessed_example):
    page = partnership_charts(*assessed_example)
    every_id = Counter(i for chart in page.all() for i in ids(chart.svg))
    assert all(count == 1 for count in every_id.values())
    for chart in page.all():
        parse(chart.svg)
        assert "<script" not in chart.svg.lower()
        assert set(references(chart.svg)) <= set(ids(chart.svg))
        attributes = root(chart.svg)
        assert attributes["role"] == "img"
        assert attributes["aria-label"] == chart.title
        assert chart.width > 0
        assert chart.height > 0


def test_a_page_shown_again_costs_next_to_nothing(assessed_example):
    partnership_charts(*assessed_example)
    started = time.perf_counter()
    partnership_charts(*assessed_example)
    assert time.perf_counter() - started < 0.1
