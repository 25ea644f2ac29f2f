"""Problems in a document, each naming the exact path of the bad value and what was expected."""

from __future__ import annotations

import difflib
import json
import re
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

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


def problem_from_error(error: ErrorDetails, root: type[BaseModel]) -> Problem:
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
    message = _EXPECTED.get(kind)
    if message is None:
        message = error["msg"][:1].lower() + error["msg"][1:]
    if is_key:
        return Problem(path, f"key {got(value)} is not allowed: it {message}")
    if kind in ("too_short", "finite_number"):
        return Problem(path, message)
    return Problem(path, f"{message}, got {got(value)}")


def _suggestion(root: type[BaseModel], loc: Sequence[int | str]) -> str:
    model = _model_at(root, loc[:-1])
    key = loc[-1]
    if model is None or not isinstance(key, str):
        return ""
    names = [f.alias or name for name, f in model.model_fields.items()]
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _model_at(root: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None:
            return None
        fields = {f.alias or name: f for name, f in model.model_fields.items()}
        if part not in fields:
            return None
        model = _inner_model(fields[part].annotation)
    return model


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
