"""The portfolio map of a large portfolio: partnerships counted per cell, not drawn one by one.

Beyond a few hundred marks a scatter stops telling anything (the marks pile up) and its
SVG grows with the portfolio. Here the same axes (classification score against health)
hold a grid of cells shaded by how many partnerships fall in each, so the chart stays the
same size whatever the count. The table under it is a page of the partnerships, supplied
by the caller; the words say where the portfolio gathers and where it is weak.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partnerfolio.charts import theme
from partnerfolio.charts.chart import Chart, make_chart
from partnerfolio.charts.portfolio import MAP_HEIGHT
from partnerfolio.charts.text import number, plural
from partnerfolio.charts.zones import map_axes, zone_layers

LIGHT = "#deebf7"  # the emptiest cell that holds anyone; ACCENT the fullest
WEAK_HEALTH = 40  # "weak" in the words under the chart: health below this


def portfolio_density(
    cells: Sequence[tuple[float, int, int]],
    *,
    score_step: float,
    health_step: int,
    unplaced: int,
    columns: Sequence[str],
    table: Sequence[Sequence[str]],
    tactical_max: float = 2.5,
    strategic_min: float = 3.5,
) -> Chart | None:
    """Cells (lowest score, lowest health, partnerships) shaded by their count.

    `table` (under `columns`) is what the data table shows: a page of partnerships.
    None when no partnership can be placed.
    """
    filled = [(s, h, n) for s, h, n in cells if n > 0]
    if not filled:
        return None
    placed = sum(n for _s, _h, n in filled)
    values = [
        {
            "score": s,
            "score2": min(s + score_step, 5),
            "health": h,
            "health2": min(h + health_step, 100),
            "count": n,
            "tip": f"Classification score {number(s, 1)}–{number(min(s + score_step, 5), 1)}, "
            f"health {h}–{min(h + health_step, 100)}: {plural(n, 'partnership')}",
        }
        for s, h, n in filled
    ]
    return make_chart(
        "Portfolio map: classification against health",
        _spec(values, tactical_max, strategic_min),
        _summary(filled, placed, unplaced, score_step, health_step),
        tuple(columns),
        table,
    )


def _summary(
    filled: Sequence[tuple[float, int, int]],
    placed: int,
    unplaced: int,
    score_step: float,
    health_step: int,
) -> str:
    text = f"{plural(placed, 'partnership')} placed"
    if unplaced:
        text += f" ({unplaced} more without a classification score or health)"
    text += (
        f", counted in cells of {number(score_step, 1)} classification points by "
        f"{health_step} health points."
    )
    s, h, n = max(filled, key=lambda cell: (cell[2], -cell[1], cell[0]))
    weak = sum(count for _s, low, count in filled if low + health_step <= WEAK_HEALTH)
    return (
        f"{text} Most gather at classification score {number(s, 1)}–"
        f"{number(min(s + score_step, 5), 1)} and health {h}–{min(h + health_step, 100)} "
        f"({n}); {plural(weak, 'partnership')} below health {WEAK_HEALTH}."
    )


def _spec(
    values: list[dict[str, Any]], tactical_max: float, strategic_min: float
) -> dict[str, Any]:
    most = max(v["count"] for v in values)
    tip = {"field": "tip", "type": "nominal"}
    x, y = map_axes()
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": theme.WIDE_WIDTH,
        "height": MAP_HEIGHT,
        "config": theme.vegalite_config(),
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 1},
                "encoding": {
                    "x": x,
                    "x2": {"field": "score2"},
                    "y": y,
                    "y2": {"field": "health2"},
                    "color": {
                        "field": "count",
                        "type": "quantitative",
                        "scale": {"domain": [0, most], "range": [LIGHT, theme.ACCENT]},
                        "legend": {"title": "Partnerships"},
                    },
                    "tooltip": tip,
                    "description": tip,
                },
            },
            *zone_layers(tactical_max, strategic_min),
        ],
    }
