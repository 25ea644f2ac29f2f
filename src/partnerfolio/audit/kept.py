"""Answers kept in Django's cache under the data revision they were computed at.

An answer computed from the record (an API list, the dashboard) is kept under a key made
of what it is (`prefix`), the data revision (`partnerfolio.audit.revision`) and who asked
and how (`asker`: account, role, parameters). Any committed change raises the revision,
so from the next request on, on every server, the key asked for is a new one and the old
answer is never read again; it leaves the cache by its age or as the least recently used.
A cache that is down costs a computed answer, never a failed request.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Hashable
from typing import Any

from django.core.cache import cache

log = logging.getLogger(__name__)


def key(prefix: str, at: int, asker: Hashable) -> str:
    """The cache key of `prefix`'s answer for `asker` at revision `at`."""
    digest = hashlib.sha256(repr(asker).encode("utf-8")).hexdigest()
    return f"{prefix}:{at}:{digest}"


def kept(name: str) -> Any:
    """What the cache holds under `name`, or None (also when the cache is down)."""
    try:
        return cache.get(name)
    except Exception:  # a cache that is down costs a computed answer
        log.warning("the cache did not answer; computing instead", exc_info=True)
        return None


def keep(name: str, value: Any, timeout: float) -> None:
    try:
        cache.set(name, value, timeout)
    except Exception:
        log.warning("the cache did not take a kept answer", exc_info=True)
