"""The API's request budgets (docs/api.md, "Limits"), with Django Ninja's own throttles.

Two budgets over a sliding window, counted in Django's default cache as Ninja counts (each
process's memory on one machine; Redis, shared by every server, in a team installation):

- PERSON: the requests of one person, through whichever of their tokens or their browser
  session (PARTNERFOLIO_API_RATE_TOKEN), so that one person's flood never slows anyone
  else, and more tokens do not buy a bigger budget;
- ADDRESS: the requests from one client address that carry no valid credentials
  (PARTNERFOLIO_API_RATE_ADDRESS). Ninja throttles only after authentication succeeds,
  so `api.py` charges each refusal at the door (401, and the 403 of a token owing a
  second factor or a session failing CSRF) to this budget itself.

The address is Ninja's (`BaseThrottle.get_ident`): REMOTE_ADDR, or behind
NINJA_NUM_PROXIES proxies (PARTNERFOLIO_PROXY_COUNT) the address the nearest one appended
to X-Forwarded-For; with none, a forged X-Forwarded-For is not read.

The rates are read from the settings at each request (None: that budget is off). Ninja
keeps a request's state (key, history, time) on the throttle between `allow_request` and
`wait`, and one throttle serves every thread of a process: here that state is per thread.
A cache that does not answer lets the request through (logged), as it costs a kept answer
and never fails a request (`partnerfolio.api.answers`).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

log = logging.getLogger(__name__)
OFF = "off"  # as a rate: that budget is not counted (settings.py stores None)

_PERIODS = ((86_400, "day"), (3_600, "hour"), (60, "minute"))


class _PerThread:
    """An attribute of the throttle that each thread sees on its own."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, budget: Any, owner: type | None = None) -> Any:
        return self if budget is None else getattr(budget._state, self.name)

    def __set__(self, budget: Any, value: Any) -> None:
        setattr(budget._state, self.name, value)


class _Budget(SimpleRateThrottle):
    """A Ninja throttle whose rate is the Django setting `setting` ("600/min", or None)."""

    setting = ""
    audience = ""  # whose budget it is, in the words of the 429's detail
    key = _PerThread()
    history = _PerThread()
    now = _PerThread()
    num_requests = _PerThread()
    duration = _PerThread()

    def __init__(self) -> None:  # the rate is read at each request, not once
        self._state = threading.local()

    def rate_now(self) -> tuple[int, int] | None:
        """(requests, seconds) allowed as the settings stand, or None when off."""
        rate = getattr(settings, self.setting, None)
        if rate is None or str(rate).lower() == OFF:
            return None
        return self.parse_rate(rate)  # type: ignore[return-value]

    def allow_request(self, request: HttpRequest) -> bool:
        rate = self.rate_now()
        if rate is None:
            return True
        self.num_requests, self.duration = rate
        try:
            return super().allow_request(request)
        except Exception:  # a cache that is down costs the count, never the request
            log.warning(
                "the cache did not answer: the %s budget is not counted", self.scope, exc_info=True
            )
            return True

    def wait(self) -> float:
        """Seconds until one more request fits (Ninja's; also once the rate was lowered and
        the window holds more than it now allows, where Ninja gives none)."""
        found = super().wait()
        if found is None:
            found = self.history[self.num_requests - 1] + self.duration - self.now
        return max(float(found), 0.0)

    def charge(self, request: HttpRequest) -> float | None:
        """Count this request: None while within the budget, else the seconds to wait."""
        return None if self.allow_request(request) else self.wait()

    def limit(self) -> str:
        """The budget in words: "3 requests a minute for each person"."""
        rate = self.rate_now()
        if rate is None:
            return f"no limit {self.audience}"
        count, seconds = rate
        every, name = next(
            ((seconds // length, name) for length, name in _PERIODS if seconds % length == 0),
            (seconds, "second"),
        )
        period = (
            f"a{'n' if name == 'hour' else ''} {name}" if every == 1 else f"every {every} {name}s"
        )
        return f"{count} request{'' if count == 1 else 's'} {period} {self.audience}"


class PersonBudget(_Budget, UserRateThrottle):
    """Ninja's per-user throttle, keyed on the authenticated caller (a token's owner or the
    session's person); requests without credentials are the address's."""

    scope = "person"
    setting = "PARTNERFOLIO_API_RATE_TOKEN"
    audience = "for each person (all their tokens and their session together)"

    def get_cache_key(self, request: HttpRequest) -> str | None:  # type: ignore[override]
        caller = getattr(request, "auth", None)
        if caller is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": caller.pk}


class AddressBudget(_Budget, AnonRateThrottle):
    """Ninja's anonymous throttle: requests without valid credentials, by client address."""

    scope = "address"
    setting = "PARTNERFOLIO_API_RATE_ADDRESS"
    audience = "from one address without valid credentials"


PERSON = PersonBudget()
ADDRESS = AddressBudget()
