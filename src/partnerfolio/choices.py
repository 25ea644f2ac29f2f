"""Model choices built from the domain's enums, so every code is spelled once."""

from __future__ import annotations

from enum import StrEnum


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """[(code, label)] for a model field's `choices`."""
    return [(member.value, member.value.replace("_", " ").capitalize()) for member in enum]


def max_length(enum: type[StrEnum]) -> int:
    return max(len(member.value) for member in enum)
