"""The eight-dimension profile as a radar (a Vega spec: Vega-Lite has no polar layout)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from partnerfolio.charts import theme
from partnerfolio.charts.chart import Chart, make_chart
from partnerfolio.charts.text import MISSING, listed, lower_name, name, number, plural
from partnerfolio.charts.text import lines as label_lines
from partnerfolio.domain.classification import Classification
from partnerfolio.domain.enums import DIMENSIONS, ClassifiedType, Dimension
from partnerfolio.domain.snapshot import PartnershipSnapshot

TITLE = "Partnership profile"
LEVELS = (1, 2, 3, 4, 5)
LABEL_GAP = 14  # px between the outer ring and a dimension's name


def profile_radar(
    source: PartnershipSnapshot | Mapping[str, int],
    classification: Classification | None = None,
) -> Chart | None:
    """The profile's eight dimensions on a radar, 1 (tactical) at the centre to 5 (strategic).

    `source` is a snapshot, or a mapping of dimension codes to scores. With the
    assessment's `classification`, a time horizon derived from the planned term is drawn
    (and marked as derived), and the summary gives the classified score and type.
    None when no dimension is scored.
    """
    scores = _scores(source)
    derived: Dimension | None = None
    if (
        classification is not None
        and classification.derived_time_horizon is not None
        and Dimension.TIME_HORIZON not in scores
    ):
        scores[Dimension.TIME_HORIZON] = classification.derived_time_horizon
        derived = Dimension.TIME_HORIZON
    if not scores:
        return None

    rows = []
    table = []
    for index, dimension in enumerate(DIMENSIONS):
        angle = 2 * math.pi * index / len(DIMENSIONS)  # clockwise from the top
        score = scores.get(dimension)
        rows.append(_row(dimension, angle, score, dimension is derived))
        shown = MISSING if score is None else str(score)
        if dimension is derived and classification is not None:
            months = classification.term_months
            shown += f" (from a planned term of {plural(months or 0, 'month')})"
        table.append((name(dimension), shown if score is not None else "not scored", _pole(score)))

    return make_chart(
        TITLE,
        _spec(rows),
        _summary(scores, classification),
        ("Dimension", "Score (1–5)", "Pole"),
        table,
        kind="vega",
    )


def _scores(source: PartnershipSnapshot | Mapping[str, int]) -> dict[Dimension, int]:
    pairs = source.profile if isinstance(source, PartnershipSnapshot) else source.items()
    known = {d.value: d for d in DIMENSIONS}
    scores: dict[Dimension, int] = {}
    for code, score in pairs:
        dimension = known.get(str(code))
        if dimension is not None and score is not None:
            scores[dimension] = int(score)
    return scores


def _pole(score: int | None) -> str:
    if score is None:
        return MISSING
    if score >= 4:
        return "strategic"
    if score <= 2:
        return "tactical"
    return "neutral"


def _row(dimension: Dimension, angle: float, score: int | None, derived: bool) -> dict[str, Any]:
    sin, cos = math.sin(angle), math.cos(angle)
    reach = theme.RADAR_RADIUS + LABEL_GAP
    text = label_lines(name(dimension))
    if score is None:
        text = [*text, "(not scored)"]
    tip = f"{name(dimension)}: " + (
        "not scored" if score is None else f"{score} of 5" + (", from the term" if derived else "")
    )
    return {
        "dimension": dimension.value,
        "label": text,
        "angle": round(angle, 6),
        "score": score,
        "tip": tip,
        "scored": score is not None,
        "lx": round(reach * sin, 2),
        "ly": round(-reach * cos, 2),
        "align": "left" if sin > 0.2 else "right" if sin < -0.2 else "center",
        "baseline": "bottom" if cos > 0.2 else "top" if cos < -0.2 else "middle",
    }


def _summary(scores: dict[Dimension, int], classification: Classification | None) -> str:
    scored = len(scores)
    high = sum(1 for s in scores.values() if s >= 4)
    low = sum(1 for s in scores.values() if s <= 2)
    top, bottom = max(scores.values()), min(scores.values())
    highest = [lower_name(d) for d in DIMENSIONS if scores.get(d) == top]
    lowest = [lower_name(d) for d in DIMENSIONS if scores.get(d) == bottom]
    head = f"{scored} of {len(DIMENSIONS)} dimensions scored"
    if classification is not None and classification.score is not None:
        head += f", classification score {number(classification.score)}"
        if classification.type is not ClassifiedType.UNKNOWN:
            head += f" ({classification.type.value})"
    text = (
        f"{head}: {high} at 4 or 5 (strategic pole), {low} at 1 or 2 (tactical pole); "
        f"highest: {listed(highest)} ({top}); lowest: {listed(lowest)} ({bottom})."
    )
    missing = [lower_name(d) for d in DIMENSIONS if d not in scores]
    if missing:
        text += f" Not scored: {listed(missing)}."
    return text


def _xy(radius: str, angle: str = "datum.angle") -> dict[str, Any]:
    return {
        "x": {"signal": f"({radius}) * sin({angle})"},
        "y": {"signal": f"-({radius}) * cos({angle})"},
    }


def _spec(rows: list[dict[str, Any]]) -> dict[str, Any]:
    radius = theme.RADAR_RADIUS
    step = 2 * math.pi / len(DIMENSIONS)
    grid = [
        {"level": level, "a1": round(i * step, 6), "a2": round((i + 1) * step, 6)}
        for level in LEVELS
        for i in range(len(DIMENSIONS))
    ]
    ring = "scale('r', datum.level)"
    point = "scale('r', datum.score)"
    return {
        "$schema": "https://vega.github.io/schema/vega/v5.json",
        "width": 2 * radius,
        "height": 2 * radius,
        "autosize": "pad",
        "config": theme.vega_config(),
        "data": [
            {"name": "dimensions", "values": rows},
            {
                "name": "scored",
                "source": "dimensions",
                "transform": [{"type": "filter", "expr": "datum.scored"}],
            },
            {"name": "grid", "values": grid},
            {"name": "levels", "values": [{"level": level} for level in LEVELS]},
        ],
        "scales": [
            {"name": "r", "type": "linear", "domain": [0, 5], "range": [0, radius]},
        ],
        "marks": [
            {
                "type": "group",
                "encode": {"enter": {"x": {"value": radius}, "y": {"value": radius}}},
                "marks": [
                    {
                        "type": "rule",
                        "name": "ring",
                        "from": {"data": "grid"},
                        "aria": False,
                        "encode": {
                            "enter": {
                                **_xy(ring, "datum.a1"),
                                "x2": {"signal": f"{ring} * sin(datum.a2)"},
                                "y2": {"signal": f"-{ring} * cos(datum.a2)"},
                                "stroke": {"value": theme.GRID},
                                "strokeWidth": {"value": 1},
                            }
                        },
                    },
                    {
                        "type": "rule",
                        "name": "spoke",
                        "from": {"data": "dimensions"},
                        "aria": False,
                        "encode": {
                            "enter": {
                                "x": {"value": 0},
                                "y": {"value": 0},
                                "x2": {"signal": f"{radius} * sin(datum.angle)"},
                                "y2": {"signal": f"-{radius} * cos(datum.angle)"},
                                "stroke": {"value": theme.DOMAIN},
                                "strokeWidth": {"value": 1},
                                "strokeDash": [
                                    {"test": "datum.scored", "value": []},
                                    {"value": [3, 3]},
                                ],
                            }
                        },
                    },
                    {
                        "type": "text",
                        "name": "level-label",
                        "from": {"data": "levels"},
                        "aria": False,
                        "encode": {
                            "enter": {
                                # between the first two spokes, clear of the score points
                                **_xy(f"{ring} * {math.cos(step / 2):.6f}", f"{step / 2:.6f}"),
                                "text": {"field": "level"},
                                "align": {"value": "center"},
                                "fontSize": {"value": theme.SMALL_FONT_SIZE - 1},
                                "fill": {"value": theme.MUTED},
                                "baseline": {"value": "middle"},
                            }
                        },
                    },
                    {
                        "type": "line",
                        "name": "profile-shape",
                        "from": {"data": "scored"},
                        "aria": False,
                        "encode": {
                            "enter": {
                                **_xy(point),
                                "interpolate": {"value": "linear-closed"},
                                "stroke": {"value": theme.ACCENT},
                                "strokeWidth": {"value": 2},
                                "fill": {"value": theme.ACCENT},
                                "fillOpacity": {"value": 0.15},
                            }
                        },
                    },
                    {
                        "type": "symbol",
                        "name": "score-point",
                        "from": {"data": "scored"},
                        "encode": {
                            "enter": {
                                **_xy(point),
                                "size": {"value": 180},
                                "fill": {"value": "#ffffff"},
                                "stroke": {"value": theme.ACCENT},
                                "strokeWidth": {"value": 1.5},
                                "description": {"field": "tip"},
                                "tooltip": {"field": "tip"},
                            }
                        },
                    },
                    {
                        "type": "text",
                        "name": "score-label",
                        "from": {"data": "scored"},
                        "aria": False,
                        "encode": {
                            "enter": {
                                **_xy(point),
                                "text": {"field": "score"},
                                "align": {"value": "center"},
                                "baseline": {"value": "middle"},
                                "fontSize": {"value": theme.SMALL_FONT_SIZE},
                                "fontWeight": {"value": "bold"},
                                "fill": {"value": theme.ACCENT},
                            }
                        },
                    },
                    {
                        "type": "text",
                        "name": "dimension-label",
                        "from": {"data": "dimensions"},
                        "aria": False,
                        "encode": {
                            "enter": {
                                "x": {"field": "lx"},
                                "y": {"field": "ly"},
                                "text": {"field": "label"},
                                "align": {"field": "align"},
                                "baseline": {"field": "baseline"},
                                "fontSize": {"value": theme.FONT_SIZE},
                                "lineHeight": {"value": theme.FONT_SIZE + 2},
                                "fill": [
                                    {"test": "datum.scored", "value": theme.INK},
                                    {"value": theme.MUTED},
                                ],
                                "fontStyle": [
                                    {"test": "datum.scored", "value": "normal"},
                                    {"value": "italic"},
                                ],
                            }
                        },
                    },
                ],
            }
        ],
    }
