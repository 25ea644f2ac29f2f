"""The History pages: the audit trail of one partnership (for whoever may see it) and of
the whole installation (administrators only), newest first, filterable by person, kind
and date, each record with its before and after field by field.

A partnership someone may not see answers 404, and the site-wide page answers 404 to
everyone but administrators, as the deleted partnerships do: its records name
confidential partnerships.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerfolio.audit import history
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partnerships.deletion_pages import _admin_only
from partnerfolio.partnerships.views import _partnership
from partnerfolio.web.forms import PageForm, StrictDateField

PAGE_SIZE = 50


class HistoryFilter(PageForm):
    person = forms.ChoiceField(label="Person", required=False)
    kind = forms.ChoiceField(label="Kind of change", required=False)
    since = StrictDateField(label="From", required=False)
    until = StrictDateField(label="To", required=False)

    def __init__(self, *args: Any, people: list[str], kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "anyone"), *((p, p) for p in people)]
        self.fields["kind"].choices = [("", "any kind"), *((k, kind_label(k)) for k in kinds)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "must be on or after the From date")
        return data


def kind_label(kind: str) -> str:
    noun = history.NOUNS.get(kind)
    if noun:
        return noun.split(" ", 1)[1].capitalize() + "s"
    return history.field_name(kind).capitalize()


def _start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _page(
    request: HttpRequest, records: QuerySet[AuditRecord], template_context: dict[str, Any]
) -> HttpResponse:
    actions = sorted(set(records.values_list("action", flat=True).distinct()))
    people = sorted(set(records.values_list("actor_name", flat=True).distinct()))
    kinds = sorted({history.kind_of(a) for a in actions}, key=kind_label)
    form = HistoryFilter(request.GET or None, people=people, kinds=kinds)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        records = records.none()
    elif form.is_bound:
        f = form.cleaned_data
        if f.get("person"):
            records = records.filter(actor_name=f["person"])
        if f.get("kind"):
            records = records.filter(
                action__in=[a for a in actions if history.kind_of(a) == f["kind"]]
            )
        if f.get("since"):
            records = records.filter(at__gte=_start(f["since"]))
        if f.get("until"):
            records = records.filter(at__lt=_start(f["until"] + timedelta(days=1)))
    page = Paginator(records.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [
        {
            "record": r,
            "what": history.describe(r),
            "changes": history.changes(r),
        }
        for r in page.object_list
    ]
    return render(
        request,
        "web/history.html",
        {**template_context, "form": form, "page": page, "rows": rows, "query": query.urlencode()},
        status=status,
    )


@require_GET
def partnership_history(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    records = AuditRecord.objects.filter(partnership_id=partnership.pk)
    return _page(request, records, {"partnership": partnership, "sitewide": False})


@require_GET
def site_history(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    return _page(request, AuditRecord.objects.all(), {"partnership": None, "sitewide": True})
