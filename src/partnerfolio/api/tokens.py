"""Creating, checking and revoking personal API tokens."""

from __future__ import annotations

import copy
import hashlib
import secrets
import time
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnerfolio.api.models import ApiToken, Scope
from partnerfolio.audit import revision
from partnerfolio.audit.services import audit_record
from partnerfolio.interchange import Problem
from partnerfolio.partnerships.errors import InvalidChange

PREFIX = "pf_"
MAX_DAYS = 366
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most once a minute


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user: Any, name: str, scope: str, days: int | None) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown this once and never stored."""
    problems = []
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        problems.append(Problem("name", "must be text of 1 to 100 characters"))
    if scope not in Scope.values:
        problems.append(
            Problem("scope", f"must be one of {', '.join(Scope.values)}, got {scope!r}")
        )
    if days is not None and not 1 <= days <= MAX_DAYS:
        problems.append(Problem("days", f"must be between 1 and {MAX_DAYS}, got {days}"))
    if problems:
        raise InvalidChange(problems)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name.strip(),
        user=user,
        prefix=secret[: len(PREFIX) + 6],
        secret_hash=secret_hash(secret),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days if days is not None else 90),
    )
    audit_record(
        actor=user,
        action="api_token_create",
        entity="api_token",
        entity_id=token.pk,
        after={
            "name": token.name,
            "scope": token.scope,
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return token, secret


@transaction.atomic
def token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            action="api_token_revoke",
            entity="api_token",
            entity_id=token.pk,
            before={"name": token.name, "scope": token.scope},
        )
    return token


# Tokens found, with their owners, by secret hash, as of a data revision: a revocation, a
# change of the token or of its owner (role, deactivation) raises the revision, and the
# entry is then read again from the database (`partnerfolio.audit.revision`); and at least
# once a minute (FOUND_FOR) whatever happens.
_found: dict[str, tuple[int, float, ApiToken]] = {}
FOUND_FOR = 60.0  # seconds


def token_check(secret: str, request: Any = None) -> ApiToken | None:
    """The usable token with this secret (its owner active), or None; a copy of it, with a
    copy of its owner, that the request may keep."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    digest = secret_hash(secret)
    seen = revision.seen_by(request) if request is not None else revision.current()
    known = _found.get(digest)
    if (
        known is not None
        and seen is not None
        and known[0] == seen
        and time.monotonic() - known[1] <= FOUND_FOR
    ):
        token = known[2]
    else:
        _found.pop(digest, None)
        token = ApiToken.objects.select_related("user").filter(secret_hash=digest).first()
        if token is not None and seen is not None:
            _found[digest] = (seen, time.monotonic(), token)
    if token is None or not token.usable() or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    mine = copy.copy(token)
    mine.user = copy.copy(token.user)
    return mine
