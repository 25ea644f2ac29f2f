"""The one reader of Partnerfolio's environment variables.

`partnerfolio.config.settings` reads every variable through these functions, once, into a
Django setting of the same name; the rest of the code reads `django.conf.settings` (tests
override a value with pytest-django's `settings` fixture). An empty variable counts as
unset. A malformed value stops start-up with `ImproperlyConfigured`, naming the variable,
what it must be and what it holds. docs/configuration.md lists every variable.

Standard library and Django's exception only: `partnerfolio.domain` never imports this
(the playbook's path comes from the settings, or the command line).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


def raw(name: str) -> str | None:
    """The variable as set, or None when it is unset or empty."""
    value = os.environ.get(name)
    return None if value is None or value.strip() == "" else value


def text(name: str, default: str = "") -> str:
    value = raw(name)
    return default if value is None else value.strip()


def flag(name: str, default: bool) -> bool:
    value = raw(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def whole(name: str, default: int, *, minimum: int | None = 0, maximum: int | None = None) -> int:
    """A whole number within [minimum, maximum] (by default: not negative)."""
    value = raw(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None
    _within(name, number, minimum, maximum, value)
    return number


def decimal(
    name: str, default: float, *, minimum: float | None = 0.0, maximum: float | None = None
) -> float:
    """A finite number within [minimum, maximum] (by default: not negative)."""
    value = raw(name)
    if value is None:
        return default
    try:
        number = float(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None
    if number != number or number in {float("inf"), float("-inf")}:
        raise ImproperlyConfigured(f"{name} must be a finite number, got {value!r}")
    _within(name, number, minimum, maximum, value)
    return number


def address(name: str, default: str, schemes: tuple[str, ...]) -> str:
    """A URL starting with one of `schemes` ("redis", …), or `default` when unset."""
    value = text(name, default)
    if value and urlsplit(value).scheme not in schemes:
        allowed = ", ".join(f"{scheme}://" for scheme in schemes[:-1])
        raise ImproperlyConfigured(
            f"{name} must start with {allowed} or {schemes[-1]}://, got {value!r}"
        )
    return value


def names(name: str, default: tuple[str, ...] = ()) -> list[str]:
    """A comma-separated list, each item stripped, empty items dropped."""
    value = raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def pairs(name: str) -> dict[str, str]:
    """Comma-separated `key=value` items ("pf-admins=admin,pf-viewers=viewer"), each side
    stripped; an item without `=` or with an empty side stops start-up."""
    value = raw(name)
    if value is None:
        return {}
    found: dict[str, str] = {}
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        key, sep, mapped = (side.strip() for side in item.rpartition("="))
        if not (sep and key and mapped):
            raise ImproperlyConfigured(
                f"{name} must be comma-separated key=value items, got {item!r}"
            )
        found[key] = mapped
    return found


RATE_UNITS = frozenset({"s", "sec", "m", "min", "h", "hour", "d", "day"})


def rate(name: str, default: str) -> str | None:
    """A request rate as Django Ninja's throttles read it ("600/min", "100/5min"), or None
    for "off"."""
    value = text(name, default)
    if value.lower() == "off":
        return None
    count, _, period = value.partition("/")
    unit = period.lstrip("0123456789")
    every = period[: len(period) - len(unit)]
    if not (
        count.isascii()
        and count.isdigit()
        and int(count) > 0
        and unit in RATE_UNITS
        and (every == "" or int(every) > 0)
    ):
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per period, such as '600/min' or "
            f"'100/5min' (periods: s, min, h, day), or 'off'; got {value!r}"
        )
    return value


def _within(
    name: str, number: float, minimum: float | None, maximum: float | None, value: str
) -> None:
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value!r}")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {value!r}")
