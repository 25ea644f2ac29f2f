"""The declared type, changed in the pages: reclassify, demote or mark hybrid with a
reason (`type_change`), and promotion to strategic (`partnership_promote`), which asks
for every element strategic governance expects and for the eight dimensions again, so a
just-promoted partnership reads strategic and governed.

Who may see the partnership reads the forms' pages only if they may change it (403),
and a partnership they may not see answers 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partnerfolio.domain import assess
from partnerfolio.domain.enums import Dimension, PartnershipType
from partnerfolio.domain.messages import label
from partnerfolio.partnerships import models, selectors, transitions
from partnerfolio.partnerships.selectors import PROFILE_COLUMNS
from partnerfolio.partnerships.views import _partnership, playbook, today
from partnerfolio.web import presenters
from partnerfolio.web.forms import (
    PageForm,
    StrictDateField,
    override_refused,
    posted_version,
    submitted,
)

TYPE_NAMES = {
    PartnershipType.STRATEGIC: "Strategic (long-term, executive governance)",
    PartnershipType.TACTICAL: "Tactical (short-term, scoped)",
    PartnershipType.HYBRID: "Hybrid (a test of fit)",
}
SCALE = [("", "– (keep as recorded)"), ("1", "1 (tactical pole)"), ("2", "2"), ("3", "3"),
         ("4", "4"), ("5", "5 (strategic pole)")]  # fmt: skip


def _reason(label_: str, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label_,
        required=required,
        max_length=transitions.REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TypeChangeForm(PageForm):
    to = forms.ChoiceField(label="New declared type")
    on = StrictDateField(label="Date")
    reason = _reason("Reason")

    def __init__(self, *args: Any, current: str | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (t.value, name)
            for t, name in TYPE_NAMES.items()
            if t.value != current and not (t is PartnershipType.STRATEGIC and current)
        ]


class PromoteForm(PageForm):
    executive_sponsor = forms.CharField(
        label="Our executive sponsor", required=False, max_length=500
    )
    partner_executive_sponsor = forms.CharField(
        label="The partner's executive sponsor", required=False, max_length=500
    )
    relationship_manager = forms.CharField(
        label="Our dedicated relationship (alliance) manager", required=False, max_length=500
    )
    steering_committee = forms.BooleanField(
        label="A joint steering committee meets", required=False
    )
    joint_plan = forms.BooleanField(label="A joint plan is agreed", required=False)
    success_metrics_defined = forms.BooleanField(
        label="Success metrics are agreed with the partner", required=False
    )
    review_cadence_days = forms.IntegerField(
        label="Review every (days)", required=False, min_value=1, max_value=3650
    )
    escalation_path = forms.CharField(
        label="Escalation path, one level per line",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on = StrictDateField(label="Date")
    reason = _reason("Reason")
    override_reason = _reason(
        "Override reason (a manager promoting without a guard met)", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for d in Dimension:
            self.fields[f"profile_{d.value}"] = forms.TypedChoiceField(
                label=label(d.value).capitalize(), choices=SCALE, coerce=int,
                empty_value=None, required=False,
            )  # fmt: skip

    def governance_fields(self) -> list[Any]:
        return [self[n] for n in self.fields if not n.startswith("profile_") and n not in EVENT]

    def profile_fields(self) -> list[Any]:
        return [self[n] for n in self.fields if n.startswith("profile_")]

    def event_fields(self) -> list[Any]:
        return [self[n] for n in EVENT]

    def formalization(self) -> dict[str, Any]:
        """The governance asked for; a blank name keeps the one recorded."""
        f = self.cleaned_data
        governance: dict[str, Any] = {
            key: f[key].strip()
            for key in ("executive_sponsor", "partner_executive_sponsor", "relationship_manager")
            if f[key].strip()
        }
        for key in ("steering_committee", "joint_plan", "success_metrics_defined"):
            governance[key] = f[key]
        if f["review_cadence_days"] is not None:
            governance["review_cadence_days"] = f["review_cadence_days"]
        governance["escalation_path"] = [
            line.strip() for line in f["escalation_path"].splitlines() if line.strip()
        ]
        return governance

    def profile(self) -> dict[str, int]:
        """The dimensions revisited; a blank one keeps its score."""
        return {
            d.value: self.cleaned_data[f"profile_{d.value}"]
            for d in Dimension
            if self.cleaned_data.get(f"profile_{d.value}") is not None
        }


EVENT = ("on", "reason", "override_reason")


def _initial(partnership: models.Partnership) -> dict[str, Any]:
    initial: dict[str, Any] = {
        key: getattr(partnership, key)
        for key in (
            "executive_sponsor", "partner_executive_sponsor", "relationship_manager",
            "steering_committee", "joint_plan", "success_metrics_defined", "review_cadence_days",
        )
    }  # fmt: skip
    initial["escalation_path"] = "\n".join(partnership.escalation_path or [])
    initial["on"] = today()
    for d in Dimension:
        score = getattr(partnership, PROFILE_COLUMNS[d])
        initial[f"profile_{d.value}"] = "" if score is None else str(score)
    return initial


@require_http_methods(["GET", "POST"])
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    """Promotion to strategic: readiness shown, the formalization asked for, one operation."""
    partnership = _partnership(request, pk, edit=True)
    if partnership.type not in (PartnershipType.TACTICAL, PartnershipType.HYBRID):
        messages.info(request, f"{partnership.name} is already {partnership.type or 'untyped'}.")
        return redirect("partnership_detail", pk=pk)
    snapshot = selectors.partnership_snapshot(partnership)
    assessment = assess(snapshot, today(), playbook())
    form = PromoteForm(request.POST or None, initial=_initial(partnership))
    status = 200
    if request.method == "POST":
        if override_refused(request, form):
            status = 403
        else:

            def write() -> None:
                transitions.partnership_promote(
                    actor=request.user,
                    partnership=partnership,
                    expected_version=posted_version(request),
                    on=form.cleaned_data["on"],
                    reason=form.cleaned_data["reason"],
                    formalization=form.formalization(),
                    profile=form.profile(),
                    override_reason=form.cleaned_data["override_reason"] or None,
                )

            status = submitted(form, write) or 0
            if not status:
                messages.success(request, f"{partnership.name} is now strategic.")
                return redirect("partnership_detail", pk=pk)
    return render(
        request,
        "partnerships/promote.html",
        {
            "partnership": partnership,
            "readiness": presenters.readiness(assessment),
            "form": form,
            "version": request.POST.get("version") or partnership.version,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def type_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the declared type with a reason; promotion has its own form."""
    partnership = _partnership(request, pk, edit=True)
    current = partnership.type or None
    form = TypeChangeForm(request.POST or None, current=current, initial={"on": today()})
    status = 200
    if request.method == "POST":

        def write() -> None:
            transitions.type_change(
                actor=request.user,
                partnership=partnership,
                expected_version=posted_version(request),
                to=form.cleaned_data["to"],
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )

        status = submitted(form, write) or 0
        if not status:
            messages.success(
                request, f"{partnership.name} is now {label(form.cleaned_data['to'])}."
            )
            return redirect("partnership_detail", pk=pk)
    return render(
        request,
        "partnerships/type.html",
        {
            "partnership": partnership,
            "current": TYPE_NAMES.get(PartnershipType(current)) if current else "not declared",
            "promotable": current in (PartnershipType.TACTICAL, PartnershipType.HYBRID),
            "form": form,
            "version": request.POST.get("version") or partnership.version,
        },
        status=status,
    )
