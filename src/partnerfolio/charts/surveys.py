"""Two-sided surveys: both sides per question in the latest round, and their means over rounds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partnerfolio.charts import theme
from partnerfolio.charts.chart import Chart, finite, make_chart
from partnerfolio.charts.text import MISSING, day, lower_name, name, number, plural
from partnerfolio.domain.enums import SurveySide
from partnerfolio.domain.timeline import SurveyRound, exact_sum

SIDES = (SurveySide.OURS, SurveySide.PARTNER)
SCORE_TITLE = "Mean score (1–5)"


def survey_sides(rounds: Sequence[SurveyRound]) -> Chart | None:
    """Per question of the latest round, our side's and the partner side's mean, side by side.

    The table gives the gap (ours − partner) per question. None when there is no round
    or the latest round has no score.
    """
    if not rounds:
        return None
    latest = rounds[-1]
    questions = [
        q for q in latest.questions() if any(_score(latest, s, q) is not None for s in SIDES)
    ]
    if not questions:
        return None
    values = []
    table = []
    for question in questions:
        scores = {side: _score(latest, side, question) for side in SIDES}
        for side, score in scores.items():
            if score is not None:
                tip = f"{name(question)}, {theme.SIDE_LABELS[side].lower()}: {number(score, 1)}"
                values.append(
                    {
                        "question": name(question),
                        "side": theme.SIDE_LABELS[side],
                        "score": round(score, 2),
                        "tip": tip,
                    }
                )
        table.append(
            (
                name(question),
                number(scores[SurveySide.OURS]),
                number(scores[SurveySide.PARTNER]),
                _gap(scores[SurveySide.OURS], scores[SurveySide.PARTNER]),
            )
        )
    title = f"Survey round of {day(latest.on)}: both sides"
    return make_chart(
        title,
        _sides_spec(values, [name(q) for q in questions]),
        _sides_summary(latest, questions),
        ("Question", "Our side", "Partner side", "Gap (ours − partner)"),
        table,
    )


def survey_trend(rounds: Sequence[SurveyRound]) -> Chart | None:
    """Each side's mean score (over its questions) per round, as two lines.

    None with fewer than two rounds that have scores: one round is no trend.
    """
    means = [(r, {side: _side_mean(r, side) for side in SIDES}) for r in rounds]
    means = [(r, m) for r, m in means if any(v is not None for v in m.values())]
    if len(means) < 2:
        return None
    values = []
    table = []
    for survey_round, by_side in means:
        for side, mean in by_side.items():
            if mean is not None:
                label = theme.SIDE_LABELS[side]
                values.append(
                    {
                        "on": day(survey_round.on),
                        "side": label,
                        "mean": round(mean, 3),
                        "tip": f"{day(survey_round.on)}, {label.lower()}: {number(mean, 1)}",
                    }
                )
        ours, partner = by_side[SurveySide.OURS], by_side[SurveySide.PARTNER]
        table.append((day(survey_round.on), number(ours), number(partner), _gap(ours, partner)))
    first, last = means[0][0].on, means[-1][0].on
    return make_chart(
        "Survey means over the rounds",
        _trend_spec(values, theme.date_axis(first, last)),
        _trend_summary(means),
        ("Round", "Our side", "Partner side", "Gap (ours − partner)"),
        table,
    )


def _score(survey_round: SurveyRound, side: SurveySide, question: str) -> float | None:
    score = survey_round.side_score(side, question)
    return score if finite(score) else None


def _side_mean(survey_round: SurveyRound, side: SurveySide) -> float | None:
    scores = [s for s in survey_round.sides.get(side, {}).values() if finite(s)]
    return exact_sum(scores) / len(scores) if scores else None


def _gap(ours: float | None, partner: float | None) -> str:
    if ours is None or partner is None:
        return MISSING
    gap = round(ours - partner, 2)
    return ("+" if gap > 0 else "−" if gap < 0 else "") + number(abs(gap))


def _sides_summary(latest: SurveyRound, questions: list[str]) -> str:
    parts = []
    for side in SIDES:
        mean = _side_mean(latest, side)
        label = theme.SIDE_LABELS[side].lower()
        parts.append(f"{label} {number(mean, 1)}" if mean is not None else f"no {label} answers")
    text = (
        f"Survey round of {day(latest.on)}, {plural(len(questions), 'question')}; "
        f"mean score {parts[0]}, {parts[1]}"
    )
    gaps = []
    for q in questions:
        ours, partner = _score(latest, SurveySide.OURS, q), _score(latest, SurveySide.PARTNER, q)
        if ours is not None and partner is not None:
            gaps.append((abs(ours - partner), q, ours, partner))
    if gaps:
        size, question, ours, partner = max(gaps, key=lambda g: g[0])
        if size > 0:
            text += (
                f"; largest gap on {lower_name(question)}: ours {number(ours, 1)}, "
                f"partner {number(partner, 1)}"
            )
        else:
            text += "; both sides agree on every question"
    return text + "."


def _trend_summary(means: list[tuple[SurveyRound, dict[SurveySide, float | None]]]) -> str:
    first, last = means[0][0].on, means[-1][0].on
    text = f"{len(means)} survey rounds from {day(first)} to {day(last)}"
    for side in SIDES:
        series = [m[side] for _, m in means if m[side] is not None]
        label = theme.SIDE_LABELS[side].lower()
        if series:
            text += f"; {label} mean from {number(series[0], 1)} to {number(series[-1], 1)}"
        else:
            text += f"; no {label} answers"
    return text + "."


def _side_colour(legend: bool = True) -> dict[str, Any]:
    return {
        "field": "side",
        "type": "nominal",
        "scale": theme.side_scale(),
        "legend": {"title": None} if legend else None,
    }


def _sides_spec(values: list[dict[str, Any]], order: list[str]) -> dict[str, Any]:
    x = {
        "field": "score",
        "type": "quantitative",
        "scale": {"domain": [0, 5]},
        "axis": {"values": [0, 1, 2, 3, 4, 5], "title": SCORE_TITLE, "format": "d"},
    }
    y = {"field": "question", "type": "nominal", "sort": order, "title": None}
    offset = {"field": "side", "type": "nominal", "sort": list(theme.SIDE_LABELS.values())}
    tip = {"field": "tip", "type": "nominal"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": theme.SMALL_WIDTH - 60,
        "height": len(order) * (2 * theme.BAR_THICKNESS + 10),
        "config": theme.vegalite_config(),
        "data": {"values": values},
        "encoding": {"y": y, "yOffset": offset},
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": 0.92}},
                "encoding": {
                    "x": x,
                    "color": _side_colour(),
                    "tooltip": tip,
                    "description": tip,
                },
            },
            {
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 3,
                    "fontSize": theme.SMALL_FONT_SIZE,
                    "aria": False,
                },
                "encoding": {
                    "x": x,
                    "text": {"field": "score", "type": "quantitative", "format": ".1f"},
                },
            },
        ],
    }


def _trend_spec(values: list[dict[str, Any]], x_axis: dict[str, Any]) -> dict[str, Any]:
    x = {"field": "on", "type": "temporal", "scale": {"type": "utc"}, "title": None, "axis": x_axis}
    y = {
        "field": "mean",
        "type": "quantitative",
        "scale": {"domain": [1, 5]},
        "axis": {"values": [1, 2, 3, 4, 5], "title": SCORE_TITLE, "format": "d"},
    }
    tip = {"field": "tip", "type": "nominal"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": theme.SMALL_WIDTH,
        "height": theme.SMALL_HEIGHT,
        "config": theme.vegalite_config(),
        "data": {"values": values},
        "encoding": {"x": x, "y": y, "color": _side_colour()},
        "layer": [
            {"mark": {"type": "line", "aria": False}},
            {
                "mark": {"type": "point", "filled": True, "size": 55, "opacity": 1},
                "encoding": {"tooltip": tip, "description": tip},
            },
        ],
    }
