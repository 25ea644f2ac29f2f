"""Rendered answers of list operations, kept in the cache while the data revision stands.

A list answer depends only on the record and on who asks. It is kept in Django's cache
(`settings.CACHES`: each process's memory on one machine, Redis shared by every
application server in a team installation) under the data revision it was computed at
(`partnerfolio.audit.revision`), the asker (account, role, superuser) and the operation's
parameters. Any committed change, including to people, teams and tokens, raises the
revision in the database, so from the next request on, on every server, the key asked for
is a new one and the old answer is never read again; it leaves the cache by its age
(MAX_AGE, which also bounds what a change whose revision was never raised could leave
behind: a process killed between its commit and the raise) or as the least recently used.

An answer larger than PARTNERFOLIO_API_CACHE_KB is not kept; 0 turns keeping off. A cache
that is down costs a computed answer, never a failed request.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from pydantic import BaseModel

from partnerfolio.audit import kept as kept_answers
from partnerfolio.audit import revision

MAX_AGE = 300  # seconds
PREFIX = "api-answer"


def limit() -> int:
    """The largest answer kept, in bytes; 0 when keeping is off."""
    return max(0, int(settings.PARTNERFOLIO_API_CACHE_KB)) * 1024


def key(at: int, asker: Hashable) -> str:
    """The cache key of an answer for `asker` (path, account, role, parameters) at `at`."""
    return kept_answers.key(PREFIX, at, asker)


kept = kept_answers.kept
keep = kept_answers.keep


def kept_or_computed(
    request: HttpRequest,
    user: Any,
    parameters: Hashable,
    schema: type[BaseModel],
    compute: Callable[[], dict[str, Any]],
) -> HttpResponse | dict[str, Any]:
    """The kept answer for this asker and these parameters, or `compute()`'s, rendered as
    the API renders it and kept. With keeping off, `compute()`'s result as it is."""
    most = limit()
    at = revision.seen_by(request)
    if most == 0 or at is None:
        return compute()
    name = key(at, (request.path, user.pk, user.role, user.is_superuser, parameters))
    from partnerfolio.api.api import api

    body = kept(name)
    if not isinstance(body, bytes):
        data = schema.model_validate(compute()).model_dump()
        body = api.create_response(request, data, status=200).content
        if len(body) <= most:
            keep(name, body, MAX_AGE)
    return HttpResponse(body, content_type=api.get_content_type())
