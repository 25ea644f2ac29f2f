"""The request being served, for the log lines and audit records written while it runs.

A context variable, so each thread (gunicorn's threads) and each task sees its own.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("partnerfolio_request_id", default=None)
_user_id: ContextVar[int | None] = ContextVar("partnerfolio_user_id", default=None)

# A request id the proxy passes (nginx's $request_id: 32 hex digits) is kept when it is
# this plain; anything else is replaced, so a client cannot write into the logs.
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id() -> str | None:
    """The id of the request being served, or None outside one (a command, a task)."""
    return _request_id.get()


def user_id() -> int | None:
    return _user_id.get()


def chosen_id(offered: str | None) -> str:
    """The proxy's id when it is plain, else a new one."""
    if offered and ACCEPTED.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def begin(identifier: str) -> tuple[object, object]:
    return _request_id.set(identifier), _user_id.set(None)


def identify(user: int | None) -> None:
    _user_id.set(user)


def end(tokens: tuple[object, object]) -> None:
    request, user = tokens
    _request_id.reset(request)  # type: ignore[arg-type]
    _user_id.reset(user)  # type: ignore[arg-type]
