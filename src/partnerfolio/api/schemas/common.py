"""Types shared by the schemas: §8's constrained values, and problem details."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
)
from pydantic_core import PydanticCustomError

from partnerfolio.api.problems import NUL_MESSAGE


def _without_nul(text: str) -> str:
    # No database stores NUL in text (PostgreSQL refuses the query outright).
    if "\x00" in text:
        raise PydanticCustomError("nul_character", NUL_MESSAGE)
    return text


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    # JSON has no dates: only the text YYYY-MM-DD is one (not 0, nor a Unix timestamp).
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_type", "must be a date as YYYY-MM-DD")
    return value


# Request bodies are strict (schemathesis found `"on": 0`, `"version": true` and
# `"confidential": 0` taken): yes/no is true or false, a number is not a yes/no nor text.
Bool = StrictBool
Number = StrictFloat  # a whole number is a number too
Day = Annotated[date, BeforeValidator(_iso_date)]
Text = Annotated[str, Field(max_length=500, pattern=r"\S")]
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
ProfileScore = Annotated[StrictInt, Field(ge=1, le=5)]
SurveyScore = Annotated[StrictFloat, Field(ge=1, le=5)]
Amount = Annotated[StrictFloat, Field(ge=0)]
Days = Annotated[StrictInt, Field(ge=1, le=3650)]
LongText = Annotated[str, Field(max_length=5000)]
SearchText = Annotated[str, AfterValidator(_without_nul)]  # a query parameter's text
Version = Annotated[
    StrictInt, Field(ge=1, description="the version you read (instead of If-Match)")
]


class In(Schema):
    """Request bodies: unknown keys are an error, as in the §8 document."""

    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    """Answers: plain pydantic models. The views give them dicts, which pydantic-core checks
    on its own; ninja.Schema would wrap every item (and every nested object) in a
    DjangoGetter and read each field through Python, about 5 ms for a page of 50
    partnerships. The OpenAPI schema is the same."""

    model_config = ConfigDict(from_attributes=True)


class FieldError(Schema):
    field: str = Field(description="path of the value at fault, as the §8 document names it")
    message: str


class ProblemOut(Schema):
    """RFC 9457 problem details (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] = []


def dropped(values: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in keys}
