"""Who may see and do what: the one place the rules of docs/access.md are written.

Every page, API endpoint and export reads partnerships through `visible_partnerships`;
a partnership outside it answers 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from partnerfolio.accounts.models import Role
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.models import Partnership

OUR_SIDE = (Role.ADMIN, Role.MANAGER, Role.CONTRIBUTOR, Role.VIEWER)


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return Role.ADMIN if user.is_superuser else user.role


def is_admin(user: Any) -> bool:
    return role_of(user) == Role.ADMIN


def on_our_side(user: Any) -> bool:
    return role_of(user) in OUR_SIDE


def visible_partnerships(user: Any) -> QuerySet[Partnership]:
    """The partnerships this person may know exist."""
    role = role_of(user)
    partnerships = Partnership.objects.all()
    if role == Role.ADMIN:
        return partnerships
    if role in (Role.MANAGER, Role.CONTRIBUTOR, Role.VIEWER):
        return partnerships.filter(Q(confidential=False) | Q(members__user=user)).distinct()
    if role == Role.PARTNER and user.organization_id is not None:
        return partnerships.filter(confidential=False, partners=user.organization_id).distinct()
    return partnerships.none()


def can_see(user: Any, partnership: Partnership) -> bool:
    return visible_partnerships(user).filter(pk=partnership.pk).exists()


def can_edit(user: Any, partnership: Partnership) -> bool:
    """Managers edit what they see; contributors what they own or work on; no one else."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    if role == Role.MANAGER:
        return can_see(user, partnership)
    if role == Role.CONTRIBUTOR:
        return partnership.members.filter(user=user).exists()
    return False


def can_create(user: Any) -> bool:
    return role_of(user) in (Role.ADMIN, Role.MANAGER)


def can_govern(user: Any, partnership: Partnership) -> bool:
    """Setting the team and the confidential mark, and deleting, are a manager's or an
    administrator's, on a partnership they may edit."""
    return role_of(user) in (Role.ADMIN, Role.MANAGER) and can_edit(user, partnership)


def can_edit_organizations(user: Any) -> bool:
    """Organizations are shared by partnerships: administrators and managers change them."""
    return role_of(user) in (Role.ADMIN, Role.MANAGER)


def can_override_guards(user: Any) -> bool:
    """Overriding a life-cycle guard with a written reason is a manager's call."""
    return role_of(user) in (Role.ADMIN, Role.MANAGER)


def visible_organizations(user: Any) -> QuerySet[PartnerOrganization]:
    """Organizations in a partnership the person may see, and those in none yet.

    An organization whose only partnerships are confidential would betray them: it is
    hidden like them. Administrators see every one.
    """
    role = role_of(user)
    if role == Role.ADMIN:
        return PartnerOrganization.objects.all()
    if role in (Role.MANAGER, Role.CONTRIBUTOR, Role.VIEWER):
        return PartnerOrganization.objects.filter(
            Q(partnerships__in=visible_partnerships(user).values("pk"))
            | Q(partnerships__isnull=True)
        ).distinct()
    return PartnerOrganization.objects.none()
