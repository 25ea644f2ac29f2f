"""Problems in a document, each naming the exact path of the bad value and what was expected."""

from __future__ import annotations

import difflib
import json
import re
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NotRequired, Required

from pydantic_core import ErrorDetails
from typing_extensions import is_typeddict

from partnerfolio.interchange.schema import NOT_BLANK

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # e.g. `surveys[2].scores.trust`; empty for the document as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InvalidDocument(ValueError):
    """A document that cannot be read; `problems` lists every bad value found."""

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__("\n".join(str(p) for p in self.problems))


def format_path(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


def got(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # pragma: no cover - inputs come from JSON
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_EXPECTED = {
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "dict_type": "must be an object",
    "model_attributes_type": "must be an object",
    "date_type": "must be a date as YYYY-MM-DD",
    "too_short": "must not be empty",
    "string_pattern_mismatch": "must be a lower_snake_case code (a-z, 0-9 and _)",
}


def problem_from_error(error: ErrorDetails, root: object) -> Problem:
    """Translate one pydantic error into the project's wording."""
    kind = error["type"]
    loc = list(error["loc"])
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    if kind == "json_invalid":
        return Problem("", f"not valid JSON: {ctx.get('error', error['msg'])}")
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc = loc[:-1]
    path = format_path(loc)
    if kind == "missing":
        return Problem(path, "required")
    if kind == "extra_forbidden":
        return Problem(path, "unknown key" + _suggestion(root, loc))
    if kind == "enum":
        return Problem(path, f"must be one of {ctx.get('expected')}, got {got(value)}")
    if kind == "date_parsing":
        reason = ctx.get("error")
        detail = f" ({reason})" if reason else ""
        return Problem(path, f"must be a date as YYYY-MM-DD{detail}, got {got(value)}")
    if kind == "string_too_long":
        return Problem(path, f"must be at most {ctx.get('max_length')} characters")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NOT_BLANK:
        return Problem(path, "must not be blank")
    if kind in ("greater_than_equal", "less_than_equal"):
        return Problem(path, f"{_range(root, loc)}, got {got(value)}")
    message = _EXPECTED.get(kind)
    if message is None:
        message = error["msg"][:1].lower() + error["msg"][1:]
    if is_key:
        return Problem(path, f"key {got(value)} is not allowed: it {message}")
    if kind in ("too_short", "finite_number"):
        return Problem(path, message)
    return Problem(path, f"{message}, got {got(value)}")


def _range(root: object, loc: Sequence[int | str]) -> str:
    """ "must be between 1 and 5" (or "at least 0"), from the constraints in the schema."""
    low = high = None
    for constraint in _unwrap(_annotation_at(root, loc))[1]:
        low = getattr(constraint, "ge", low)
        high = getattr(constraint, "le", high)
    if low is not None and high is not None:
        return f"must be between {_bound(low)} and {_bound(high)}"
    if low is not None:
        return f"must be at least {_bound(low)}"
    return f"must be at most {_bound(high)}"


def _bound(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _suggestion(root: object, loc: Sequence[int | str]) -> str:
    """A close key name for a misspelt one."""
    fields = _fields(_unwrap(_annotation_at(root, loc[:-1]))[0])
    key = loc[-1]
    if fields is None or not isinstance(key, str):
        return ""
    close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _fields(kind: object) -> dict[str, object] | None:
    if is_typeddict(kind):
        return typing.get_type_hints(kind, include_extras=True)
    return None


def _annotation_at(root: object, loc: Sequence[int | str]) -> object:
    """The schema's annotation for the value at `loc` (None when the path leaves the schema)."""
    annotation = root
    for part in loc:
        base = _unwrap(annotation)[0]
        fields = _fields(base)
        origin = typing.get_origin(base)
        if isinstance(part, str) and fields is not None:
            annotation = fields.get(part)
        elif origin is dict:
            annotation = typing.get_args(base)[1]
        elif origin is list:
            annotation = typing.get_args(base)[0]
        else:
            return None
    return annotation


def _unwrap(annotation: object) -> tuple[object, list[object]]:
    """Strip `Required[…]`, `X | None` and `Annotated[X, …]`, keeping the constraints found."""
    found: list[object] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *extras = typing.get_args(annotation)
            for extra in extras:
                found.extend(getattr(extra, "metadata", [extra]))
            annotation = base
        elif origin in (Required, NotRequired):
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation, found
            annotation = members[0]
        else:
            return annotation, found
