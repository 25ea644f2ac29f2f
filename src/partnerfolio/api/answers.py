"""Rendered answers of list operations, kept per process while the data revision stands.

A list answer depends only on the record and on who asks. It is kept under the asker
(account, role, superuser) and the operation's parameters, beside the data revision it was
computed at (`partnerfolio.audit.revision`), and served again only while the revision has
not moved: any committed change, including to people, teams and tokens, retires every
kept answer. The store is bounded in bytes (least recently used answers go first), and an
answer is kept at most MAX_AGE seconds, which bounds what a change whose revision was
never raised (a process killed between its commit and the raise) could leave behind.
`PARTNERFOLIO_API_CACHE_MB=0` turns it off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from pydantic import BaseModel

from partnerfolio.audit import revision

MAX_AGE = 300.0  # seconds


class Answers:
    """A thread-safe least-recently-used store of bodies, bounded in bytes."""

    def __init__(self, max_bytes: int, max_age: float = MAX_AGE) -> None:
        self.max_bytes = max_bytes
        self.max_age = max_age
        self._kept: OrderedDict[Hashable, tuple[int, float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, at: int) -> bytes | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            if kept[0] != at or time.monotonic() - kept[1] > self.max_age:
                self._drop(key)
                return None
            self._kept.move_to_end(key)
            return kept[2]

    def put(self, key: Hashable, at: int, body: bytes) -> None:
        if len(body) > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._kept:
                self._drop(key)
            self._kept[key] = (at, time.monotonic(), body)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._kept)))

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._bytes = 0

    def _drop(self, key: Hashable) -> None:
        body = self._kept.pop(key)[2]
        self._bytes -= len(body)


_answers: Answers | None = None


def store() -> Answers | None:
    """The process's store, or None when turned off."""
    global _answers
    size = int(getattr(settings, "PARTNERFOLIO_API_CACHE_MB", 32)) * 1024 * 1024
    if size <= 0:
        return None
    if _answers is None or _answers.max_bytes != size:
        _answers = Answers(size)
    return _answers


def kept_or_computed(
    request: HttpRequest,
    user: Any,
    parameters: Hashable,
    schema: type[BaseModel],
    compute: Callable[[], dict[str, Any]],
) -> HttpResponse | dict[str, Any]:
    """The kept answer for this asker and these parameters, or `compute()`'s, rendered as
    the API renders it and kept. With the store off, `compute()`'s result as it is."""
    answers = store()
    at = revision.seen_by(request)
    if answers is None or at is None:
        return compute()
    key = (request.path, user.pk, user.role, user.is_superuser, parameters)
    from partnerfolio.api.api import api

    body = answers.get(key, at)
    if body is None:
        data = schema.model_validate(compute()).model_dump()
        body = api.create_response(request, data, status=200).content
        answers.put(key, at, body)
    return HttpResponse(body, content_type=api.get_content_type())
