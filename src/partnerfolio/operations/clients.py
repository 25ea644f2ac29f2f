"""The client's address, as the proxies in front of us saw it (PARTNERFOLIO_PROXY_COUNT).

Each proxy appends the address it was reached from to X-Forwarded-For (nginx's
`$proxy_add_x_forwarded_for`), so with N proxies of ours in front, the Nth entry from the
right is the client as our outermost proxy saw it; everything left of it the client wrote
itself and is never believed. With no proxy (0), the connection's own address. The API's
throttles (Django Ninja's, with NINJA_NUM_PROXIES) count the same address.

Our own few lines rather than django-ipware: ipware's `proxy_count` counts the proxies
*listed in* X-Forwarded-For besides the client, so for nginx in front (which lists the
client alone) it would need a count of 0, and then it believes the leftmost entry, which
the client chooses.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_address(request: Any) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = int(settings.PARTNERFOLIO_PROXY_COUNT)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    if not entries:
        return remote
    return entries[-min(proxies, len(entries))]
