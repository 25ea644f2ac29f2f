"""The rendered SVG is safe, labelled, scalable and embeddable many times on one page."""

from __future__ import annotations

import time

import pytest
import vl_convert
from django.core.cache import cache

from partnerfolio import charts
from partnerfolio.charts.chart import make_chart
from partnerfolio.charts.render import finish_svg, safe_link
from tests.charts.svgtools import ids, parse, references, root

RAW = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'class="marks" width="120" height="60" viewBox="0 0 120 60">'
    '<script>alert(1)</script><defs><clipPath id="clip1"><rect/></clipPath>'
    '<linearGradient id="gradient_0"/></defs>'
    '<g clip-path="url(#clip1)" onclick="steal()">'
    '<a xlink:href="javascript:alert(1)"><path aria-label="A &amp; B" d="M0,0"/></a>'
    '<a xlink:href="https://link.partnerfolio.invalid/partnerships/7/"><path d="M1,1"/></a>'
    '<path fill="url(#gradient_0)" d="M2,2"/><use href="#clip1"/></g></svg>'
)


def clipped_spec(colour: str) -> dict:
    """A Vega-Lite spec whose SVG has a clip path and a gradient, so it carries ids."""
    return {
        "data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 5}]},
        "mark": {
            "type": "area",
            "clip": True,
            "color": {
                "gradient": "linear",
                "stops": [{"offset": 0, "color": "white"}, {"offset": 1, "color": colour}],
            },
        },
        "encoding": {
            "x": {"field": "x", "type": "quantitative", "scale": {"domain": [1, 1.5]}},
            "y": {"field": "y", "type": "quantitative"},
        },
        "width": 100,
        "height": 50,
    }


def test_scripts_event_handlers_and_foreign_links_are_removed():
    svg = finish_svg(RAW, "pftoken", "A chart")
    assert "<script" not in svg
    assert "onclick" not in svg
    assert "javascript:" not in svg
    assert 'xlink:href="/partnerships/7/"' in svg


def test_every_id_is_prefixed_with_the_token_and_every_reference_follows():
    svg = finish_svg(RAW, "pftoken", "A chart")
    assert set(ids(svg)) == {"pftoken-clip1", "pftoken-gradient_0"}
    assert sorted(references(svg)) == ["pftoken-clip1", "pftoken-clip1", "pftoken-gradient_0"]


def test_the_root_is_a_labelled_image_that_scales_by_its_viewbox():
    attributes = root(finish_svg(RAW, "pftoken", 'Trust & "gaps"'))
    assert attributes["role"] == "img"
    assert attributes["aria-label"] == 'Trust & "gaps"'
    assert attributes["viewBox"] == "0 0 120 60"
    assert "width" not in attributes
    assert "height" not in attributes


def test_a_described_mark_gets_its_description_as_a_hover_title():
    svg = finish_svg(RAW, "pftoken", "A chart")
    assert '<path aria-label="A &amp; B" d="M0,0"><title>A &amp; B</title></path>' in svg


def test_links_leave_the_site_never():
    assert safe_link("/partnerships/7/") == "https://link.partnerfolio.invalid/partnerships/7/"
    for url in ("javascript:alert(1)", "//evil.example/x", "https://evil.example/", "", None):
        assert safe_link(url) is None


def test_two_charts_on_one_page_share_no_id_and_resolve_their_own_references():
    first = make_chart("First", clipped_spec("#0072b2"), "s", ("a",), ())
    second = make_chart("Second", clipped_spec("#c75300"), "s", ("a",), ())
    assert ids(first.svg)
    assert ids(second.svg)
    assert not set(ids(first.svg)) & set(ids(second.svg))
    for chart in (first, second):
        assert set(references(chart.svg)) <= set(ids(chart.svg))
        assert all(i.startswith(chart.token + "-") for i in ids(chart.svg))


def test_the_same_spec_renders_once_and_then_comes_from_the_cache():
    spec = clipped_spec("#008a64")
    make_chart("Cached", spec, "s", ("a",), ())
    hits = charts.cache_info().hits
    started = time.perf_counter()
    again = make_chart("Cached", spec, "s", ("a",), ())
    assert time.perf_counter() - started < 0.05
    assert charts.cache_info().hits == hits + 1
    parse(again.svg)  # still well-formed XML


def test_warm_up_renders_without_error():
    charts.warm_up()


class DictStore:
    def __init__(self):
        self.data = {}

    def get(self, key, default=None):
        return self.data.get(key, default)

    def set(self, key, value):
        self.data[key] = value


class BrokenStore:
    def get(self, key, default=None):
        raise ConnectionError("cache is down")

    def set(self, key, value):
        raise ConnectionError("cache is down")


@pytest.fixture
def store():
    shared = DictStore()
    charts.use_store(shared)
    yield shared
    charts.use_store(cache)


def test_a_shared_store_serves_what_another_process_rendered(store, monkeypatch):
    first = make_chart("Shared", clipped_spec("#112233"), "s", ("a",), ())
    assert len(store.data) == 1
    charts.cache_clear()  # as a fresh worker would be
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", fail_to_render)
    again = make_chart("Shared", clipped_spec("#112233"), "s", ("a",), ())
    assert again.svg == first.svg


def test_charts_are_shared_through_the_configured_cache(monkeypatch):
    """By default the store is Django's cache (Redis in a team installation): a chart one
    process rendered is served to another without rendering it again."""
    cache.clear()
    first = make_chart("Cached", clipped_spec("#778899"), "s", ("a",), ())
    charts.cache_clear()  # as another process would be
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", fail_to_render)
    again = make_chart("Cached", clipped_spec("#778899"), "s", ("a",), ())
    assert again.svg == first.svg


def test_a_shared_store_that_is_down_costs_a_render_not_the_page():
    charts.use_store(BrokenStore())
    try:
        chart = make_chart("Unshared", clipped_spec("#445566"), "s", ("a",), ())
    finally:
        charts.use_store(cache)
    assert chart.svg.startswith("<svg ")


def fail_to_render(*args, **kwargs):
    raise AssertionError("rendered again instead of reading the store")
