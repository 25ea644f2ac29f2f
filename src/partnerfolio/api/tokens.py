"""Creating, checking and revoking personal API tokens."""

from __future__ import annotations

import copy
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnerfolio.accounts.middleware import has_device
from partnerfolio.api import answers
from partnerfolio.api.models import ApiToken, Scope
from partnerfolio.audit import revision
from partnerfolio.audit.services import audit_record
from partnerfolio.interchange import Problem
from partnerfolio.partnerships.errors import InvalidChange

PREFIX = "pf_"
MAX_DAYS = 366
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most once a minute


# The problem type (`…/problems/two-factor-required`) of the two refusals below.
TWO_FACTOR_REQUIRED = "two-factor-required"


class TwoFactorOwed(Exception):
    """PARTNERFOLIO_REQUIRE_2FA is on and the token's owner has no confirmed device."""

    def __init__(self) -> None:
        super().__init__(
            "two-factor authentication is required on this site and your account has not "
            "set it up: sign in on the site and set up an authenticator app on your account "
            "page (/accounts/two-factor/); this token works again once it is set up"
        )


def token_create_refusal(request: Any, user: Any) -> str | None:
    """Why this caller may not create a token now, or None.

    When the account has a confirmed two-factor device, or the site requires two-factor
    authentication, a new token needs a browser session that passed the second factor: not
    a session opened with the password alone (one older than the device), and not a token.
    The device is read from the database here, never from what the session remembers.
    `partnerfolio token create` (an operator on the server) does not ask this.
    """
    if not (settings.PARTNERFOLIO_REQUIRE_2FA or has_device(user)):
        return None
    if getattr(request, "api_token", None) is not None:
        return (
            "a token cannot create a token for an account that signs in with a second "
            "factor: sign in on the site with your two-factor code and create it there"
        )
    verified = getattr(request.user, "is_verified", None)
    if callable(verified) and verified():
        return None
    return (
        "creating a token needs a session that passed the second factor: sign out, sign "
        "in again with your two-factor code, and create it then"
    )


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


# Tokens found, with their owners, by secret hash, as of a data revision, in the cache
# (`partnerfolio.api.answers`: shared by every server with Redis): a revocation, a change
# of the token or of its owner (role, deactivation) raises the revision, and from then on
# the key asked for is a new one, read again from the database (`partnerfolio.audit.
# revision`); and at least once a minute (FOUND_FOR) whatever happens.
FOUND_FOR = 60  # seconds
FOUND = "api-token"


def found_key(at: int, digest: str) -> str:
    return f"{FOUND}:{at}:{digest}"


def token_check(secret: str, request: Any = None) -> ApiToken | None:
    """The usable token with this secret (its owner active), or None; a copy of it, with a
    copy of its owner, that the request may keep. Raises `TwoFactorOwed` when the site
    requires two-factor authentication and the owner has no confirmed device."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    digest = secret_hash(secret)
    seen = revision.seen_by(request) if request is not None else revision.current()
    name = found_key(seen, digest) if seen is not None else None
    token = answers.kept(name) if name is not None else None
    if not isinstance(token, ApiToken):
        token = ApiToken.objects.select_related("user").filter(secret_hash=digest).first()
        if token is not None and name is not None:
            answers.keep(name, token, FOUND_FOR)
    if token is None or not token.usable() or not token.user.is_active:
        return None
    if settings.PARTNERFOLIO_REQUIRE_2FA and not _owner_has_device(token, name):
        raise TwoFactorOwed
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        if name is not None:
            answers.keep(name, token, FOUND_FOR)
    mine = copy.copy(token)
    mine.user = copy.copy(token.user)
    return mine


def _owner_has_device(token: ApiToken, name: str | None) -> bool:
    """Whether the token's owner has a confirmed device, kept with the token found only
    once it is true: a refused token reads the devices again at each request (so setting
    one up lets it in at once), and a kept entry ends with the revision, which a device's
    removal raises (its audit record, and `accounts.apps` for a deletion from a shell)."""
    if getattr(token, "owner_has_device", False):
        return True
    found = has_device(token.user)
    if found:
        token.owner_has_device = True  # type: ignore[attr-defined]
        if name is not None:
            answers.keep(name, token, FOUND_FOR)
    return found
