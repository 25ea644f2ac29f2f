"""A partnership's metrics kept in the pages: defined from the catalog or custom, their
targets set and changed, removed with a reason; their values listed, added, corrected
and removed with a reason (`metric_define`, `metric_update`, `metric_remove`,
`observation_record`, `observation_correct`, `observation_remove`).

Who may see the partnership reads; who may change it gets the forms (else 403; a
partnership one may not see, or a metric of another one, answers 404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partnerfolio.accounts import access
from partnerfolio.domain.messages import label
from partnerfolio.metrics import services
from partnerfolio.metrics.forms import (
    CorrectionForm,
    MetricDefineForm,
    MetricEditForm,
    ValueForm,
    catalog_choices,
)
from partnerfolio.metrics.models import Metric, Observation
from partnerfolio.partnerships import models
from partnerfolio.partnerships.views import _partnership, playbook
from partnerfolio.web.forms import RemovalForm, posted_version, submitted


def metric_name(metric: Metric) -> str:
    return metric.name or label(metric.key).capitalize()


def _metric(partnership: models.Partnership, pk: int) -> Metric:
    found = Metric.objects.filter(partnership=partnership, pk=pk).first()
    if found is None:
        raise Http404("no such metric")
    return found


def _saved(pk: int, name: str, *args: Any) -> HttpResponse:
    return redirect(reverse(name, args=[pk, *args]) + "#saved")


def _latest(rows: list[Metric]) -> dict[int, Observation]:
    """Each metric's latest value: two queries, however long the histories."""
    last = dict(
        Observation.objects.filter(metric__in=rows)
        .values("metric").annotate(last_on=Max("on")).values_list("metric", "last_on")
    )  # fmt: skip
    if not last:
        return {}
    wanted = Q()
    for metric_id, on in last.items():
        wanted |= Q(metric_id=metric_id, on=on)
    return {o.metric_id: o for o in Observation.objects.filter(wanted)}


def _define_form(partnership: models.Partnership, data: Any = None) -> MetricDefineForm:
    taken = set(Metric.objects.filter(partnership=partnership).values_list("key", flat=True))
    return MetricDefineForm(
        data, choices=catalog_choices(playbook(), partnership.type or None, taken)
    )


