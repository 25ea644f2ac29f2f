"""The portfolio's charts: the map of classification against health, health bands, composition."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from partnerfolio.charts import theme
from partnerfolio.charts.chart import Chart, finite, make_chart
from partnerfolio.charts.render import safe_link
from partnerfolio.charts.text import MISSING, listed, lower_name, name, number, percent, plural
from partnerfolio.charts.zones import map_axes, zone_layers
from partnerfolio.domain.enums import Category, PartnershipType, Stage

NOT_SET = "not set"
SHAPES = {"strategic": "circle", "hybrid": "diamond", "tactical": "square", "unknown": "triangle"}
HEALTH_BANDS = ("0–20", "20–40", "40–60", "60–80", "80–100")
NO_DATA = "no data"
LABELLED_POINTS = 12  # name the points beside them up to this many
MAP_HEIGHT = 220
ORDERS: dict[str, tuple[str, ...]] = {
    "type": (*(t.value for t in PartnershipType), "unknown"),
    "category": tuple(c.value for c in Category),
    "stage": tuple(s.value for s in Stage),
}


@dataclass(frozen=True, slots=True)
class PortfolioPoint:
    """One partnership on the portfolio map."""

    name: str
    type: str | None  # strategic, tactical, hybrid or unknown (declared, else classified)
    classification_score: float | None  # 1–5
    health: float | None  # 0–100
    url: str | None = None  # its page: a same-site path or an http(s) URL


MAP_COLUMNS = ("Partnership", "Type", "Classification score (1–5)", "Health (0–100)")


def map_table(points: Iterable[PortfolioPoint]) -> list[tuple[str, str, str, str]]:
    """The map's data table: one row per partnership, placed or not (MAP_COLUMNS)."""
    return [
        (
            p.name,
            _type(p.type) if p.type else NOT_SET,
            number(p.classification_score) if finite(p.classification_score) else MISSING,
            number(p.health, 0) if finite(p.health) else MISSING,
        )
        for p in points
    ]


def portfolio_map(
    points: Iterable[PortfolioPoint],
    tactical_max: float = 2.5,
    strategic_min: float = 3.5,
    table: Iterable[PortfolioPoint] | None = None,
) -> Chart | None:
    """Classification score (x, 1–5) against health (y, 0–100), one mark per partnership.

    Colour and shape tell the type; a mark links to the partnership's page. Partnerships
    without a score or a health are listed in the table only; `table`, when given, is the
    part of them the table shows (a page). None when none can be placed.
    """
    everyone = list(points)
    placed = [p for p in everyone if finite(p.classification_score) and finite(p.health) and p.name]
    if not placed:
        return None
    values = []
    for point in placed:
        kind = _type(point.type)
        score, health = float(point.classification_score or 0), float(point.health or 0)
        row: dict[str, Any] = {
            "name": point.name,
            "short": point.name if len(point.name) <= 18 else point.name[:17] + "…",
            "type": kind,
            "score": round(score, 3),
            "health": round(health, 1),
            "tip": f"{point.name}: {kind}, classification score {number(score)}, "
            f"health {number(health, 0)}",
        }
        link = safe_link(point.url)
        if link is not None:
            row["href"] = link
        values.append(row)
    return make_chart(
        "Portfolio map: classification against health",
        _map_spec(values, tactical_max, strategic_min),
        _map_summary(everyone, placed),
        MAP_COLUMNS,
        map_table(everyone if table is None else table),
    )


def health_distribution(healths: Iterable[float | None]) -> Chart | None:
    """Partnerships per health band (0–20 … 80–100, each band holding its lower bound), plus
    "no data". None when there is no partnership."""
    counts = dict.fromkeys((*HEALTH_BANDS, NO_DATA), 0)
    for health in healths:
        counts[_band(health)] += 1
    return health_bands(counts)


def health_bands(counts: Mapping[str, int]) -> Chart | None:
    """`health_distribution` of counts already made per band (HEALTH_BANDS and NO_DATA)."""
    counts = {band: int(counts.get(band, 0)) for band in (*HEALTH_BANDS, NO_DATA)}
    total = sum(counts.values())
    if total == 0:
        return None
    values = [
        {"band": band, "count": count, "tip": f"Health {band}: {plural(count, 'partnership')}"}
        for band, count in counts.items()
    ]
    shown = ", ".join(f"{band}: {count}" for band, count in counts.items())
    summary = f"{plural(total, 'partnership')} by health band (0–100): {shown}."
    table = [(band, str(count), percent(count / total)) for band, count in counts.items()]
    return make_chart(
        "Partnerships by health",
        _health_spec(values),
        summary,
        ("Health band", "Partnerships", "Share"),
        table,
    )


