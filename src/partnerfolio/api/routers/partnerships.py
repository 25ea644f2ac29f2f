"""Partnerships: list (paged, filtered, ordered), create, read, change, move, assess, export."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from partnerfolio.accounts import access, names
from partnerfolio.api import answers
from partnerfolio.api.auth import person, visible_partnership, writer
from partnerfolio.api.preconditions import etag, expected_version
from partnerfolio.api.problems import ApiProblem, forbidden
from partnerfolio.api.routers.assessments import AsOf
from partnerfolio.api.routers.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    PageParams,
    PageQuery,
    Removal,
    as_of_or_today,
    listing,
    page,
    playbook,
    raw_body,
)
from partnerfolio.api.schemas.common import SearchText
from partnerfolio.api.schemas.partnerships import (
    PartnershipIn,
    PartnershipList,
    PartnershipOut,
    PartnershipPatch,
    PromotionIn,
    StageChangeIn,
    TeamIn,
    TeamOut,
)
from partnerfolio.domain import assess
from partnerfolio.domain.enums import Category, PartnershipType, Stage
from partnerfolio.interchange import Problem, assessment_json
from partnerfolio.partnerships import models, selectors, services, transitions
from partnerfolio.partnerships.records import GOVERNANCE_KEYS
from partnerfolio.partnerships.selectors import DILIGENCE_COLUMNS, PROFILE_COLUMNS

router = Router(tags=["partnerships"])

GOVERNANCE = GOVERNANCE_KEYS
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
    q: SearchText | None = Field(
        None, max_length=200, description="in the partnership's or a partner's name"
    )
    ordering: Literal[tuple(ORDERINGS)] = "name"  # type: ignore[valid-type]


def _present(value: Any) -> bool:
    return value not in (None, "", [])


PARTNERSHIP_COLUMNS = (
    "id",
    "version",
    "name",
    "type",
    "category",
    "stage",
    "started_on",
    "planned_end_on",
    "confidential",
    *PROFILE_COLUMNS.values(),
    "opportunity",
    *GOVERNANCE,
    *DILIGENCE_COLUMNS.values(),
    "updated_at",
)
_PROFILE = tuple((d.value, c) for d, c in PROFILE_COLUMNS.items())
_DILIGENCE = tuple((a.value, c) for a, c in DILIGENCE_COLUMNS.items())


def partnership_json(
    row: dict[str, Any], partners: list[dict[str, Any]], can_edit: bool | None = None
) -> dict[str, Any]:
    """A partnership's own fields with §8's names, from its columns (a `.values()` row, or
    a model's `__dict__`) and its partners as `{"id", "name"}` (by name)."""
    return {
        "id": row["id"],
        "version": row["version"],
        "name": row["name"],
        "type": row["type"] or None,
        "category": row["category"] or None,
        "stage": row["stage"] or None,
        "started_on": row["started_on"],
        "planned_end_on": row["planned_end_on"],
        "confidential": row["confidential"],
        "partners": partners,
        "profile": {d: row[c] for d, c in _PROFILE if _present(row[c])},
        "opportunity": row["opportunity"],
        "governance": {k: row[k] for k in GOVERNANCE if _present(row[k])},
        "due_diligence": {a: row[c] for a, c in _DILIGENCE if _present(row[c])},
        "updated_at": row["updated_at"],
        "can_edit": can_edit,
    }


def partnership_out(p: models.Partnership, can_edit: bool | None = None) -> dict[str, Any]:
    """The partnership's own fields with §8's names (evidence has endpoints of its own)."""
    partners = [{"id": o.pk, "name": o.name} for o in p.partners.all()]
    return partnership_json(p.__dict__, partners, can_edit)


def partners_of(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each partnership's partners as `{"id", "name"}`, by name (as `partners.all()` orders
    them), in one query and without making models."""
    found: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    if ids:
        rows = (
            models.PartnershipPartner.objects.filter(partnership_id__in=ids)
            .order_by("partner__name", "partner_id")
            .values_list("partnership_id", "partner_id", "partner__name")
        )
        for partnership_id, pk, name in rows:
            found[partnership_id].append({"id": pk, "name": name})
    return found


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
) -> Any:
    user = person(request)
    parameters = (*filters.model_dump().items(), paging.limit, paging.offset)
    return answers.kept_or_computed(
        request, user, parameters, PartnershipList, lambda: _listed(user, filters, paging)
    )


def _listed(user: Any, filters: PartnershipFilters, paging: PageParams) -> dict[str, Any]:
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
    # Columns, not models: a page of 50 would otherwise build 50 partnerships and their
    # partner organizations (every column of each) only to read a few fields back.
    query = query.order_by(*ORDERINGS[filters.ordering]).values(*PARTNERSHIP_COLUMNS)
    count, rows = page(query, paging)
    partners = partners_of([row["id"] for row in rows])
    return listing(count, paging, [partnership_json(row, partners[row["id"]]) for row in rows])


@router.post("", response={201: PartnershipOut, **WRITE_ERRORS}, summary="Create a partnership")
def partnership_create(
    request: HttpRequest, response: HttpResponse, payload: PartnershipIn
) -> Status[Any]:
    user = writer(request)
    if not access.can_create(user):
        raise forbidden("only managers and administrators create partnerships")
    document = raw_body(request)
    names.check_new_partnership(user, document)
    created = services.partnership_create(actor=user, document=document)
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
    changes = raw_body(request, "version")
    if changes.get("name") != partnership.name:
        names.check_free(
            request.auth, models.Partnership, changes.get("name"), current=partnership.pk
        )  # type: ignore[attr-defined]
    changed = services.partnership_update(
        actor=request.auth,  # type: ignore[attr-defined]
        partnership=partnership,
        expected_version=version,
        changes=changes,
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


@router.post(
    "/{int:partnership_id}/promote",
    response={200: PartnershipOut, **WRITE_ERRORS},
    summary="Promote a tactical or hybrid partnership to strategic, with its formalization",
)
def partnership_promote(
    request: HttpRequest, response: HttpResponse, partnership_id: int, payload: PromotionIn
) -> dict[str, Any]:
    partnership = visible_partnership(request, partnership_id, edit=True)
    if payload.override_reason and not access.can_override_guards(request.auth):  # type: ignore[attr-defined]
        raise forbidden("only a manager or an administrator may override a guard")
    version = expected_version(request, partnership.version, payload.version)
    promoted, _readiness = transitions.partnership_promote(
        actor=request.auth,  # type: ignore[attr-defined]
        partnership=partnership,
        expected_version=version,
        on=payload.on,
        reason=payload.reason,
        formalization=payload.formalization.model_dump(exclude_none=True),
        override_reason=payload.override_reason,
    )
    return _read(request, response, promoted)


def _manager(request: HttpRequest, partnership_id: int, doing: str) -> models.Partnership:
    """The partnership, for a change only managers and administrators make."""
    partnership = visible_partnership(request, partnership_id, edit=True)
    if not access.can_govern(request.auth, partnership):  # type: ignore[attr-defined]
        raise forbidden(f"only managers and administrators {doing}")
    return partnership


@router.delete(
    "/{int:partnership_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a partnership (its audit record keeps it, to restore)",
)
def partnership_delete(
    request: HttpRequest, partnership_id: int, params: Query[Removal]
) -> Status[Any]:
    partnership = _manager(request, partnership_id, "delete partnerships")
    services.partnership_delete(
        actor=request.auth,  # type: ignore[attr-defined]
        partnership=partnership,
        expected_version=expected_version(request, partnership.version, params.version),
        reason=params.reason,
    )
    return Status(204, None)


def _team(partnership: models.Partnership) -> dict[str, Any]:
    members = partnership.members.select_related("user").order_by("user__username")
    return {
        "version": partnership.version,
        "confidential": partnership.confidential,
        "members": [
            {
                "username": m.user.username,
                "name": m.user.get_full_name() or m.user.username,
                "owner": m.owner,
            }
            for m in members
        ],
    }


@router.get(
    "/{int:partnership_id}/team",
    response={200: TeamOut, **READ_ERRORS},
    summary="Who works on the partnership, and whether it is confidential",
)
def partnership_team(
    request: HttpRequest, response: HttpResponse, partnership_id: int
) -> dict[str, Any]:
    partnership = visible_partnership(request, partnership_id)
    response["ETag"] = etag(partnership.version)
    return _team(partnership)


@router.put(
    "/{int:partnership_id}/team",
    response={200: TeamOut, **WRITE_ERRORS},
    summary="Set the team and the confidential mark",
)
def partnership_team_set(
    request: HttpRequest, response: HttpResponse, partnership_id: int, payload: TeamIn
) -> dict[str, Any]:
    from partnerfolio.accounts.models import User

    partnership = _manager(request, partnership_id, "change a partnership's team")
    version = expected_version(request, partnership.version, payload.version)
    names = [m.username for m in payload.members]
    people = dict(
        User.objects.filter(username__in=names, is_active=True)
        .exclude(role="partner")
        .values_list("username", "pk")
    )
    problems = [
        Problem(f"members[{n}].username", f"no active account of ours is named {name!r}")
        for n, name in enumerate(names)
        if name not in people
    ]
    problems += [
        Problem(f"members[{n}].username", f"{name!r} is named twice")
        for n, name in enumerate(names)
        if name in names[:n]
    ]
    if problems:
        raise ApiProblem(422, "; ".join(map(str, problems)), problems)
    changed = services.partnership_team_update(
        actor=request.auth,  # type: ignore[attr-defined]
        partnership=partnership,
        expected_version=version,
        members={people[m.username]: m.owner for m in payload.members},
        confidential=payload.confidential,
    )
    changed = models.Partnership.objects.get(pk=changed.pk)
    response["ETag"] = etag(changed.version)
    return _team(changed)
