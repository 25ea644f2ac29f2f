"""Verdicts as data: the facts behind a finding, from which every message is rendered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from partnerfolio.domain.enums import PitfallCode, Severity

Fact = str | int | float | bool | date | None | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Trigger:
    """One reason a rule gave its verdict: which test (`rule`) and the numbers it read."""

    rule: str
    facts: Mapping[str, Fact]


@dataclass(frozen=True, slots=True)
class Pitfall:
    code: PitfallCode
    severity: Severity
    triggers: tuple[Trigger, ...]
