"""The period a report covers: a calendar quarter, or the three months ending on a day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


class PeriodError(ValueError):
    """A quarter or a date that cannot be read; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class Period:
    """Evidence dated `start` ≤ on ≤ `as_of` belongs to the period; verdicts are as of `as_of`.

    `end` is the period's last day: for a calendar quarter, its 31 March, 30 June…; the
    assessment reads `as_of`, which is `end` unless an earlier day was asked for.
    """

    start: date
    end: date
    as_of: date
    quarter: str | None = None  # "2026Q4" when the period is a calendar quarter

    @property
    def title(self) -> str:
        span = f"{_day(self.start)} – {_day(self.as_of)}"
        if self.quarter:
            year, q = self.quarter.split("Q")
            to_date = " (to date)" if self.as_of < self.end else ""
            return f"Q{q} {year}{to_date}: {span}"
        return f"Quarter ending {_day(self.as_of)}: {span}"

    @property
    def slug(self) -> str:
        """For file names: 2026Q4, or the as-of date."""
        return self.quarter or self.as_of.isoformat()

    def holds(self, on: date) -> bool:
        return self.start <= on <= self.as_of


def _day(on: date) -> str:
    return f"{on.day} {on:%b %Y}"


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    start = date(year, 3 * q - 2, 1)
    following = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, following - timedelta(days=1)


def quarter_ending(as_of: date) -> Period:
    """The three months ending on `as_of`: from the day after the same day three months
    before (clamped to the month's length), to `as_of` itself."""
    month = as_of.month - 3
    year = as_of.year
    if month < 1:
        month += 12
        year -= 1
    day = min(as_of.day, _month_length(year, month))
    return Period(start=date(year, month, day) + timedelta(days=1), end=as_of, as_of=as_of)


def _month_length(year: int, month: int) -> int:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - timedelta(days=1)).day


def parse_quarter(text: str) -> tuple[int, int]:
    found = QUARTER.match(text or "")
    if not found:
        raise PeriodError(f"not a quarter as YYYYQn (for example 2026Q4): {text!r}")
    return int(found.group(1)), int(found.group(2))


def parse_date(text: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise PeriodError(f"not a date as YYYY-MM-DD: {text!r}")


def period_for(quarter: str | None, as_of: date | None, today: date) -> Period:
    """The period asked for.

    - neither: the three months ending today;
    - `as_of` alone: the three months ending on it;
    - `quarter` alone: that calendar quarter, assessed as of its last day, or of today
      while the quarter is still running (no verdict is given about days to come);
    - both: the quarter up to `as_of`, which must fall inside it.
    """
    if not quarter:
        return quarter_ending(as_of or today)
    year, q = parse_quarter(quarter)
    start, end = quarter_bounds(year, q)
    if as_of is None:
        as_of = min(end, today) if start <= today else end
    elif not start <= as_of <= end:
        raise PeriodError(f"{as_of.isoformat()} is not in {year}Q{q} ({start} to {end})")
    return Period(start=start, end=end, as_of=as_of, quarter=f"{year}Q{q}")
