"""What the layout needs on every page: which navigation the person gets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partnerfolio.accounts import access


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = access.role_of(user)
    return {
        "nav_partner": role == "partner",
        "nav_may_import": access.can_create(user),
        "nav_admin": role == "admin",
    }