@require_http_methods(["GET", "POST"])
def metrics(request: HttpRequest, pk: int) -> HttpResponse:
    """The partnership's metrics with their latest value; a POST defines one."""
    partnership = _partnership(request, pk, edit=request.method == "POST")
    may_edit = access.can_edit(request.user, partnership)
    form = _define_form(partnership, request.POST or None) if may_edit else None
    status: int | None = 200
    if request.method == "POST" and form is not None:
        status = submitted(
            form,
            lambda: services.metric_define(
                actor=request.user, partnership=partnership, **form.definition()
            ),
            "metrics[0].",
        )
        if status is None:
            defined = form.definition()
            name = defined.get("name") or label(defined["key"]).capitalize()
            messages.success(request, f"Now tracking {name}.")
            return _saved(pk, "metrics")
    rows = list(Metric.objects.filter(partnership=partnership).order_by("id"))
    latest = _latest(rows)
    return render(
        request,
        "metrics/list.html",
        {"partnership": partnership, "form": form, "may_edit": may_edit,
         "rows": [(m, metric_name(m), latest.get(m.pk)) for m in rows]},
        status=status,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def metric_edit(request: HttpRequest, pk: int, metric: int) -> HttpResponse:
    partnership = _partnership(request, pk, edit=True)
    row = _metric(partnership, metric)
    version, status = row.version, 200
    if request.method == "POST":
        form, version = MetricEditForm(request.POST), posted_version(request)
        status = submitted(
            form,
            lambda: services.metric_update(
                actor=request.user, metric=row, expected_version=version,
                changes=dict(form.cleaned_data),
            ),
        )  # fmt: skip
        if status is None:
            messages.success(request, f"Saved {metric_name(row)}.")
            return _saved(pk, "metrics")
    else:
        form = MetricEditForm(initial={"target": row.target, "name": row.name, "unit": row.unit})
    return render(
        request,
        "metrics/edit.html",
        {"partnership": partnership, "metric": row, "name": metric_name(row), "form": form,
         "version": version},
        status=status,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def metric_remove(request: HttpRequest, pk: int, metric: int) -> HttpResponse:
    partnership = _partnership(request, pk, edit=True)
    row = _metric(partnership, metric)
    form, status = RemovalForm(request.POST or None), 200
    if request.method == "POST":
        status = submitted(
            form,
            lambda: services.metric_remove(
                actor=request.user, metric=row, expected_version=posted_version(request),
                reason=form.cleaned_data["reason"],
            ),
        )  # fmt: skip
        if status is None:
            messages.success(request, f"No longer tracking {metric_name(row)}.")
            return _saved(pk, "metrics")
    return render(
        request,
        "metrics/remove.html",
        {"partnership": partnership, "metric": row, "name": metric_name(row), "form": form,
         "values": row.observations.count()},
        status=status,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def metric_values(request: HttpRequest, pk: int, metric: int) -> HttpResponse:
    """A metric's values, latest first; a POST records one."""
    partnership = _partnership(request, pk, edit=request.method == "POST")
    row = _metric(partnership, metric)
    may_edit = access.can_edit(request.user, partnership)
    form = ValueForm(request.POST or None) if may_edit else None
    status: int | None = 200
    if request.method == "POST" and form is not None:
        status = submitted(
            form,
            lambda: services.observation_record(
                actor=request.user, metric=row, **form.cleaned_data
            ),
        )
        if status is None:
            messages.success(request, f"Recorded {form.cleaned_data['value']:g}.")
            return _saved(pk, "metric_values", metric)
    return render(
        request,
        "metrics/values.html",
        {"partnership": partnership, "metric": row, "name": metric_name(row), "form": form,
         "may_edit": may_edit, "values": list(row.observations.order_by("-on"))},
        status=status,
    )  # fmt: skip


def _observation(row: Metric, pk: int) -> Observation:
    found = Observation.objects.filter(metric=row, pk=pk).first()
    if found is None:
        raise Http404("no such value")
    return found


def _expected(request: HttpRequest) -> float:
    try:
        return float(request.POST.get("expected_value", ""))
    except ValueError:
        return float("nan")  # matches no value: refused as changed meanwhile


@require_http_methods(["GET", "POST"])
def value_correct(request: HttpRequest, pk: int, metric: int, value: int) -> HttpResponse:
    partnership = _partnership(request, pk, edit=True)
    row = _metric(partnership, metric)
    observation = _observation(row, value)
    status: int | None = 200
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        status = submitted(
            form,
            lambda: services.observation_correct(
                actor=request.user, observation=observation, expected_value=_expected(request),
                value=form.cleaned_data["value"], reason=form.cleaned_data["reason"],
            ),
        )  # fmt: skip
        if status is None:
            messages.success(request, f"Corrected the value of {observation.on.isoformat()}.")
            return _saved(pk, "metric_values", metric)
    else:
        form = CorrectionForm(initial={"value": observation.value})
    return render(
        request,
        "metrics/value.html",
        {"partnership": partnership, "metric": row, "name": metric_name(row), "form": form,
         "observation": observation, "removing": False},
        status=status,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def value_remove(request: HttpRequest, pk: int, metric: int, value: int) -> HttpResponse:
    partnership = _partnership(request, pk, edit=True)
    row = _metric(partnership, metric)
    observation = _observation(row, value)
    form, status = RemovalForm(request.POST or None), 200
    if request.method == "POST":
        status = submitted(
            form,
            lambda: services.observation_remove(
                actor=request.user, observation=observation,
                expected_value=_expected(request), reason=form.cleaned_data["reason"],
            ),
        )  # fmt: skip
        if status is None:
            messages.success(request, f"Removed the value of {observation.on.isoformat()}.")
            return _saved(pk, "metric_values", metric)
    return render(
        request,
        "metrics/value.html",
        {"partnership": partnership, "metric": row, "name": metric_name(row), "form": form,
         "observation": observation, "removing": True},
        status=status,
    )  # fmt: skip
