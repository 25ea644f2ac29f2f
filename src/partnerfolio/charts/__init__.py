"""Charts for the web pages and the reports, rendered to inline SVG on the server.

Every function takes domain objects (never Django models) and returns a `Chart` (its
SVG, a summary in words and a table: the same facts three ways), or None when there is
nothing to draw. Specs are Vega-Lite (the radar: Vega) with one theme (`theme`); the
rendered SVG is cached per spec (and, with `use_store(cache)`, shared between workers),
and `warm_up()` starts the renderer at server start.
"""

from partnerfolio.charts.chart import Chart
from partnerfolio.charts.density import portfolio_density
from partnerfolio.charts.metrics import metric_trend
from partnerfolio.charts.pages import partnership_charts
from partnerfolio.charts.portfolio import (
    MAP_COLUMNS,
    PortfolioPoint,
    composition,
    health_bands,
    health_distribution,
    map_table,
    portfolio_map,
)
from partnerfolio.charts.profile import profile_radar
from partnerfolio.charts.render import cache_clear, cache_info, use_store, warm_up
from partnerfolio.charts.surveys import survey_sides, survey_trend

__all__ = [
    "MAP_COLUMNS",
    "Chart",
    "PortfolioPoint",
    "cache_clear",
    "cache_info",
    "composition",
    "health_bands",
    "health_distribution",
    "map_table",
    "metric_trend",
    "partnership_charts",
    "portfolio_density",
    "portfolio_map",
    "profile_radar",
    "survey_sides",
    "survey_trend",
    "use_store",
    "warm_up",
]
