"""Column mappings: which field each header fills, from a JSON file, a saved mapping or a
ready one shipped for a CRM export (`mappings/*.json`); and the columns of a table
resolved with them, automatically where a header names a field by itself.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partnerfolio.spreadsheets.fields import BY_KEY, KINDS, RECORD, kind_of, match_header, norm
from partnerfolio.spreadsheets.reading import Table

READY = Path(__file__).parent / "mappings"


class MappingError(ValueError):
    """A mapping that cannot be used; the message says why."""


@dataclass
class Mapping:
    name: str = ""
    kind: str = ""  # every row's kind, or "" (a `record` column or the sheet's title says)
    source: str = "spreadsheet"  # where external IDs come from
    columns: dict[str, str] = field(default_factory=dict)  # header -> field key, "" ignores it
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> {text: value}

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "source": self.source,
            "columns": self.columns,
            "values": self.values,
        }


def mapping_from_json(data: Any, origin: str = "mapping") -> Mapping:
    """A mapping from its JSON form, every key and field checked."""
    if not isinstance(data, dict):
        raise MappingError(f"{origin}: must be a JSON object")
    unknown = sorted(set(data) - {"name", "kind", "source", "columns", "values", "notes"})
    if unknown:
        raise MappingError(f"{origin}: unknown key(s) {', '.join(unknown)}")
    kind = data.get("kind") or ""
    if kind and kind not in KINDS:
        raise MappingError(f"{origin}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    columns = data.get("columns") or {}
    values = data.get("values") or {}
    if not isinstance(columns, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
    ):
        raise MappingError(f"{origin}: columns must map header texts to field keys")
    kinds = (kind,) if kind else KINDS
    for header, key in columns.items():
        if key and key != RECORD and not any(key in BY_KEY[k] for k in kinds):
            raise MappingError(f"{origin}: column {header!r} maps to {key!r}, which is no field")
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise MappingError(f"{origin}: values must map field keys to {{cell text: value}}")
    source = data.get("source") or "spreadsheet"
    if not isinstance(source, str) or not source.strip() or len(source) > 40:
        raise MappingError(f"{origin}: source must be a short name, got {source!r}")
    return Mapping(str(data.get("name") or ""), kind, source.strip(), dict(columns), dict(values))


def ready_mappings() -> dict[str, Mapping]:
    """The mappings shipped with Partnerfolio, by file name without .json."""
    found = {}
    for path in sorted(READY.glob("*.json")):
        found[path.stem] = mapping_from_json(json.loads(path.read_text("utf-8")), path.name)
    return found


def load_mapping(reference: str) -> Mapping:
    """A mapping from a JSON file, a ready mapping's name or a saved mapping's name."""
    if os.path.exists(reference):
        try:
            data = json.loads(Path(reference).read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise MappingError(f"{reference}: not a readable JSON mapping ({error})") from None
        return mapping_from_json(data, reference)
    ready = ready_mappings()
    if reference in ready:
        return ready[reference]
    from partnerfolio.spreadsheets.models import SavedMapping

    saved = SavedMapping.objects.filter(name=reference).first()
    if saved is None:
        raise MappingError(
            f"no mapping file, ready mapping or saved mapping named {reference!r} "
            f"(ready: {', '.join(ready)})"
        )
    return saved_mapping(saved)


def saved_mapping(saved: Any) -> Mapping:
    return Mapping(saved.name, saved.kind, saved.source, dict(saved.columns), dict(saved.values))


def mapping_save(mapping: Mapping, name: str, user: Any = None) -> Any:
    """Keep a mapping under a name (replacing one of that name) to use it again."""
    from partnerfolio.spreadsheets.models import SavedMapping

    if not name.strip():
        raise MappingError("give the mapping a name")
    if "\x00" in name:
        raise MappingError("the mapping's name must not contain the NUL character")
    saved, _ = SavedMapping.objects.update_or_create(
        name=name.strip()[:100],
        defaults={
            "kind": mapping.kind,
            "source": mapping.source,
            "columns": mapping.columns,
            "values": mapping.values,
            "created_by": user if getattr(user, "is_authenticated", False) else None,
        },
    )
    return saved


@dataclass
class Columns:
    """How one table's columns are read."""

    kind: str | None  # every row's kind, or None (a `record` column says)
    fields: dict[int, str]  # column index -> field key (or `record`)
    unused: list[str]  # headers no field was found for
    headers: list[str]


def table_kind(table: Table, mapping: Mapping) -> str | None:
    if mapping.kind:
        return mapping.kind
    return kind_of(os.path.splitext(table.name)[0])


def resolve_columns(table: Table, mapping: Mapping) -> Columns:
    """Each header's field: the mapping's choice, else a match by name or synonym."""
    kind = table_kind(table, mapping)
    by_norm = {norm(h): f for h, f in mapping.columns.items()}
    fields: dict[int, str] = {}
    unused: list[str] = []
    for index, header in enumerate(table.headers):
        if header in mapping.columns or norm(header) in by_norm:
            key = mapping.columns.get(header, by_norm.get(norm(header), ""))
        else:
            key = match_header(header, (kind,) if kind else KINDS) or ""
        if key:
            if key in fields.values():
                unused.append(f"{header} (a second column for {key})")
            else:
                fields[index] = key
        elif header:
            unused.append(header)
    if RECORD in fields.values():
        kind = None if not mapping.kind else kind
    return Columns(kind, fields, unused, table.headers)


def field_choices(kind: str | None) -> list[str]:
    """The field keys a column of a table of this kind may be mapped to."""
    if kind:
        return [RECORD, *BY_KEY[kind]]
    return [RECORD, *dict.fromkeys(k for kind_ in KINDS for k in BY_KEY[kind_])]
