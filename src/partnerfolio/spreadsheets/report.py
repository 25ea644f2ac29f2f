"""What an import did, or a dry run would do: per row, and the problems by row and column."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from partnerfolio.spreadsheets.rows import Issue


@dataclass
class Outcome:
    sheet: str
    row: int
    kind: str
    verb: str  # create, update, unchanged
    label: str

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class Report:
    notes: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def counts(self) -> Counter[tuple[str, str]]:
        return Counter((o.verb, o.kind) for o in self.outcomes)

    @property
    def refused_rows(self) -> list[tuple[str, int]]:
        return sorted({(i.sheet, i.row) for i in self.issues})

    def summary(self) -> str:
        if not self.outcomes:
            return "no record would change" if self.dry_run else "no record changed"
        parts = []
        for verb in ("create", "update", "unchanged"):
            kinds = [(k, n) for (v, k), n in sorted(self.counts.items()) if v == verb]
            if kinds:
                what = ", ".join(f"{n} {k}" for k, n in kinds)
                parts.append(f"{verb if verb == 'unchanged' else verb + 'd'}: {what}")
        head = "dry run, nothing written; would be " if self.dry_run else ""
        return head + "; ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "notes": self.notes,
            "unused_columns": self.unused,
            "outcomes": [o.as_json() for o in self.outcomes],
            "issues": [i.as_json() for i in self.issues],
            "dry_run": self.dry_run,
            "written": self.written,
            "summary": self.summary(),
        }
