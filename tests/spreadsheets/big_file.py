"""A realistic spreadsheet of any number of rows, for the import's load test and bench.

The documents of `bench/generate.py` (partnerships with partners, evidence of every kind
and metric observations), flattened into one CSV table of mixed rows with a `record`
column, as `partnerfolio export --format csv` writes them: organizations first, then
each partnership followed by its evidence and observations. Rows that would be the same
record twice in one file (two engagements of one kind on one day) are left out, so the
whole file imports cleanly.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _documents(seed: int) -> Any:
    sys.path.insert(0, str(BENCH))
    try:
        from generate import _Generator
    finally:
        sys.path.remove(str(BENCH))
    generator = _Generator(seed)  # as generate_documents, as many as the rows need
    index = 0
    while True:
        yield generator.document(index)
        index += 1


def realistic_rows(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """`count` rows (dicts of field key -> value) of a portfolio's records."""
    from partnerfolio.spreadsheets.exporting import _flat
    from partnerfolio.spreadsheets.fields import RECORD, SECTIONS
    from partnerfolio.spreadsheets.importing import NATURAL_KEYS

    organizations: dict[str, dict[str, Any]] = {}
    blocks: list[list[dict[str, Any]]] = []
    total = 0
    for document in _documents(seed):
        if total >= count:
            break
        new = [p for p in document.get("partners") or () if p["name"] not in organizations]
        block = [_flat("partnership", document)]
        seen: set[tuple[Any, ...]] = set()
        for kind, section in SECTIONS.items():
            for item in (document.get(section) or ()) if section else ():
                key = (kind, *(str(item.get(k)) for k in NATURAL_KEYS[section]))
                if key not in seen:
                    seen.add(key)
                    block.append(_flat(kind, item, document["name"]))
        for metric in document.get("metrics") or ():
            for observation in metric.get("observations") or ():
                if (metric["key"], observation["on"]) in seen:
                    continue
                seen.add((metric["key"], observation["on"]))
                block.append(
                    {
                        RECORD: "observation",
                        "partnership": document["name"],
                        "metric": metric["key"],
                        "on": observation["on"],
                        "value": observation["value"],
                        "metric_name": metric.get("name"),
                        "unit": metric.get("unit"),
                        "target": metric.get("target"),
                        "metric_category": metric.get("category"),
                        "direction": metric.get("direction"),
                        "leading": metric.get("leading"),
                    }
                )
        block = block[: count - total - len(new)]
        if not block:
            break
        for partner in new:
            organizations[partner["name"]] = partner
        blocks.append(block)
        total += len(new) + len(block)
    rows = [_flat("organization", p) for p in organizations.values()]
    return rows + [row for block in blocks for row in block]


def realistic_csv(count: int, seed: int = 2026) -> bytes:
    """The rows as the CSV an export writes (every column, UTF-8 with a byte order mark)."""
    from partnerfolio.spreadsheets.exporting import csv_bytes, wide_columns

    return csv_bytes(wide_columns(), realistic_rows(count, seed))
