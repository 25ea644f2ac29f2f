"""Metrics a partnership tracks and their observations, through the metric services."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from partnerfolio.api.auth import visible_partnership
from partnerfolio.api.preconditions import etag, expected_version, if_match
from partnerfolio.api.problems import ApiProblem, not_found
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
from partnerfolio.api.schemas.evidence import (
    MetricIn,
    MetricList,
    MetricOut,
    ObservationIn,
    ObservationList,
    ObservationOut,
    ObservationPatch,
)
from partnerfolio.interchange import Problem
from partnerfolio.metrics import services
from partnerfolio.metrics.models import Metric, Observation
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.records import finite

router = Router(tags=["metrics"])
METRIC = "/{int:partnership_id}/metrics/{int:metric_id}"
OBSERVATION = METRIC + "/observations/{int:observation_id}"


def metric_out(m: Metric) -> dict[str, Any]:
    return {
        "id": m.pk,
        "version": m.version,
        "key": m.key,
        "name": m.name or None,
        "category": m.category or None,
        "direction": m.direction or None,
        "leading": m.leading,
        "unit": m.unit or None,
        "target": m.target,
        "observations": getattr(m, "observation_count", None) or m.observations.count(),
    }


def observation_out(o: Observation) -> dict[str, Any]:
    return {"id": o.pk, "on": o.on, "value": o.value}


def _metric(partnership: Partnership, metric_id: int) -> Metric:
    metric = Metric.objects.filter(partnership=partnership, pk=metric_id).first()
    if metric is None:
        raise not_found("no such metric")
    return metric


def _observation(metric: Metric, observation_id: int) -> Observation:
    row = Observation.objects.filter(metric=metric, pk=observation_id).first()
    if row is None:
        raise not_found("no such observation")
    return row


@router.get("/{int:partnership_id}/metrics", response={200: MetricList, **READ_ERRORS})
def metric_list(request: HttpRequest, partnership_id: int, paging: PageQuery) -> dict[str, Any]:
    partnership = visible_partnership(request, partnership_id)
    query = (
        Metric.objects.filter(partnership=partnership)
        .annotate(observation_count=Count("observations"))
        .order_by("id")
    )
    count, rows = page(query, paging)
    return listing(count, paging, [metric_out(m) for m in rows])


@router.post("/{int:partnership_id}/metrics", response={201: MetricOut, **WRITE_ERRORS})
def metric_define(
    request: HttpRequest, response: HttpResponse, partnership_id: int, payload: MetricIn
) -> Status[Any]:
    partnership = visible_partnership(request, partnership_id, edit=True)
    with item_paths("metrics"):
        metric = services.metric_define(
            actor=request.auth,  # type: ignore[attr-defined]
            partnership=partnership,
            **raw_body(request),
        )
    response["ETag"] = etag(metric.version)
    response["Location"] = f"/api/v1/partnerships/{partnership_id}/metrics/{metric.pk}"
    return Status(201, metric_out(metric))


@router.get(METRIC, response={200: MetricOut, **READ_ERRORS})
def metric_read(
    request: HttpRequest, response: HttpResponse, partnership_id: int, metric_id: int
) -> dict[str, Any]:
    metric = _metric(visible_partnership(request, partnership_id), metric_id)
    response["ETag"] = etag(metric.version)
    return metric_out(metric)


@router.delete(METRIC, response={204: None, **WRITE_ERRORS}, summary="Stop tracking a metric")
def metric_remove(
    request: HttpRequest, partnership_id: int, metric_id: int, params: Query[Removal]
) -> Status[Any]:
    metric = _metric(visible_partnership(request, partnership_id, edit=True), metric_id)
    version = expected_version(request, metric.version, params.version)
    services.metric_remove(
        actor=request.auth,  # type: ignore[attr-defined]
        metric=metric,
        expected_version=version,
        reason=params.reason,
    )
    return Status(204, None)


@router.get(METRIC + "/observations", response={200: ObservationList, **READ_ERRORS})
def observation_list(
    request: HttpRequest, partnership_id: int, metric_id: int, paging: PageQuery
) -> dict[str, Any]:
    metric = _metric(visible_partnership(request, partnership_id), metric_id)
    count, rows = page(Observation.objects.filter(metric=metric).order_by("on"), paging)
    return listing(count, paging, [observation_out(o) for o in rows])


def _number(raw: dict[str, Any], key: str) -> None:
    if key in raw and not finite(raw[key]):
        raise ApiProblem(422, f"{key}: must be a number", [Problem(key, "must be a number")])


@router.post(METRIC + "/observations", response={201: ObservationOut, **WRITE_ERRORS})
def observation_record(
    request: HttpRequest,
    response: HttpResponse,
    partnership_id: int,
    metric_id: int,
    payload: ObservationIn,
) -> Status[Any]:
    metric = _metric(visible_partnership(request, partnership_id, edit=True), metric_id)
    _number(raw_body(request), "value")
    row = services.observation_record(
        actor=request.auth,  # type: ignore[attr-defined]
        metric=metric,
        on=payload.on,
        value=payload.value,
    )
    response["ETag"] = etag(row.value)
    return Status(201, observation_out(row))


@router.get(OBSERVATION, response={200: ObservationOut, **READ_ERRORS})
def observation_read(
    request: HttpRequest,
    response: HttpResponse,
    partnership_id: int,
    metric_id: int,
    observation_id: int,
) -> dict[str, Any]:
    metric = _metric(visible_partnership(request, partnership_id), metric_id)
    row = _observation(metric, observation_id)
    response["ETag"] = etag(row.value)
    return observation_out(row)


@router.patch(
    OBSERVATION, response={200: ObservationOut, **WRITE_ERRORS}, summary="Correct a value"
)
def observation_correct(
    request: HttpRequest,
    response: HttpResponse,
    partnership_id: int,
    metric_id: int,
    observation_id: int,
    payload: ObservationPatch,
) -> dict[str, Any]:
    """An observation's ETag is its value: a correction names the value it corrects."""
    metric = _metric(visible_partnership(request, partnership_id, edit=True), metric_id)
    row = _observation(metric, observation_id)
    _number(raw_body(request), "value")
    tag = if_match(request)
    if tag is not None:
        try:
            seen = float(tag)
        except ValueError:
            seen = float("nan")
        if not seen == row.value:
            raise ApiProblem(412, f"If-Match names {tag}, the value is now {row.value:g}")
        expected = seen
    elif payload.expected_value is not None:
        expected = payload.expected_value
    else:
        raise ApiProblem(
            428, "say which value you correct: If-Match with the ETag, or expected_value"
        )
    row = services.observation_correct(
        actor=request.auth,  # type: ignore[attr-defined]
        observation=row,
        expected_value=expected,
        value=payload.value,
        reason=payload.reason,
    )
    response["ETag"] = etag(row.value)
    return observation_out(row)
