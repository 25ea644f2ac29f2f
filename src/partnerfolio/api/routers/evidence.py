"""Every kind of evidence, the same five operations each, through the evidence services:

GET and POST /partnerships/{id}/{section}, GET, PATCH and DELETE
/partnerships/{id}/{section}/{item_id}, for the §8 lists agreements, commitments,
surveys, engagements, reviews, opportunities and joint_outcomes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from partnerfolio.api.auth import visible_partnership
from partnerfolio.api.preconditions import etag, expected_version
from partnerfolio.api.problems import not_found
from partnerfolio.api.routers.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    PageQuery,
    Removal,
    item_paths,
    listing,
    page,
    raw_body,
)
from partnerfolio.api.schemas.evidence import FAMILIES, SECTIONS
from partnerfolio.evidence import services
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.records import EVIDENCE_MODELS

router = Router(tags=["evidence"])


def item_out(section: str, row: Model) -> dict[str, Any]:
    found: dict[str, Any] = {"id": row.pk, "version": row.version}  # type: ignore[attr-defined]
    for key in SECTIONS[section][1]:
        value = getattr(row, key)
        found[key] = None if value == "" else value
    return found


def _row(section: str, partnership: Partnership, item_id: int) -> Model:
    row = EVIDENCE_MODELS[section].objects.filter(partnership=partnership, pk=item_id).first()
    if row is None:
        raise not_found(f"no such item in {section}")
    return row


def _register(section: str) -> None:
    created_schema, patch_schema, out_schema, list_schema = FAMILIES[section]
    noun = SECTIONS[section][0]
    base = "/{int:partnership_id}/" + section
    item = base + "/{int:item_id}"

    def listed(request: HttpRequest, partnership_id: int, paging: PageQuery) -> dict[str, Any]:
        partnership = visible_partnership(request, partnership_id)
        query = EVIDENCE_MODELS[section].objects.filter(partnership=partnership).order_by("id")
        count, rows = page(query, paging)
        return listing(count, paging, [item_out(section, r) for r in rows])

    def recorded(
        request: HttpRequest, response: HttpResponse, partnership_id: int, payload: Any
    ) -> Status[Any]:
        partnership = visible_partnership(request, partnership_id, edit=True)
        with item_paths(section):
            row = services.evidence_record(
                actor=request.auth,  # type: ignore[attr-defined]
                partnership=partnership,
                section=section,
                item=raw_body(request),
            )
        response["ETag"] = etag(row.version)  # type: ignore[attr-defined]
        response["Location"] = f"/api/v1/partnerships/{partnership_id}/{section}/{row.pk}"
        return Status(201, item_out(section, row))

    def read(
        request: HttpRequest, response: HttpResponse, partnership_id: int, item_id: int
    ) -> dict[str, Any]:
        row = _row(section, visible_partnership(request, partnership_id), item_id)
        response["ETag"] = etag(row.version)  # type: ignore[attr-defined]
        return item_out(section, row)

    def changed(
        request: HttpRequest,
        response: HttpResponse,
        partnership_id: int,
        item_id: int,
        payload: Any,
    ) -> dict[str, Any]:
        row = _row(section, visible_partnership(request, partnership_id, edit=True), item_id)
        version = expected_version(request, row.version, payload.version)  # type: ignore[attr-defined]
        with item_paths(section):
            row = services.evidence_update(
                actor=request.auth,  # type: ignore[attr-defined]
                row=row,
                expected_version=version,
                changes=raw_body(request, "version"),
            )
        response["ETag"] = etag(row.version)  # type: ignore[attr-defined]
        return item_out(section, row)

    def removed(
        request: HttpRequest, partnership_id: int, item_id: int, params: Query[Removal]
    ) -> Status[Any]:
        row = _row(section, visible_partnership(request, partnership_id, edit=True), item_id)
        version = expected_version(request, row.version, params.version)  # type: ignore[attr-defined]
        services.evidence_delete(
            actor=request.auth,  # type: ignore[attr-defined]
            row=row,
            expected_version=version,
            reason=params.reason,
        )
        return Status(204, None)

    recorded.__annotations__["payload"] = created_schema
    changed.__annotations__["payload"] = patch_schema
    router.add_api_operation(
        base,
        ["GET"],
        listed,
        response={200: list_schema, **READ_ERRORS},
        operation_id=f"{section}_list",
        summary=f"List the {section}",
    )
    router.add_api_operation(
        base,
        ["POST"],
        recorded,
        response={201: out_schema, **WRITE_ERRORS},
        operation_id=f"{section}_record",
        summary=f"Record a {noun}",
    )
    router.add_api_operation(
        item,
        ["GET"],
        read,
        response={200: out_schema, **READ_ERRORS},
        operation_id=f"{section}_read",
        summary=f"Read a {noun}",
    )
    router.add_api_operation(
        item,
        ["PATCH"],
        changed,
        response={200: out_schema, **WRITE_ERRORS},
        operation_id=f"{section}_update",
        summary=f"Correct a {noun}",
    )
    router.add_api_operation(
        item,
        ["DELETE"],
        removed,
        response={204: None, **WRITE_ERRORS},
        operation_id=f"{section}_delete",
        summary=f"Remove a {noun} recorded in error",
    )


for _section in SECTIONS:
    _register(_section)
