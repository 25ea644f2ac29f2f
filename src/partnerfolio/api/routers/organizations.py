"""Partner organizations: those in a partnership the caller may see (or in none yet);
managers and administrators create, change and delete them."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from partnerfolio.accounts import access, names
from partnerfolio.api.auth import person, writer
from partnerfolio.api.preconditions import etag, expected_version
from partnerfolio.api.problems import forbidden, not_found
from partnerfolio.api.routers.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    PageQuery,
    Removal,
    listing,
    page,
    raw_body,
)
from partnerfolio.api.schemas.common import SearchText
from partnerfolio.api.schemas.partnerships import (
    OrganizationIn,
    OrganizationList,
    OrganizationOut,
    OrganizationPatch,
)
from partnerfolio.domain.enums import Sector
from partnerfolio.partners import services
from partnerfolio.partners.models import PartnerOrganization

router = Router(tags=["organizations"])


class OrganizationFilters(Schema):
    q: SearchText | None = Field(None, max_length=200, description="in the organization's name")
    sector: Sector | None = None
    ordering: Literal["name", "-name"] = "name"


def organization_out(o: PartnerOrganization) -> dict[str, Any]:
    return {
        "id": o.pk,
        "version": o.version,
        "name": o.name,
        "sector": o.sector or None,
        "assets": o.assets or [],
        "competes_with_us": o.competes_with_us,
        "competes_in": o.competes_in or [],
        "partnerships": [{"id": p.pk, "name": p.name} for p in o.partnerships.all()],
    }


def _visible(user: Any) -> Any:
    seen = access.visible_partnerships(user).order_by("name")
    return access.visible_organizations(user).prefetch_related(
        Prefetch("partnerships", queryset=seen)
    )


def _organization(user: Any, pk: int) -> PartnerOrganization:
    found = _visible(user).filter(pk=pk).first()
    if found is None:
        raise not_found("no such partner organization")
    return found


@router.get("", response={200: OrganizationList, **READ_ERRORS})
def organization_list(
    request: HttpRequest, filters: Query[OrganizationFilters], paging: PageQuery
) -> dict[str, Any]:
    query = _visible(person(request))
    if filters.q and filters.q.strip():
        query = query.filter(name__icontains=filters.q.strip())
    if filters.sector is not None:
        query = query.filter(sector=filters.sector.value)
    count, rows = page(query.order_by(filters.ordering), paging)
    return listing(count, paging, [organization_out(o) for o in rows])


@router.get("/{int:organization_id}", response={200: OrganizationOut, **READ_ERRORS})
def organization_detail(
    request: HttpRequest, response: HttpResponse, organization_id: int
) -> dict[str, Any]:
    found = _organization(person(request), organization_id)
    response["ETag"] = etag(found.version)
    return organization_out(found)


@router.patch("/{int:organization_id}", response={200: OrganizationOut, **WRITE_ERRORS})
def organization_change(
    request: HttpRequest, response: HttpResponse, organization_id: int, payload: OrganizationPatch
) -> dict[str, Any]:
    user = writer(request)
    found = _organization(user, organization_id)
    if not access.can_edit_organizations(user):
        raise forbidden("managers and administrators change partner organizations")
    version = expected_version(request, found.version, payload.version)
    changes = raw_body(request, "version")
    if changes.get("name") != found.name:
        names.check_free(user, PartnerOrganization, changes.get("name"), current=found.pk)
    services.partner_organization_update(
        actor=user,
        organization=found,
        expected_version=version,
        changes=changes,
    )
    found = _organization(user, organization_id)
    response["ETag"] = etag(found.version)
    return organization_out(found)


def _organizer(request: HttpRequest) -> Any:
    user = writer(request)
    if not access.can_edit_organizations(user):
        raise forbidden("managers and administrators create, change and delete organizations")
    return user


@router.post(
    "",
    response={201: OrganizationOut, **WRITE_ERRORS},
    summary="Create a partner organization (before it is a partner in anything)",
)
def organization_create(
    request: HttpRequest, response: HttpResponse, payload: OrganizationIn
) -> Status[Any]:
    user = _organizer(request)
    details = raw_body(request)
    names.check_free(user, PartnerOrganization, details.get("name"))
    created = services.partner_organization_create(actor=user, details=details)
    response["Location"] = f"/api/v1/organizations/{created.pk}"
    response["ETag"] = etag(created.version)
    return Status(201, organization_out(_organization(user, created.pk)))


@router.delete(
    "/{int:organization_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a partner organization no partnership names",
)
def organization_delete(
    request: HttpRequest, organization_id: int, params: Query[Removal]
) -> Status[Any]:
    user = writer(request)
    found = _organization(user, organization_id)
    _organizer(request)
    services.partner_organization_delete(
        actor=user,
        organization=found,
        expected_version=expected_version(request, found.version, params.version),
        reason=params.reason,
    )
    return Status(204, None)
