"""One small line chart per metric: its observations over time against its target."""

from __future__ import annotations

from typing import Any

from partnerfolio.charts import theme
from partnerfolio.charts.chart import Chart, finite, make_chart
from partnerfolio.charts.text import day, name, percent, plural, with_unit
from partnerfolio.domain.enums import Direction
from partnerfolio.domain.scorecard import MetricLine, attainment
from partnerfolio.domain.snapshot import Observation


def metric_title(line: MetricLine) -> str:
    """ "Revenue growth — lagging indicator"."""
    kind = "leading" if line.leading else "lagging"
    return f"{line.name or name(line.key)} — {kind} indicator"


def metric_trend(line: MetricLine) -> Chart | None:
    """The metric's observations as a line with points, the target as a dashed rule.

    None when the metric has no observation to draw.
    """
    points = [o for o in line.observations if finite(o.value)]
    if not points:
        return None
    title = metric_title(line)
    target = line.target if finite(line.target) else None
    values = []
    table = []
    for observation in points:
        shown = with_unit(observation.value, line.unit)
        reached = None
        if target is not None:
            reached = attainment(observation.value, target, line.direction)
        tip = f"{day(observation.on)}: {shown}"
        if reached is not None:
            tip += f" ({percent(reached)} of target)"
        values.append({"on": day(observation.on), "value": observation.value, "tip": tip})
        row = (day(observation.on), shown)
        table.append((*row, percent(reached)) if target is not None else row)

    columns = ("Date", "Value") + (("Against target",) if target is not None else ())
    return make_chart(
        title, _spec(line, points, target, values), _summary(line, points, target), columns, table
    )


def _summary(line: MetricLine, points: list[Observation], target: float | None) -> str:
    first, latest = points[0], points[-1]
    kind = "leading" if line.leading else "lagging"
    better = "lower is better" if line.direction is Direction.LOWER else "higher is better"
    text = f"{line.name or name(line.key)}, a {kind} indicator ({better}): "
    if len(points) == 1:
        text += f"1 observation, {with_unit(latest.value, line.unit)} on {day(latest.on)}"
    else:
        text += (
            f"{plural(len(points), 'observation')} from {day(first.on)} to {day(latest.on)}, "
            f"from {with_unit(first.value, line.unit)} to {with_unit(latest.value, line.unit)}"
        )
    if target is not None:
        reached = attainment(latest.value, target, line.direction)
        text += f"; target {with_unit(target, line.unit)}, {percent(reached)} attained"
    else:
        text += "; no target set"
    if line.trend is not None:
        text += f"; trend {line.trend.value}"
    return text + "."


def _spec(
    line: MetricLine, points: list[Observation], target: float | None, values: list[dict[str, Any]]
) -> dict[str, Any]:
    unit = None if (line.unit or "ratio").lower().startswith("ratio") else line.unit
    y_values = [v["value"] for v in values] + ([target] if target is not None else [])
    low, high = min(y_values), max(y_values)
    y_axis: dict[str, Any] = {
        "title": unit,
        "tickCount": 4,
        "format": ".3~s" if max(abs(low), abs(high)) >= 1e4 else ",~f",
    }
    if max(abs(low), abs(high)) >= 1e9:
        y_axis["labelExpr"] = "replace(datum.label, 'G', 'B')"  # billions, not giga
    x_axis = theme.date_axis(points[0].on, points[-1].on)
    y = {
        "field": "value",
        "type": "quantitative",
        "axis": y_axis,
        "scale": {"zero": low >= 0, "nice": True},
    }
    x = {"field": "on", "type": "temporal", "scale": {"type": "utc"}, "title": None, "axis": x_axis}
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "aria": False, "color": theme.ACCENT},
            "encoding": {"x": x, "y": y},
        },
        {
            "mark": {
                "type": "point",
                "filled": True,
                "size": 55,
                "opacity": 1,
                "color": theme.ACCENT,
            },
            "encoding": {
                "x": x,
                "y": y,
                "tooltip": {"field": "tip", "type": "nominal"},
                "description": {"field": "tip", "type": "nominal"},
            },
        },
    ]
    if target is not None:
        layers.append(
            {
                "data": {"values": [{"target": target, "label": "target"}]},
                "layer": [
                    {
                        "mark": {
                            "type": "rule",
                            "color": theme.TARGET,
                            "strokeDash": [5, 4],
                            "strokeWidth": 1.5,
                            "aria": False,
                        },
                        "encoding": {"y": {"field": "target", "type": "quantitative"}},
                    },
                    {
                        "mark": {
                            "type": "text",
                            "align": "right",
                            "baseline": "bottom",
                            "dy": -3,
                            "x": "width",
                            "color": theme.TARGET,
                            "fontSize": theme.SMALL_FONT_SIZE,
                            "aria": False,
                        },
                        "encoding": {
                            "y": {"field": "target", "type": "quantitative"},
                            "text": {"value": f"target {with_unit(target, line.unit)}"},
                        },
                    },
                ],
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": theme.SMALL_WIDTH,
        "height": theme.SMALL_HEIGHT,
        "config": theme.vegalite_config(),
        "data": {"values": values},
        "layer": layers,
    }
