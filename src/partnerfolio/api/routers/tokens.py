"""The signed-in person's own API tokens: create (the secret shown once), list, revoke."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field, StrictInt

from partnerfolio.api.auth import person, writer
from partnerfolio.api.models import ApiToken, Scope
from partnerfolio.api.problems import ApiProblem, not_found
from partnerfolio.api.routers.common import READ_ERRORS, WRITE_ERRORS
from partnerfolio.api.schemas.common import In
from partnerfolio.api.tokens import (
    MAX_DAYS,
    TWO_FACTOR_REQUIRED,
    token_create,
    token_create_refusal,
    token_revoke,
)

router = Router(tags=["tokens"])


class TokenIn(In):
    name: str = Field(..., min_length=1, max_length=100, pattern=r"\S")
    scope: Scope = Scope.READ
    days: StrictInt = Field(90, ge=1, le=MAX_DAYS, description="days until it expires")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: Scope
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenCreated(TokenOut):
    secret: str = Field(description="shown this once: only its hash is kept")


def token_out(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "scope": token.scope,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
        "last_used_at": token.last_used_at,
    }


@router.get("", response={200: list[TokenOut], **READ_ERRORS}, summary="Your tokens")
def token_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [token_out(t) for t in ApiToken.objects.filter(user=person(request))]


@router.post("", response={201: TokenCreated, **WRITE_ERRORS}, summary="Create a token")
def token_new(request: HttpRequest, payload: TokenIn) -> Status[Any]:
    user = writer(request)
    refusal = token_create_refusal(request, user)
    if refusal is not None:
        raise ApiProblem(403, refusal, kind=TWO_FACTOR_REQUIRED)
    token, secret = token_create(
        user=user, name=payload.name, scope=payload.scope.value, days=payload.days
    )
    return Status(201, {**token_out(token), "secret": secret})


@router.delete("/{int:token_id}", response={204: None, **WRITE_ERRORS}, summary="Revoke a token")
def token_delete(request: HttpRequest, token_id: int) -> Status[Any]:
    user = writer(request)
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise not_found("no such token of yours")
    token_revoke(user=user, token=token)
    return Status(204, None)
