"""ETags and If-Match: a write names the version it was made on, or is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse

from partnerfolio.api.problems import ApiProblem
from partnerfolio.partnerships.errors import StaleEdit

T = TypeVar("T")


def etag(version: object) -> str:
    return f'W/"{version}"'


def if_match(request: HttpRequest) -> str | None:
    """The version an If-Match header names (`W/"3"`, `"3"` or `3`), or None without one."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    value = header.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


def expected_version(request: HttpRequest, current: int, given: int | None) -> int:
    """If-Match (412 when stale) or a `version` in the request, or 428 for neither."""
    tag = if_match(request)
    if tag is not None:
        if tag == "*":
            return current
        if tag != str(current):
            raise stale(f"If-Match names version {tag}, the record is at version {current}")
        return current
    if given is not None:
        return given
    raise ApiProblem(
        428,
        "say which version you change: send If-Match with the ETag you read, or a `version`",
    )


def stale(detail: str) -> ApiProblem:
    return ApiProblem(412, detail + "; reload it and make your change again")


def guarded(request: HttpRequest, write: Callable[[], T]) -> T:
    """Run a service; its StaleEdit answers 412 with If-Match, 409 otherwise."""
    try:
        return write()
    except StaleEdit as error:
        if if_match(request) is not None:
            raise ApiProblem(412, str(error)) from None
        raise ApiProblem(409, str(error)) from None


def with_etag(response: HttpResponse, version: object) -> HttpResponse:
    response["ETag"] = etag(version)
    return response