def composition(counts: Mapping[str | None, int], by: str) -> Chart | None:
    """Bars of partnerships per type, category or stage (`by`).

    `counts` keys are codes ("public_private") or their labels ("public private"); None or
    "" counts as "not set". Known values keep the framework's order. None when no
    partnership is counted.
    """
    by_code = str(by).strip().lower().replace(" ", "_")
    order = ORDERS.get(by_code, ())
    known = {code: code for code in order} | {lower_name(code): code for code in order}
    merged: dict[str, int] = {}
    for key, count in counts.items():
        text = str(key).strip() if key is not None else ""
        code = known.get(text, known.get(text.lower(), text)) if text else NOT_SET
        merged[code] = merged.get(code, 0) + max(int(count), 0)
    total = sum(merged.values())
    if total == 0:
        return None
    rank = {code: i for i, code in enumerate(order)}
    keys = sorted(
        merged, key=lambda k: (k == NOT_SET, rank.get(k, len(rank)), -merged[k], k.lower())
    )
    noun = lower_name(by_code)
    values = [
        {
            "key": name(k),
            "count": merged[k],
            "colour": _composition_colour(by_code, k),
            "tip": f"{name(k)}: {plural(merged[k], 'partnership')}",
        }
        for k in keys
    ]
    shown = [f"{lower_name(k)} {merged[k]}" for k in keys if merged[k]]
    summary = f"{plural(total, 'partnership')} by {noun}: {listed(shown)}."
    table = [(name(k), str(merged[k]), percent(merged[k] / total)) for k in keys]
    return make_chart(
        f"Partnerships by {noun}",
        _composition_spec(values),
        summary,
        (name(by_code), "Partnerships", "Share"),
        table,
    )


def _type(kind: str | None) -> str:
    text = kind.value if isinstance(kind, StrEnum) else str(kind or "").strip().lower()
    return text if text in theme.TYPE_COLOURS else "unknown"


