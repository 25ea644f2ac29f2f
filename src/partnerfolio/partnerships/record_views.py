"""The record's items of a partnership, kept in the pages: agreements and every kind of
evidence listed, added, corrected on a fresh copy and removed with a reason, through
`evidence_record`, `evidence_update` and `evidence_delete`.

Who may see the partnership reads the lists (else 404, as if it did not exist); who may
change it gets the forms (else 403 on a form, and no control is shown).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partnerfolio.accounts import access
from partnerfolio.domain.enums import OpportunityStage
from partnerfolio.domain.messages import label
from partnerfolio.evidence import services as evidence_services
from partnerfolio.partnerships import models
from partnerfolio.partnerships.record_forms import FORMS, ItemForm, SurveyForm
from partnerfolio.partnerships.records import EVIDENCE_MODELS
from partnerfolio.partnerships.views import _partnership, playbook, today
from partnerfolio.web.forms import RemovalForm, choice_label, posted_version, submitted

CLOSED = (OpportunityStage.WON.value, OpportunityStage.LOST.value)


def _form_class(section: str) -> type[ItemForm]:
    if section not in FORMS:
        raise Http404("no such record")
    return FORMS[section]


def _form(section: str, *args: Any, **kwargs: Any) -> ItemForm:
    form_class = _form_class(section)
    if form_class is SurveyForm:
        kwargs["questions"] = playbook().surveys.questions
    return form_class(*args, **kwargs)


def _cell(form_class: type[ItemForm], column: str, row: Model) -> str:
    value = getattr(row, column)
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return ", ".join(f"{label(k)} {v:g}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"
    if isinstance(form_class.base_fields.get(column), forms.ChoiceField):
        return choice_label(str(value))
    return str(value)


def _header(form_class: type[ItemForm], column: str) -> str:
    field = form_class.base_fields.get(column)
    return str(field.label) if field is not None else column.capitalize()


def _summary(section: str, rows: list[Model], as_of: date) -> list[str]:
    """What a partnership manager reads first about the list."""
    if section == "opportunities":
        open_rows = [r for r in rows if r.stage not in CLOSED]  # type: ignore[attr-defined]
        totals: dict[str, float] = {}
        for r in open_rows:
            key = r.attribution or "not attributed"  # type: ignore[attr-defined]
            totals[key] = totals.get(key, 0.0) + (r.value or 0.0)  # type: ignore[attr-defined]
        whole = sum(totals.values())
        parts = [f"{label(k)} {v:,.0f}" for k, v in sorted(totals.items())]
        return [f"Open pipeline {whole:,.0f}" + (f": {', '.join(parts)}" if parts else "")]
    if section == "joint_outcomes":
        delivered = sum(
            r.value or 0.0  # type: ignore[attr-defined]
            for r in rows
            if r.on is None or r.on <= as_of  # type: ignore[attr-defined]
        )
        return [f"Value delivered to date {delivered:,.0f}"]
    if section == "agreements":
        found = []
        for r in rows:
            ends = r.ends_on  # type: ignore[attr-defined]
            if ends is not None:
                days = (ends - as_of).days
                when = f"ended {-days} days ago" if days < 0 else f"ends in {days} days"
                name = r.title or choice_label(r.kind or "other")  # type: ignore[attr-defined]
                found.append(f"{name}: {when} ({ends.isoformat()})")
        return found
    return []


def _list_page(
    request: HttpRequest,
    partnership: models.Partnership,
    section: str,
    form: ItemForm | None = None,
    status: int = 200,
) -> HttpResponse:
    form_class = _form_class(section)
    rows = list(EVIDENCE_MODELS[section].objects.filter(partnership=partnership).order_by("id"))
    may_edit = access.can_edit(request.user, partnership)
    as_of = today()
    return render(
        request,
        "partnerships/records.html",
        {
            "partnership": partnership,
            "section": section,
            "spec": form_class,
            "headers": [_header(form_class, c) for c in form_class.columns],
            "rows": [(r, [_cell(form_class, c, r) for c in form_class.columns]) for r in rows],
            "summary": _summary(section, rows, as_of),
            "may_edit": may_edit,
            "form": (form or _form(section)) if may_edit else None,
            "sections": [(s, f.plural) for s, f in FORMS.items()],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def records(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """A section's items; a POST adds one."""
    _form_class(section)
    partnership = _partnership(request, pk, edit=request.method == "POST")
    if request.method == "GET":
        return _list_page(request, partnership, section)
    form = _form(section, request.POST)
    status = submitted(
        form,
        lambda: evidence_services.evidence_record(
            actor=request.user, partnership=partnership, section=section, item=form.item()
        ),
        f"{section}[0].",
    )
    if status is None:
        messages.success(request, f"Recorded the {form.noun}.")
        return _saved(pk, section)
    return _list_page(request, partnership, section, form, status)


def _saved(pk: int, section: str) -> HttpResponse:
    """Back to the list, its confirmation in view."""
    return redirect(reverse("records", args=[pk, section]) + "#saved")


def _row(partnership: models.Partnership, section: str, item: int) -> Model:
    found = EVIDENCE_MODELS[section].objects.filter(partnership=partnership, pk=item).first()
    if found is None:
        raise Http404("no such record")
    return found


@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, pk: int, section: str, item: int) -> HttpResponse:
    """One item, corrected on a fresh copy: refused when someone changed it meanwhile."""
    form_class = _form_class(section)
    partnership = _partnership(request, pk, edit=True)
    row = _row(partnership, section, item)
    model = EVIDENCE_MODELS[section]
    version = row.version  # type: ignore[attr-defined]
    status: int | None = 200
    if request.method == "POST":
        form = _form(section, request.POST)
        version = posted_version(request)
        status = submitted(
            form,
            lambda: evidence_services.evidence_update(
                actor=request.user, row=row, expected_version=version,
                changes=form.item(clearing=True),
            ),
            f"{section}[0].",
        )  # fmt: skip
        if status is None:
            messages.success(request, f"Saved the {form.noun}.")
            return _saved(pk, section)
    else:
        form = _form(section, initial=form_class.initial_of(model, row))
    return render(
        request,
        "partnerships/record_edit.html",
        {"partnership": partnership, "section": section, "spec": form_class, "row": row,
         "form": form, "version": version},
        status=status,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def record_remove(request: HttpRequest, pk: int, section: str, item: int) -> HttpResponse:
    """Remove an item recorded in error, with a reason; the audit trail keeps what it said."""
    form_class = _form_class(section)
    partnership = _partnership(request, pk, edit=True)
    row = _row(partnership, section, item)
    form, status = RemovalForm(request.POST or None), 200
    if request.method == "POST":
        status = submitted(
            form,
            lambda: evidence_services.evidence_delete(
                actor=request.user, row=row, expected_version=posted_version(request),
                reason=form.cleaned_data["reason"],
            ),
        )  # fmt: skip
        if status is None:
            messages.success(request, f"Removed the {form_class.noun}.")
            return _saved(pk, section)
    return render(
        request,
        "partnerships/record_remove.html",
        {"partnership": partnership, "section": section, "spec": form_class, "row": row,
         "form": form},
        status=status,
    )  # fmt: skip
