"""The names people choose for partnerships and partner organizations, checked so that a
refusal tells nothing of a record the person may not see (docs/access.md, "Names").

Names are unique in the installation (imports and links find a record by its name), so
a name in use must be refused. The refusal has the same words whoever holds the name,
a record the person sees or one they may not: it never says by what, never quotes its
details, and a hidden organization named as a partner is never attached. When the
holder is hidden from the person, the attempt is logged for administrators
(`partnerfolio.security`, with the account and the record's id, never its name).
"""

from __future__ import annotations

import logging
from typing import Any

from partnerfolio.accounts import access
from partnerfolio.interchange import Problem
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.errors import InvalidChange
from partnerfolio.partnerships.models import Partnership

NOT_AVAILABLE = "this name is not available; choose another"
log = logging.getLogger("partnerfolio.security")


class NameUnavailable(InvalidChange):
    """A name in use (HTTP 409 in the API; the field's error on a page)."""


def hidden_holder(user: Any, model: type[Partnership | PartnerOrganization], name: str,
                  current: int | None = None) -> bool | None:  # fmt: skip
    """None: no other record has the name; else whether the one that has it is hidden
    from `user` (None as the user: a command, which sees everything)."""
    if "\x00" in name:  # no stored name holds NUL (PostgreSQL refuses it in a query); the
        return None  # service's own validation refuses the name
    holders = model.objects.filter(name=name)
    if current is not None:
        holders = holders.exclude(pk=current)
    holder = holders.values_list("pk", flat=True).first()
    if holder is None:
        return None
    if user is None:
        return False
    visible = (
        access.visible_partnerships(user)
        if model is Partnership
        else access.visible_organizations(user)
    )
    hidden = not visible.filter(pk=holder).exists()
    if hidden:
        log.warning(
            "name collision: account %s chose the name of %s %s, which it may not see",
            getattr(user, "pk", user),
            model._meta.model_name,
            holder,
        )
    return hidden


def check_free(user: Any, model: type[Partnership | PartnerOrganization], name: Any,
               *, current: int | None = None, path: str = "name") -> None:  # fmt: skip
    """Refuse a name another record has, in the same words whoever holds it."""
    if isinstance(name, str) and hidden_holder(user, model, name, current) is not None:
        raise NameUnavailable([Problem(path, NOT_AVAILABLE)])


def check_partners(user: Any, partners: Any) -> None:
    """Partners named in a new partnership: an existing organization is attached only if
    the person may see it; one they may not is refused as a name not available."""
    if not isinstance(partners, list):
        return
    for n, partner in enumerate(partners):
        name = partner.get("name") if isinstance(partner, dict) else None
        if isinstance(name, str) and hidden_holder(user, PartnerOrganization, name):
            raise NameUnavailable([Problem(f"partners[{n}].name", NOT_AVAILABLE)])


def check_new_partnership(user: Any, document: Any) -> None:
    if isinstance(document, dict):
        check_free(user, Partnership, document.get("name"))
        check_partners(user, document.get("partners"))
