"""The one look of every chart: font, sizes and colours, spelled once.

Vega-Lite charts carry `vegalite_config()` in their spec; the radar, a plain Vega spec,
takes `vega_config()`, built from the same constants. Colours keep a contrast of at least
3:1 against white where a mark alone carries meaning, and the palette stays apart for the
common colour-vision deficiencies (Okabe–Ito hues).
"""

from __future__ import annotations

from datetime import date
from typing import Any

# Arial's metrics (Liberation Sans on Linux): the renderer measures labels with the font the
# browser then draws them in, so right-aligned axis labels are not clipped.
FONT = "Arial, 'Liberation Sans', 'Helvetica Neue', Helvetica, sans-serif"
FONT_SIZE = 12  # labels, axis titles, value labels
SMALL_FONT_SIZE = 11  # secondary marks: ring levels, target labels

INK = "#1f2933"  # text and lines that carry data without a colour meaning
MUTED = "#52606d"  # axis titles, secondary text (7:1 on white)
GRID = "#e4e7eb"
DOMAIN = "#9aa5b1"
NEUTRAL = "#6b7280"  # "unknown", "not set", "no data"
ACCENT = "#0072b2"  # a single series (metric line, profile polygon)
TARGET = "#b42318"  # the target rule of a metric

TYPE_COLOURS: dict[str, str] = {
    "strategic": "#0072b2",
    "hybrid": "#008a64",
    "tactical": "#c75300",
    "unknown": NEUTRAL,
}
SIDE_COLOURS: dict[str, str] = {"ours": "#0072b2", "partner": "#b86e00"}
SIDE_LABELS: dict[str, str] = {"ours": "Our side", "partner": "Partner side"}
# Health bands from weak to strong, then "no data".
BAND_COLOURS: tuple[str, ...] = ("#b42318", "#c75300", "#a16b00", "#4d8a2a", "#1b7837")

# Natural sizes (px) of the plotting areas: the SVG scales to its container by its
# viewBox, and these keep the text readable at phone width (about 360 px).
SMALL_WIDTH = 300
SMALL_HEIGHT = 140
WIDE_WIDTH = 300
BAR_STEP = 26  # height of one band in horizontal bar charts
BAR_THICKNESS = 13  # one bar of a group
RADAR_RADIUS = 100
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)  # between date-axis ticks


def vegalite_config() -> dict[str, Any]:
    """The Vega-Lite `config` of every chart but the radar."""
    return {
        "background": "transparent",
        "font": FONT,
        "padding": 4,
        "view": {"stroke": None},
        "title": {
            "font": FONT,
            "fontSize": FONT_SIZE + 2,
            "fontWeight": 600,
            "color": INK,
            "anchor": "start",
            "subtitleColor": MUTED,
            "subtitleFontSize": FONT_SIZE,
        },
        "axis": {
            "labelFont": FONT,
            "labelFontSize": FONT_SIZE,
            "labelColor": INK,
            "titleFont": FONT,
            "titleFontSize": FONT_SIZE,
            "titleFontWeight": "normal",
            "titleColor": MUTED,
            "gridColor": GRID,
            "domainColor": DOMAIN,
            "tickColor": DOMAIN,
        },
        "legend": {
            "orient": "bottom",
            "direction": "horizontal",
            "labelFont": FONT,
            "labelFontSize": FONT_SIZE,
            "labelColor": INK,
            "titleFont": FONT,
            "titleFontSize": FONT_SIZE,
            "titleFontWeight": "normal",
            "titleColor": MUTED,
            "symbolStrokeWidth": 2,
        },
        "text": {"font": FONT, "fontSize": FONT_SIZE, "fill": INK},
        "line": {"strokeWidth": 2, "color": ACCENT},
        "point": {"size": 50, "filled": True, "color": ACCENT},
        "bar": {"color": ACCENT, "cornerRadiusEnd": 2},
        "rule": {"color": DOMAIN},
        "range": {"category": list(TYPE_COLOURS.values())},
    }


def vega_config() -> dict[str, Any]:
    """The Vega `config` of the radar: the same font, sizes and colours."""
    return {
        "background": "transparent",
        "padding": 4,
        "text": {"font": FONT, "fontSize": FONT_SIZE, "fill": INK},
        "title": {
            "font": FONT,
            "fontSize": FONT_SIZE + 2,
            "fontWeight": 600,
            "color": INK,
            "anchor": "start",
        },
    }


def type_scale() -> dict[str, Any]:
    """A colour scale fixed to the partnership types, so a type has one colour everywhere."""
    return {"domain": list(TYPE_COLOURS), "range": list(TYPE_COLOURS.values())}


def side_scale() -> dict[str, Any]:
    return {
        "domain": [SIDE_LABELS[s] for s in SIDE_COLOURS],
        "range": list(SIDE_COLOURS.values()),
    }


def date_axis(first: date, last: date, ticks: float = 3.5) -> dict[str, Any]:
    """A date axis of about `ticks` labels at most, in monthly steps: readable at phone width."""
    months = (last.year - first.year) * 12 + last.month - first.month
    if months < 2:  # a few weeks: days, not months
        return {"format": "%-d %b %Y", "tickCount": 2, "labelOverlap": True, "labelFlush": True}
    step = next((s for s in MONTH_STEPS if months / s <= ticks), MONTH_STEPS[-1])
    return {
        "format": "%b %Y" if step < 12 else "%Y",
        "tickCount": (
            {"interval": "month", "step": step}
            if step < 12
            else {"interval": "year", "step": step // 12}  # months count within a year
        ),
        "labelOverlap": True,
        "labelFlush": True,
    }
