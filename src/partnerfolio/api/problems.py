"""RFC 9457 problem details: every error the API answers, as `application/problem+json`."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse

from partnerfolio.interchange import Problem
from partnerfolio.interchange.errors import format_path

CONTENT_TYPE = "application/problem+json"
BASE = "https://partnerfolio.example/problems/"
TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Content too large",
    422: "Invalid input",
    428: "Precondition required",
    429: "Too many requests",
}
TYPES = {
    400: "bad-request",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "stale-version",
    413: "too-large",
    422: "invalid-input",
    428: "version-required",
    429: "too-many-requests",
}


class ApiProblem(Exception):
    """An answer other than success; the handler renders it as problem details."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: Iterable[Problem] = (),
        headers: dict[str, str] | None = None,
        kind: str | None = None,
    ) -> None:
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}
        self.kind = kind
        super().__init__(detail)


def not_found(what: str = "no such resource") -> ApiProblem:
    return ApiProblem(404, what)


def forbidden(why: str) -> ApiProblem:
    return ApiProblem(403, why)


def invalid(problems: Sequence[Problem], detail: str | None = None) -> ApiProblem:
    return ApiProblem(
        422,
        detail or "; ".join(str(p) for p in problems) or "the input is not valid",
        problems,
    )


def problem_body(
    request: HttpRequest | None,
    status: int,
    detail: str,
    errors: Iterable[Problem] = (),
    kind: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": BASE + (kind or TYPES.get(status, "error")),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "errors": [{"field": p.path, "message": p.message} for p in errors],
    }
    if request is not None:
        body["instance"] = request.path
    return body


def problem_response(
    request: HttpRequest | None,
    status: int,
    detail: str,
    errors: Iterable[Problem] = (),
    headers: dict[str, str] | None = None,
    kind: str | None = None,
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(problem_body(request, status, detail, errors, kind), ensure_ascii=False),
        status=status,
        content_type=CONTENT_TYPE,
    )
    for key, value in (headers or {}).items():
        response[key] = value
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="partnerfolio"'
    return response


def too_many_requests(request: HttpRequest | None, wait: float | None, limit: str) -> HttpResponse:
    """429: over a request budget (`limit`, in words); Retry-After in whole seconds, at least 1."""
    seconds = max(1, math.ceil(wait or 0))
    detail = (
        f"too many requests: the limit is {limit}; wait {seconds} "
        f"second{'' if seconds == 1 else 's'} before trying again"
    )
    return problem_response(request, 429, detail, headers={"Retry-After": str(seconds)})


# pydantic / Ninja request errors -> the project's wording
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
_WORDS = {
    "missing": "is required",
    "extra_forbidden": "unknown key",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "date_from_datetime_parsing": "must be a date as YYYY-MM-DD",
    "date_parsing": "must be a date as YYYY-MM-DD",
    "date_type": "must be a date as YYYY-MM-DD",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_attributes_type": "must be an object",
}


_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "less_than_equal": ("at most", "le"),
    "greater_than": ("more than", "gt"),
    "less_than": ("less than", "lt"),
}


NUL_MESSAGE = "must not contain the NUL character (\\u0000)"


def holds_nul(errors: Sequence[dict[str, Any]]) -> bool:
    """Whether a value at fault holds NUL: the request is malformed (400), whatever the
    parameter's type, rather than a value out of its range (422)."""
    return any(e.get("type") == "nul_character" for e in errors)


def request_problems(errors: Sequence[dict[str, Any]]) -> list[Problem]:
    """Ninja's validation errors with paths as the document names them (`profile.governance`)."""
    found = []
    for error in errors:
        loc = [part for part in error.get("loc", ()) if part is not None]
        if loc and loc[0] in _SOURCES:
            source = loc.pop(0)
            if source == "body" and loc:  # the body parameter's name is not part of the path
                loc = loc[1:]
        message = _WORDS.get(str(error.get("type")), str(error.get("msg", "is not valid")))
        if error.get("type") == "nul_character":
            message = NUL_MESSAGE
        elif error.get("type") == "literal_error" or error.get("type") == "enum":
            expected = (error.get("ctx") or {}).get("expected")
            message = f"must be one of {expected}" if expected else message
        elif error.get("type") in _BOUNDS:
            ctx = error.get("ctx") or {}
            word, key = _BOUNDS[str(error["type"])]
            message = f"must be {word} {ctx.get(key)}"
            if error.get("input") is not None:
                message += f", got {json.dumps(error['input'], default=str)}"
        elif error.get("type") in ("too_short", "too_long", "string_pattern_mismatch"):
            message = {
                "too_short": "must not be empty",
                "too_long": "is too long",
                "string_pattern_mismatch": "must not be blank (or is not a lower_snake_case code)",
            }[str(error["type"])]
        found.append(Problem(format_path(loc), message))
    return found
