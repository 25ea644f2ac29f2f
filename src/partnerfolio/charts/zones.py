"""The portfolio map's frame (its axes) and background (the zones), shared by the map of
points and the counted map."""

from __future__ import annotations

from typing import Any

from partnerfolio.charts import theme


def zone_layers(tactical_max: float, strategic_min: float) -> list[dict[str, Any]]:
    """The map's background: the two thresholds of the classification score, dashed, and
    the names of the three zones between them (the points map and the counted map)."""
    zones = [
        {"zone": "tactical", "at": (1 + tactical_max) / 2},
        {"zone": "hybrid", "at": (tactical_max + strategic_min) / 2},
        {"zone": "strategic", "at": (strategic_min + 5) / 2},
    ]
    return [
        {
            "data": {"values": [{"at": tactical_max}, {"at": strategic_min}]},
            "mark": {"type": "rule", "strokeDash": [4, 4], "color": theme.DOMAIN, "aria": False},
            "encoding": {"x": {"field": "at", "type": "quantitative"}},
        },
        {
            "data": {"values": zones},
            "mark": {
                "type": "text",
                "baseline": "bottom",
                "dy": -4,
                "color": theme.MUTED,
                "fontSize": theme.SMALL_FONT_SIZE,
                "fontStyle": "italic",
                "aria": False,
            },
            "encoding": {
                "x": {"field": "at", "type": "quantitative"},
                "y": {"datum": 0, "type": "quantitative"},
                "text": {"field": "zone"},
            },
        },
    ]


def map_axes() -> tuple[dict[str, Any], dict[str, Any]]:
    """The encodings of the map's x (classification score) and y (health)."""
    x = {
        "field": "score",
        "type": "quantitative",
        "scale": {"domain": [1, 5]},
        "axis": {
            "values": [1, 2, 3, 4, 5],
            "title": "Classification score (1 tactical – 5 strategic)",
        },
    }
    y = {
        "field": "health",
        "type": "quantitative",
        "scale": {"domain": [0, 100]},
        "axis": {"values": [0, 25, 50, 75, 100], "title": "Health"},
    }
    return x, y
