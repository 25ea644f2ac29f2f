"""Partnerships: list (paged, filtered, ordered), create, read, change, move, assess, export."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from partnerfolio.accounts import access
from partnerfolio.api.auth import person, visible_partnership, writer
from partnerfolio.api.preconditions import etag, expected_version
from partnerfolio.api.problems import forbidden
from partnerfolio.api.routers.common import (
    AS_OF_PATTERN,
    READ_ERRORS,
    WRITE_ERRORS,
    PageQuery,
    as_of_or_today,
    listing,
    page,
    playbook,
    raw_body,
)
from partnerfolio.api.schemas.partnerships import (
    PartnershipIn,
    PartnershipList,
    PartnershipOut,
    PartnershipPatch,
    StageChangeIn,
)
from partnerfolio.domain import assess
from partnerfolio.domain.enums import Category, PartnershipType, Stage
from partnerfolio.interchange import assessment_json
from partnerfolio.partnerships import models, selectors, services, transitions
from partnerfolio.partnerships.selectors import DILIGENCE_COLUMNS, PROFILE_COLUMNS

router = Router(tags=["partnerships"])

GOVERNANCE = (
    "owner",
    "executive_sponsor",
    "partner_executive_sponsor",
    "steering_committee",
    "relationship_manager",
    "escalation_path",
    "joint_plan",
    "success_metrics_defined",
    "review_cadence_days",
    "partner_governance_commitment",
    "our_governance_commitment",
)
ORDERINGS = {
    "name": ("name",),
    "-name": ("-name",),
    "stage": ("stage", "name"),
    "-stage": ("-stage", "name"),
    "started_on": ("started_on", "name"),
    "-started_on": ("-started_on", "name"),
    "updated_at": ("updated_at", "id"),
    "-updated_at": ("-updated_at", "-id"),
}


class PartnershipFilters(Schema):
    type: PartnershipType | None = None
    category: Category | None = None
    stage: Stage | None = None
    q: str | None = Field(
        None, max_length=200, description="in the partnership's or a partner's name"
    )
    ordering: Literal[tuple(ORDERINGS)] = "name"  # type: ignore[valid-type]


def _present(value: Any) -> bool:
    return value not in (None, "", [])


def partnership_out(p: models.Partnership, can_edit: bool | None = None) -> dict[str, Any]:
    """The partnership's own fields with §8's names (evidence has endpoints of its own)."""
    return {
        "id": p.pk,
        "version": p.version,
        "name": p.name,
        "type": p.type or None,
        "category": p.category or None,
        "stage": p.stage or None,
        "started_on": p.started_on,
        "planned_end_on": p.planned_end_on,
        "confidential": p.confidential,
        "partners": [{"id": o.pk, "name": o.name} for o in p.partners.all()],
        "profile": {
            d.value: getattr(p, c) for d, c in PROFILE_COLUMNS.items() if _present(getattr(p, c))
        },
        "opportunity": p.opportunity,
        "governance": {k: getattr(p, k) for k in GOVERNANCE if _present(getattr(p, k))},
        "due_diligence": {
            a.value: getattr(p, c) for a, c in DILIGENCE_COLUMNS.items() if _present(getattr(p, c))
        },
        "updated_at": p.updated_at,
        "can_edit": can_edit,
    }


def _with_partners(query: Any) -> Any:
    return query.prefetch_related("partners")


def _read(
    request: HttpRequest, response: HttpResponse, partnership: models.Partnership
) -> dict[str, Any]:
    partnership = _with_partners(models.Partnership.objects.filter(pk=partnership.pk)).get()
    response["ETag"] = etag(partnership.version)
    return partnership_out(partnership, access.can_edit(request.auth, partnership))  # type: ignore[attr-defined]


@router.get("", response={200: PartnershipList, **READ_ERRORS}, summary="List partnerships")
def partnership_list(
    request: HttpRequest, filters: Query[PartnershipFilters], paging: PageQuery
) -> dict[str, Any]:
    user = person(request)
    query = access.visible_partnerships(user)
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        query = query.filter(
            Q(name__icontains=text)
            | Q(
                pk__in=models.PartnershipPartner.objects.filter(
                    partner__name__icontains=text
                ).values("partnership")
            )
        )
    for key in ("type", "category", "stage"):
        value = getattr(filters, key)
        if value is not None:
            query = query.filter(**{key: value.value})
    query = _with_partners(query.order_by(*ORDERINGS[filters.ordering]))
    count, rows = page(query, paging)
    return listing(count, paging, [partnership_out(p) for p in rows])


@router.post("", response={201: PartnershipOut, **WRITE_ERRORS}, summary="Create a partnership")
def partnership_create(
    request: HttpRequest, response: HttpResponse, payload: PartnershipIn
) -> Status[Any]:
    user = writer(request)
    if not access.can_create(user):
        raise forbidden("only managers and administrators create partnerships")
    created = services.partnership_create(actor=user, document=raw_body(request))
    response["Location"] = f"/api/v1/partnerships/{created.pk}"
    return Status(201, _read(request, response, created))


@router.get("/{int:partnership_id}", response={200: PartnershipOut, **READ_ERRORS})
def partnership_detail(
    request: HttpRequest, response: HttpResponse, partnership_id: int
) -> dict[str, Any]:
    return _read(request, response, visible_partnership(request, partnership_id))


@router.patch("/{int:partnership_id}", response={200: PartnershipOut, **WRITE_ERRORS})
def partnership_change(
    request: HttpRequest, response: HttpResponse, partnership_id: int, payload: PartnershipPatch
) -> dict[str, Any]:
    partnership = visible_partnership(request, partnership_id, edit=True)
    version = expected_version(request, partnership.version, payload.version)
    changed = services.partnership_update(
        actor=request.auth,  # type: ignore[attr-defined]
        partnership=partnership,
        expected_version=version,
        changes=raw_body(request, "version"),
    )
    return _read(request, response, changed)


@router.post(
    "/{int:partnership_id}/stage",
    response={200: PartnershipOut, **WRITE_ERRORS},
    summary="Move along the life cycle",
)
def partnership_stage(
    request: HttpRequest, response: HttpResponse, partnership_id: int, payload: StageChangeIn
) -> dict[str, Any]:
    partnership = visible_partnership(request, partnership_id, edit=True)
    if payload.override_reason and not access.can_override_guards(request.auth):  # type: ignore[attr-defined]
        raise forbidden("only a manager or an administrator may override a guard")
    version = expected_version(request, partnership.version, payload.version)
    moved = transitions.stage_change(
        actor=request.auth,  # type: ignore[attr-defined]
        partnership=partnership,
        expected_version=version,
        to=payload.to,
        on=payload.on,
        reason=payload.reason,
        exit_plan=payload.exit_plan,
        override_reason=payload.override_reason,
    )
    return _read(request, response, moved)


class AsOf(Schema):
    as_of: str | None = Field(
        None,
        pattern=AS_OF_PATTERN,
        json_schema_extra={"format": "date"},
        description="the day of the assessment, YYYY-MM-DD (default: today)",
    )


@router.get(
    "/{int:partnership_id}/assessment",
    response={200: dict[str, Any], **READ_ERRORS},
    summary="The assessment, as `partnerfolio assess --stored --json` prints it",
)
def partnership_assessment(
    request: HttpRequest, partnership_id: int, params: Query[AsOf]
) -> dict[str, Any]:
    partnership = visible_partnership(request, partnership_id)
    book = playbook()
    snapshot = selectors.partnership_snapshot(partnership)
    return assessment_json(assess(snapshot, as_of_or_today(params.as_of), book), book)


@router.get(
    "/{int:partnership_id}/document",
    response={200: dict[str, Any], **READ_ERRORS},
    summary="The partnership as a §8 document (as `partnerfolio export` writes it)",
)
def partnership_document(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    return selectors.partnership_document(visible_partnership(request, partnership_id))
