"""The portfolio's charts: the map, the health bands and the composition bars."""

from __future__ import annotations

import re

from partnerfolio.charts import PortfolioPoint, composition, health_distribution, portfolio_map
from partnerfolio.domain.enums import PartnershipType
from tests.charts.svgtools import marks

POINTS = [
    PortfolioPoint("Stratus", "strategic", 3.9, 88.0, "/partnerships/1/"),
    PortfolioPoint("Keystone", "tactical", 1.8, 95.0, "/partnerships/2/"),
    PortfolioPoint("DocAssist", PartnershipType.HYBRID, 2.9, 61.0, "/partnerships/3/"),
    PortfolioPoint("Corvid", "strategic", 4.1, 35.5, "/partnerships/4/"),
    PortfolioPoint("Newcomer", None, None, None, "/partnerships/5/"),
]


def test_the_map_draws_one_point_per_partnership_with_a_score_and_a_health():
    chart = portfolio_map(POINTS)
    assert marks(chart.svg, "point") == 4


def test_each_point_links_to_its_partnership_and_names_it_on_hover():
    svg = portfolio_map(POINTS).svg
    links = re.findall(r'xlink:href="([^"]+)"', svg)
    assert sorted(links) == [f"/partnerships/{n}/" for n in (1, 2, 3, 4)]
    assert "<title>Corvid: strategic, classification score 4.1, health 36</title>" in svg


def test_a_link_off_the_site_is_dropped():
    points = [PortfolioPoint("Evil", "tactical", 2.0, 50.0, "javascript:alert(1)")]
    svg = portfolio_map(points).svg
    assert "javascript" not in svg
    assert "href=" not in svg


def test_the_table_lists_every_partnership_including_those_not_placed():
    chart = portfolio_map(POINTS)
    assert chart.columns[0] == "Partnership"
    assert len(chart.table) == 5
    assert chart.table[0] == ("Stratus", "strategic", "3.9", "88")
    assert chart.table[-1] == ("Newcomer", "not set", "—", "—")


def test_the_map_summary_counts_the_types_and_names_the_weakest():
    summary = portfolio_map(POINTS).summary
    assert "4 partnerships placed (1 more without a classification score or health)" in summary
    assert "2 strategic" in summary
    assert "lowest health: Corvid (36)" in summary


def test_nothing_to_place_draws_no_map():
    assert portfolio_map([]) is None
    assert portfolio_map([POINTS[-1]]) is None


def test_names_are_escaped_in_the_svg():
    points = [PortfolioPoint("<script>x</script> & co", "tactical", 2.0, 50.0)]
    svg = portfolio_map(points).svg
    assert "<script" not in svg
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co" in svg


def test_health_bands_count_partnerships_and_those_without_data():
    chart = health_distribution([5.0, 19.9, 20.0, 55.0, 80.0, 100.0, None, float("nan")])
    assert [row[:2] for row in chart.table] == [
        ("0–20", "2"),
        ("20–40", "1"),
        ("40–60", "1"),
        ("60–80", "0"),
        ("80–100", "2"),
        ("no data", "2"),
    ]
    assert marks(chart.svg, "bar") == 6
    assert "8 partnerships by health band" in chart.summary
    assert "no data: 2" in chart.summary


def test_no_partnership_draws_no_health_chart():
    assert health_distribution([]) is None


def test_composition_keeps_the_framework_order_and_puts_not_set_last():
    chart = composition({None: 1, "hybrid": 2, "strategic": 4, "tactical": 3}, by="type")
    assert chart.title == "Partnerships by type"
    assert [row[0] for row in chart.table] == ["Strategic", "Tactical", "Hybrid", "Not set"]
    assert chart.table[0] == ("Strategic", "4", "40%")
    assert marks(chart.svg, "bar") == 4
    assert chart.summary == (
        "10 partnerships by type: strategic 4, tactical 3, hybrid 2 and not set 1."
    )


def test_composition_accepts_labels_as_well_as_codes():
    chart = composition({"active": 3, "due diligence": 1, "Proposed": 2}, by="stage")
    assert [row[0] for row in chart.table] == ["Proposed", "Due diligence", "Active"]


def test_an_empty_composition_draws_nothing():
    assert composition({}, by="category") is None
    assert composition({"commercial": 0}, by="category") is None