def _band(health: float | None) -> str:
    if health is None or not math.isfinite(health):
        return NO_DATA
    index = min(max(int(health // 20), 0), len(HEALTH_BANDS) - 1)
    return HEALTH_BANDS[index]


def _composition_colour(by: str, key: str) -> str:
    if key == NOT_SET:
        return theme.NEUTRAL
    if by == "type":
        return theme.TYPE_COLOURS.get(key, theme.NEUTRAL)
    return theme.ACCENT


def _map_summary(everyone: list[PortfolioPoint], placed: list[PortfolioPoint]) -> str:
    text = f"{plural(len(placed), 'partnership')} placed"
    if len(placed) < len(everyone):
        text += f" ({len(everyone) - len(placed)} more without a classification score or health)"
    by_type: dict[str, int] = {}
    for point in placed:
        by_type[_type(point.type)] = by_type.get(_type(point.type), 0) + 1
    text += ": " + listed([f"{n} {kind}" for kind, n in by_type.items()]) + "."
    scores = [float(p.classification_score or 0) for p in placed]
    weakest = min(placed, key=lambda p: float(p.health or 0))
    return (
        text
        + f" Classification scores from {number(min(scores))} to {number(max(scores))}; "
        + f"lowest health: {weakest.name} ({number(weakest.health, 0)})."
    )


def _place_labels(values: list[dict[str, Any]]) -> None:
    """Name each point on its right, else its left, else not at all, so names never overlap."""
    width, height, char, line = theme.WIDE_WIDTH, MAP_HEIGHT, 6.2, 13

    def at(row: dict[str, Any]) -> tuple[float, float]:
        return ((row["score"] - 1) / 4 * width, (1 - row["health"] / 100) * height)

    taken = [(x - 5, y - 5, x + 5, y + 5) for x, y in map(at, values)]  # the points
    for row in sorted(values, key=lambda r: (-r["health"], r["score"])):
        x, y = at(row)
        size = char * len(row["short"])
        row["side"] = "none"
        for side, left in (("right", x + 7), ("left", x - 7 - size)):
            box = (left, y - line / 2, left + size, y + line / 2)
            if box[0] >= -8 and box[2] <= width + 60 and not any(_overlap(box, t) for t in taken):
                row["side"] = side
                taken.append(box)
                break


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _map_spec(
    values: list[dict[str, Any]], tactical_max: float, strategic_min: float
) -> dict[str, Any]:
    present = [kind for kind in theme.TYPE_COLOURS if any(v["type"] == kind for v in values)]
    x, y = map_axes()
    tip = {"field": "tip", "type": "nominal"}
    encoding: dict[str, Any] = {
        "x": x,
        "y": y,
        "color": {
            "field": "type",
            "type": "nominal",
            "scale": {"domain": present, "range": [theme.TYPE_COLOURS[k] for k in present]},
            "legend": {"title": None},
        },
        "shape": {
            "field": "type",
            "type": "nominal",
            "scale": {"domain": present, "range": [SHAPES[k] for k in present]},
            "legend": {"title": None},
        },
        "tooltip": tip,
        "description": tip,
    }
    if any("href" in v for v in values):
        encoding["href"] = {"field": "href", "type": "nominal"}
    layers: list[dict[str, Any]] = [
        *zone_layers(tactical_max, strategic_min),
        {
            "mark": {"type": "point", "filled": True, "size": 80, "opacity": 0.9},
            "encoding": encoding,
        },
    ]
    if len(values) <= LABELLED_POINTS:
        _place_labels(values)
        for side, align, dx in (("right", "left", 7), ("left", "right", -7)):
            layers.append(
                {
                    "transform": [{"filter": f"datum.side === '{side}'"}],
                    "mark": {
                        "type": "text",
                        "align": align,
                        "dx": dx,
                        "fontSize": theme.SMALL_FONT_SIZE,
                        "aria": False,
                    },
                    "encoding": {"x": x, "y": y, "text": {"field": "short"}},
                }
            )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": theme.WIDE_WIDTH,
        "height": MAP_HEIGHT,
        "config": theme.vegalite_config(),
        "data": {"values": values},
        "layer": layers,
    }


def _count_axis(most: int) -> dict[str, Any]:
    """A count axis with whole-number ticks only, about five of them."""
    step = max(1, math.ceil(most / 5))
    top = max(step, math.ceil(most / step) * step)
    return {
        "field": "count",
        "type": "quantitative",
        "title": "Partnerships",
        "scale": {"domain": [0, top]},
        "axis": {"values": list(range(0, top + 1, step)), "format": "d"},
    }


def _health_spec(values: list[dict[str, Any]]) -> dict[str, Any]:
    bands = [v["band"] for v in values]
    tip = {"field": "tip", "type": "nominal"}
    x = {
        "field": "band",
        "type": "nominal",
        "sort": bands,
        "title": "Health",
        "axis": {"labelAngle": 0},
    }
    y = _count_axis(max(v["count"] for v in values))
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": theme.SMALL_WIDTH,
        "height": 160,
        "config": theme.vegalite_config(),
        "data": {"values": values},
        "encoding": {"x": x, "y": y},
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 2},
                "encoding": {
                    "color": {
                        "field": "band",
                        "type": "nominal",
                        "scale": {"domain": bands, "range": [*theme.BAND_COLOURS, theme.NEUTRAL]},
                        "legend": None,
                    },
                    "tooltip": tip,
                    "description": tip,
                },
            },
            {
                "mark": {"type": "text", "baseline": "bottom", "dy": -2, "aria": False},
                "encoding": {"text": {"field": "count", "type": "quantitative"}},
            },
        ],
    }


def _composition_spec(values: list[dict[str, Any]]) -> dict[str, Any]:
    keys = [v["key"] for v in values]
    tip = {"field": "tip", "type": "nominal"}
    x = _count_axis(max(v["count"] for v in values))
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": theme.SMALL_WIDTH - 80,
        "height": {"step": theme.BAR_STEP},
        "config": theme.vegalite_config(),
        "data": {"values": values},
        "encoding": {"y": {"field": "key", "type": "nominal", "sort": keys, "title": None}, "x": x},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "color": {"field": "colour", "type": "nominal", "scale": None, "legend": None},
                    "tooltip": tip,
                    "description": tip,
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 3, "aria": False},
                "encoding": {"text": {"field": "count", "type": "quantitative"}},
            },
        ],
    }
