"""Template filters: the domain's labels for its codes, and compact figures."""

from __future__ import annotations

from typing import Any

from django import template

from partnerfolio.domain.messages import label as domain_label

register = template.Library()


@register.filter
def choice(code: Any) -> str:
    """A code as the name of a choice: "Contract", "Check in"."""
    from partnerfolio.web.forms import choice_label

    return choice_label(str(code)) if code else ""


@register.filter
def label(code: Any) -> str:
    """`not_ready` → `not ready`, `exit_difficulty` → `flexibility to exit`."""
    return domain_label(str(code)) if code not in (None, "") else "–"


@register.filter
def figure(value: Any) -> str:
    """23.5, 48.2 k, 10.6 M; an en dash for nothing."""
    if value is None or value == "":
        return "–"
    number = float(value)
    for limit, suffix in ((1e9, " G"), (1e6, " M"), (1e4, " k")):
        if abs(number) >= limit:
            return f"{number / limit:.3g}{suffix}"
    return f"{number:.3g}" if abs(number) < 1000 else f"{number:,.0f}"


@register.filter
def get(mapping: Any, key: str) -> Any:
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
