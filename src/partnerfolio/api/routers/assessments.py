"""The stateless assessment of a posted §8 document, and the portfolio scan."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from partnerfolio.accounts import access
from partnerfolio.api.auth import person
from partnerfolio.api.routers.common import AS_OF_PATTERN, READ_ERRORS, as_of_or_today, playbook
from partnerfolio.domain import assess
from partnerfolio.interchange import assessment_json, to_snapshot, validate_document
from partnerfolio.interchange.output import finding_json
from partnerfolio.partnerships import selectors

router = Router(tags=["assessments"])
BATCH = 500


class AsOf(Schema):
    as_of: str | None = Field(
        None,
        pattern=AS_OF_PATTERN,
        json_schema_extra={"format": "date"},
        description="the day of the assessment, YYYY-MM-DD (default: today)",
    )


class Finding(Schema):
    partnership: str
    code: str
    severity: str
    message: str
    evidence: str
    recommendation: str


class ScanOut(Schema):
    as_of: date
    count: int
    findings: list[Finding]


DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "description": "one partnership as a §8 document (docs/interchange.md)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PartnershipIn"}}},
    }
}


@router.post(
    "/assess",
    response={200: dict[str, Any], **READ_ERRORS, 400: Any},
    openapi_extra=DOCUMENT_BODY,
    summary="Assess a §8 document, as `partnerfolio assess FILE --json` does; nothing is stored",
)
def assess_document(request: HttpRequest, params: Query[AsOf]) -> HttpResponse:
    person(request)
    book = playbook()
    document = validate_document(request.body, playbook=book)
    result = assessment_json(
        assess(to_snapshot(document), as_of_or_today(params.as_of), book), book
    )
    return HttpResponse(json.dumps(result, ensure_ascii=False), content_type="application/json")


@router.get(
    "/scan",
    response={200: ScanOut, **READ_ERRORS},
    summary="Every pitfall of the partnerships you may see, most severe first (as `scan --json`)",
)
def scan(request: HttpRequest, params: Query[AsOf]) -> dict[str, Any]:
    user = person(request)
    book = playbook()
    as_of = as_of_or_today(params.as_of)
    ids = list(access.visible_partnerships(user).order_by("name").values_list("id", flat=True))
    recent = selectors.RecentObservations(as_of, book.scorecard.trend_points)
    found = []
    with selectors.collector_paused():
        for start in range(0, len(ids), BATCH):
            loaded = selectors.cached_snapshots(ids[start : start + BATCH], recent)
            for snapshot in loaded.values():
                for pitfall in assess(snapshot, as_of, book).pitfalls:
                    found.append(
                        (pitfall.severity.rank, pitfall.code.value, snapshot.name, pitfall)
                    )
    found.sort(key=lambda f: f[:3])
    findings = [finding_json(name, pitfall) for _rank, _code, name, pitfall in found]
    return {"as_of": as_of, "count": len(findings), "findings": findings}
