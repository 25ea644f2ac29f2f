"""What the partnership page's *Record* card posts: an item of evidence, a metric's value,
a commitment delivered, a stage change. Each form is a Django form (`page_forms`) that
hands clean values to a service; a refusal comes back to its field with the status the
error's kind gives (`web.forms.refused`).

After a save the person stays where they were: with htmx the page's main part comes
back with the confirmation next to the form and focus on it; without script the page
opens at the same form (`?saved=SECTION#saved`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnerfolio.accounts import access
from partnerfolio.domain.messages import label
from partnerfolio.evidence import services as evidence_services
from partnerfolio.evidence.models import Commitment
from partnerfolio.metrics import services as metric_services
from partnerfolio.metrics.models import Metric
from partnerfolio.partnerships import models, transitions
from partnerfolio.partnerships.page_forms import (
    RECORDED,
    DeliveredForm,
    ObservationForm,
    StageForm,
    item_form,
)
from partnerfolio.partnerships.record_forms import FORMS
from partnerfolio.partnerships.views import _main, _partnership, playbook
from partnerfolio.web.forms import override_refused, posted_version, submitted


def saved(request: HttpRequest, partnership: models.Partnership, section: str, text: str):
    """The confirmation, next to the form just used."""
    messages.success(request, text, extra_tags="saved")
    if request.htmx:
        return _main(request, partnership, saved_section=section)
    url = reverse("partnership_detail", args=[partnership.pk])
    return redirect(f"{url}?saved={section}#saved")


def refused_page(
    request: HttpRequest, partnership: models.Partnership, key: str, form: Any, status: int
) -> HttpResponse:
    partnership.refresh_from_db()
    return _main(request, partnership, status=status, bound={key: form}, open_section=key)


@require_POST
def evidence_add(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """Record one item of evidence; the assessment on the page follows."""
    partnership = _partnership(request, pk, edit=True)
    if section not in RECORDED:
        raise Http404("no such evidence")
    form = item_form(section, playbook().surveys.questions, request.POST)
    status = submitted(
        form,
        lambda: evidence_services.evidence_record(
            actor=request.user, partnership=partnership, section=section, item=form.item()
        ),
        f"{section}[0].",
    )
    if status:
        return refused_page(request, partnership, section, form, status)
    return saved(request, partnership, section, f"Recorded the {FORMS[section].noun}.")


@require_POST
def observation_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk, edit=True)
    metrics = list(Metric.objects.filter(partnership=partnership).order_by("id"))
    form = ObservationForm(request.POST, metrics=metrics)

    def write() -> None:
        metric_services.observation_record(
            actor=request.user,
            metric=form.metrics[form.cleaned_data["metric"]],
            on=form.cleaned_data["on"],
            value=form.cleaned_data["value"],
        )

    status = submitted(form, write)
    if status:
        return refused_page(request, partnership, "observation", form, status)
    metric = form.metrics[form.cleaned_data["metric"]]
    name = metric.name or label(metric.key).capitalize()
    return saved(
        request, partnership, "observation", f"Recorded {name}: {form.cleaned_data['value']:g}."
    )


@require_POST
def commitment_delivered(request: HttpRequest, pk: int, commitment: int) -> HttpResponse:
    """Mark an open commitment delivered (and whether it met the quality bar)."""
    partnership = _partnership(request, pk, edit=True)
    row = get_object_or_404(Commitment, pk=commitment, partnership=partnership)
    form = DeliveredForm(request.POST, auto_id=f"delivered-{row.pk}-%s")

    def write() -> None:
        changes: dict[str, Any] = {"delivered_on": form.cleaned_data["delivered_on"]}
        if form.cleaned_data["met_quality"] is not None:
            changes["met_quality"] = form.cleaned_data["met_quality"]
        evidence_services.evidence_update(
            actor=request.user, row=row, expected_version=posted_version(request), changes=changes
        )

    status = submitted(form, write, "commitments[0].")
    if status:
        return refused_page(request, partnership, f"delivered-{row.pk}", form, status)
    return saved(request, partnership, "delivered", f"Recorded “{row.title}” as delivered.")


@require_POST
def stage_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the partnership along its life cycle, through the guards."""
    partnership = _partnership(request, pk, edit=True)
    may_override = access.can_override_guards(request.user)
    form = StageForm(request.POST, stage=partnership.stage, may_override=may_override)
    if override_refused(request, form):
        return refused_page(request, partnership, "stage", form, 403)

    def write() -> None:
        transitions.stage_change(
            actor=request.user,
            partnership=partnership,
            expected_version=posted_version(request),
            to=form.cleaned_data["to"],
            on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
            exit_plan=form.cleaned_data["exit_plan"] or None,
            override_reason=form.cleaned_data.get("override_reason") or None,
        )

    status = submitted(form, write)
    if status:
        return refused_page(request, partnership, "stage", form, status)
    partnership.refresh_from_db()
    return saved(request, partnership, "stage", f"Moved to {label(partnership.stage)}.")
