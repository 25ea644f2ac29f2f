"""Numbers, dates and names as the charts' tables and summaries write them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from partnerfolio.domain.messages import label

MISSING = "—"


def number(value: float | None, decimals: int = 2) -> str:
    """1,234,567 · 3.67 · 0.9 — thousands separated, at most `decimals` decimals."""
    if value is None:
        return MISSING
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1000:
        decimals = 0
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def percent(ratio: float | None) -> str:
    """0.8 → "80%"."""
    return MISSING if ratio is None else f"{round(100 * ratio)}%"


def with_unit(value: float | None, unit: str | None) -> str:
    """A value with its unit: "25%", "2 meetings per quarter", "0.92" (a ratio has none)."""
    text = number(value)
    if value is None or bare_unit(unit):
        return text
    if unit == "%":
        return text + "%"
    return f"{text} {unit}"


def bare_unit(unit: str | None) -> bool:
    """Whether a value reads best without its unit: a ratio, a count, a 1–5 score."""
    return not unit or unit.lower().startswith(("ratio", "count", "score"))


def day(on: date) -> str:
    return on.isoformat()


def name(code: str) -> str:
    """A code as a sentence-case name: "exit_difficulty" → "Flexibility to exit"."""
    text = label(str(code))
    return text[:1].upper() + text[1:]


def lower_name(code: str) -> str:
    return label(str(code))


def listed(items: Sequence[str]) -> str:
    """a, b and c"""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def lines(text: str, width: int = 14) -> list[str]:
    """Break a short label into at most two lines at the space nearest its middle."""
    if len(text) <= width or " " not in text:
        return [text]
    middle = len(text) / 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1 :]]


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"
