"""Who is calling: a personal token (`Authorization: Bearer`) or a signed-in browser session
(with Django's CSRF check on unsafe methods); and what they may do, through
`partnerfolio.accounts.access`, the one place the rules live.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from partnerfolio.accounts import access
from partnerfolio.api.models import Scope
from partnerfolio.api.problems import ApiProblem, forbidden, not_found
from partnerfolio.api.tokens import TWO_FACTOR_REQUIRED, TwoFactorOwed, token_check
from partnerfolio.operations import context
from partnerfolio.partnerships.models import Partnership

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PARTNERS_REFUSED = (
    "the API is for people of ours; partner users work in the partner portal (/portal/)"
)


class TokenAuth(HttpBearer):
    """A personal token; a wrong, expired or revoked one answers 401 (no fallback), and
    under PARTNERFOLIO_REQUIRE_2FA the token of an account without a confirmed device
    answers 403 (`…/problems/two-factor-required`) until the person sets one up."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header:
            return None
        parts = header.split(" ")
        if len(parts) != 2 or parts[0].lower() != "bearer":
            raise ApiProblem(401, "the Authorization header must be `Bearer <token>`")
        return self.authenticate(request, parts[1])

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            found = token_check(token, request)
        except TwoFactorOwed as owed:
            raise ApiProblem(403, str(owed), kind=TWO_FACTOR_REQUIRED) from None
        if found is None:
            raise ApiProblem(401, "the token is unknown, expired or revoked")
        request.api_token = found  # type: ignore[attr-defined]
        request.user = found.user
        context.identify(found.user.pk)  # for the log lines of this request
        return found.user


class SessionAuth(APIKeyCookie):
    """Django's session, as the pages use it; unsafe methods need the CSRF token
    (`X-CSRFToken` header), as for any form of the application."""

    param_name = "sessionid"

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=False)

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiProblem(403, "CSRF check failed: send the X-CSRFToken header", kind="csrf")
        request.api_token = None  # type: ignore[attr-defined]
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover
        return None


AUTH = [TokenAuth(), SessionAuth()]


def person(request: HttpRequest) -> Any:
    """The caller, if of our side (partner users get 403 from every endpoint)."""
    user = request.auth  # type: ignore[attr-defined]
    if not access.on_our_side(user):
        raise forbidden(PARTNERS_REFUSED)
    return user


def writer(request: HttpRequest) -> Any:
    """The caller, allowed to write: of our side, and not through a read-only token."""
    user = person(request)
    token = getattr(request, "api_token", None)
    if token is not None and token.scope != Scope.READ_WRITE:
        raise forbidden("this token may only read (scope read); create a read-write token")
    return user


def visible_partnership(request: HttpRequest, pk: int, *, edit: bool = False) -> Partnership:
    """The partnership if the caller may see it (else 404) and, for a change, edit it (else 403)."""
    user = writer(request) if edit else person(request)
    partnership = access.visible_partnerships(user).filter(pk=pk).first()
    if partnership is None:
        raise not_found("no such partnership")
    if edit and not access.can_edit(user, partnership):
        raise forbidden("you may read this partnership but not change it")
    return partnership


__all__ = [
    "AUTH",
    "ApiProblem",
    "person",
    "visible_partnership",
    "writer",
]
