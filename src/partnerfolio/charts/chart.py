"""The chart a page or a report shows: SVG, plus the same facts in words and as a table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from partnerfolio.charts.render import Kind, render


@dataclass(frozen=True)
class Chart:
    """One rendered chart.

    `svg` is safe to inline (no script, ids unique to this chart, role="img" labelled
    with the title, scalable by its viewBox); `summary` says in a sentence or two what
    the chart shows, for screen readers; `columns` and `table` are its text equivalent.
    `width` and `height` are its natural size in px (for a CSS max-width, or a PDF).
    """

    title: str
    spec: dict[str, Any]
    svg: str
    summary: str
    columns: tuple[str, ...]
    table: tuple[tuple[str, ...], ...]
    width: int = 0
    height: int = 0
    token: str = ""  # unique to the spec: prefixes the SVG's ids; usable as an element id


def make_chart(
    title: str,
    spec: dict[str, Any],
    summary: str,
    columns: Sequence[str],
    table: Sequence[Sequence[str]],
    kind: Kind = "vega-lite",
) -> Chart:
    """Render `spec` (cached) and bundle it with its words and table."""
    spec = {"description": title, **spec}
    rendered = render(spec, kind, title)
    return Chart(
        title=title,
        spec=spec,
        svg=rendered.svg,
        summary=summary,
        columns=tuple(columns),
        table=tuple(tuple(row) for row in table),
        width=rendered.width,
        height=rendered.height,
        token=rendered.token,
    )


def finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)
