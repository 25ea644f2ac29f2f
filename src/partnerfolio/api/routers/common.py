"""What every router shares: pages of results, the raw JSON body, item paths."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Schema
from pydantic import Field, StrictInt

from partnerfolio.api.problems import ApiProblem
from partnerfolio.api.schemas.common import ProblemOut
from partnerfolio.domain import Playbook, load_playbook
from partnerfolio.interchange import Problem
from partnerfolio.partnerships.errors import InvalidChange

MAX_LIMIT = 200

# The errors every operation may answer, documented in the schema.
READ_ERRORS: dict[int, Any] = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    422: ProblemOut,
}
WRITE_ERRORS: dict[int, Any] = {
    **READ_ERRORS,
    400: ProblemOut,
    409: ProblemOut,
    412: ProblemOut,
    413: ProblemOut,
    428: ProblemOut,
}


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"at most {MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=10**9)


PageQuery = Query[PageParams]  # type: ignore[misc]


class Removal(Schema):
    reason: str = Field(
        ..., min_length=1, max_length=500, pattern=r"\S", description="why it is removed"
    )
    version: StrictInt | None = Field(
        None, ge=1, description="the version you read (instead of If-Match)"
    )


def page(query: QuerySet[Any], params: PageParams) -> tuple[int, list[Any]]:
    count = query.count()
    return count, list(query[params.offset : params.offset + params.limit])


def listing(count: int, params: PageParams, items: list[Any]) -> dict[str, Any]:
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}


def raw_body(request: HttpRequest, *drop: str) -> dict[str, Any]:
    """The JSON object as sent: services check it with the §8 rules (strict types)."""
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ApiProblem(400, "the body is not JSON") from None
    if not isinstance(body, dict):
        raise ApiProblem(422, "the body must be a JSON object", [Problem("", "must be an object")])
    return {k: v for k, v in body.items() if k not in drop}


@contextmanager
def item_paths(section: str) -> Iterator[None]:
    """Services check an item as `section[0]` of a document: name its fields alone."""
    try:
        yield
    except InvalidChange as refused:
        prefix = f"{section}[0]"
        problems = [
            Problem(p.path.removeprefix(prefix).removeprefix("."), p.message)
            for p in refused.problems
        ]
        raise ApiProblem(422, "; ".join(map(str, problems)), problems) from None


def playbook() -> Playbook:
    return load_playbook(settings.PARTNERFOLIO_PLAYBOOK)


AS_OF_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def as_of_or_today(as_of: str | None) -> date:
    """`as_of` as YYYY-MM-DD (422 otherwise), or today."""
    if as_of is None:
        return timezone.localdate()
    try:
        return date.fromisoformat(as_of)
    except ValueError:
        raise ApiProblem(
            422,
            "as_of: must be a date as YYYY-MM-DD",
            [Problem("as_of", "must be a date as YYYY-MM-DD")],
        ) from None


def blank_none(value: Any) -> Any:
    return None if value in ("",) else value
