"""Pages of one partnership and the list of them: thin views over selectors and services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerfolio import charts
from partnerfolio.accounts import access, names
from partnerfolio.domain import Playbook, assess, load_playbook
from partnerfolio.domain.enums import Category, PartnershipType, PitfallCode, Stage
from partnerfolio.domain.lifecycle import ALLOWED
from partnerfolio.domain.messages import label
from partnerfolio.evidence.models import Commitment
from partnerfolio.metrics.models import Metric
from partnerfolio.partnerships import (
    models,
    page_forms,
    people,
    selectors,
    services,
    summary_selectors,
)
from partnerfolio.partnerships.details_form import DetailsForm
from partnerfolio.partnerships.details_form import initial as details_initial
from partnerfolio.partnerships.record_forms import FORMS
from partnerfolio.partnerships.records import EVIDENCE_MODELS
from partnerfolio.web import presenters
from partnerfolio.web.forms import posted_version, submitted

PAGE_SIZE = 25
SORTS = {
    "name": ("name",),
    "-health": ("-summary__health", "name"),
    "health": ("summary__health", "name"),
    "-score": ("-summary__classification_score", "name"),
    # most severe first, then the least healthy: the dashboard's "needs attention" order
    "severity": (
        F("summary__worst_severity").asc(nulls_last=True),
        F("summary__health").asc(nulls_last=True),
        "name",
    ),
    "stage": ("stage", "name"),
}


def playbook() -> Playbook:
    return load_playbook(settings.PARTNERFOLIO_PLAYBOOK)


def today() -> date:
    return timezone.localdate()


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(m.value, label(m.value)) for m in enum]


@require_GET
def partnership_list(request: HttpRequest) -> HttpResponse:
    """Search, filter, sort and page through the portfolio."""
    as_of = today()
    query = (
        access.visible_partnerships(request.user)
        .select_related("summary")
        .prefetch_related("partners")
    )
    g = request.GET
    query = filtered(query, g, request.user)
    refusal = filter_refusal(g)
    sort = g.get("sort") if g.get("sort") in SORTS else "name"
    query = query.order_by(*SORTS[sort])
    page = Paginator(query, PAGE_SIZE).get_page(g.get("page"))
    page.object_list = list(page.object_list)
    context = {
        "page": page,
        "freshness": summary_selectors.shown(page.object_list, as_of, playbook()),
        "filters": g,
        "sort": sort,
        "querystring": _without(g, "page"),
        "types": _choices(PartnershipType),
        "categories": _choices(Category),
        "stages": _choices(Stage),
        "pitfall_choices": [(ANY_PITFALL, "Any pitfall"), *_choices(PitfallCode)],
        "sorts": [
            ("name", "Name"),
            ("severity", "Most severe pitfalls"),
            ("-health", "Health, best first"),
            ("health", "Health, worst first"),
            ("-score", "Most strategic first"),
            ("stage", "Stage"),
        ],
        "as_of": as_of,
        "may_restore": access.is_admin(request.user),
        "may_create": access.can_create(request.user),
        "refusal": refusal,
    }
    template = "partnerships/_list_results.html" if request.htmx else "partnerships/list.html"
    return render(request, template, context)


ANY_PITFALL = "any"  # the pitfall filter's value for "with at least one pitfall"
LIST_FILTERS = ("q", "type", "category", "stage", "pitfall", "owner", "partner", "readiness")
NUL = "\x00"


def filter_refusal(g: Any) -> str | None:
    """Why the list's filters can match nothing, said to the reader: a NUL character (%00),
    which no stored text holds (and PostgreSQL refuses in a query); else None."""
    for key in LIST_FILTERS:
        if NUL in g.get(key, ""):
            return (
                f"The {key} filter holds a NUL character (%00), which no partnership's text "
                "contains: nothing matches. Remove it from the address to search again."
            )
    return None


def filtered(
    query: QuerySet[models.Partnership], g: Any, user: Any = None
) -> QuerySet[models.Partnership]:
    """The list's filters, as its query string gives them (the list and its exports);
    `mine=1` keeps the partnerships `user` owns, sponsors or manages."""
    if filter_refusal(g):
        return query.none()
    joined = False
    if g.get("mine") == "1" and user is not None:
        query = query.filter(people.mine(user))
    if g.get("q", "").strip():
        text = g["q"].strip()
        query = query.filter(Q(name__icontains=text) | Q(partners__name__icontains=text))
        joined = True
    for key, enum in (("type", PartnershipType), ("category", Category), ("stage", Stage)):
        if g.get(key) in {m.value for m in enum}:
            query = query.filter(**{key: g[key]})
    if g.get("pitfall") == ANY_PITFALL:
        query = query.filter(summary__pitfall_count__gt=0)
    elif g.get("pitfall") in {m.value for m in PitfallCode}:
        query = query.filter(summary__pitfall_codes__contains=f",{g['pitfall']},")
    if g.get("owner", "").strip():
        query = query.filter(owner__icontains=g["owner"].strip())
    if g.get("partner", "").strip():
        query = query.filter(partners__name__icontains=g["partner"].strip())
        joined = True
    if g.get("readiness"):
        query = query.filter(summary__readiness=g["readiness"])
    # a partnership two of whose partners match would come twice; DISTINCT only then (over
    # the whole record it costs more than the rest of the list's page)
    return query.distinct() if joined else query


def _without(params: Any, *keys: str) -> str:
    copy = params.copy()
    for key in keys:
        copy.pop(key, None)
    return copy.urlencode()


def _detail_context(partnership: models.Partnership, user: Any, **extra: Any) -> dict[str, Any]:
    as_of = today()
    book = playbook()
    snapshot = selectors.partnership_snapshot(partnership)
    assessment = assess(snapshot, as_of, book)
    metric_rows = list(Metric.objects.filter(partnership=partnership).order_by("id"))
    context = {
        "partnership": partnership,
        "snapshot": snapshot,
        "as_of": as_of,
        "summary_line": presenters.summary_line(snapshot),
        "classification": presenters.classification(assessment),
        "governance": presenters.governance(assessment),
        "readiness": presenters.readiness(assessment),
        "pitfalls": presenters.pitfalls(assessment),
        "recommendation": presenters.recommendation(assessment),
        "scorecard": presenters.scorecard(assessment),
        "charts": charts.partnership_charts(snapshot, assessment),
        "timeline": selectors.timeline(partnership, snapshot)[-40:][::-1],
        "metrics": metric_rows,
        "record_links": _record_links(partnership),
        "agreements": list(partnership.agreements.order_by("ends_on", "id")),
        "next_stages": [(s.value, label(s.value)) for s in sorted(ALLOWED[snapshot.stage])],
        "promotable": snapshot.type in (PartnershipType.TACTICAL, PartnershipType.HYBRID),
        "open_section": None,
        "saved_section": None,
        "may_edit": access.can_edit(user, partnership),
        "may_override": access.can_override_guards(user),
        "may_delete": access.can_govern(user, partnership),
    }
    bound = extra.pop("bound", {})
    if context["may_edit"]:
        context.update(_record_forms(partnership, book, metric_rows, as_of, context, bound))
    context.update(extra)
    return context


def _record_forms(
    partnership: models.Partnership,
    book: Playbook,
    metric_rows: list[Metric],
    as_of: date,
    context: dict[str, Any],
    bound: dict[str, Any],
) -> dict[str, Any]:
    """The *Record* card's forms: blank, or the one just refused (`bound`) with its errors."""

    def blank(section: str) -> Any:
        form = page_forms.item_form(section, book.surveys.questions)
        if "on" in form.fields:
            form.initial["on"] = as_of
        return form

    open_commitments = Commitment.objects.filter(
        partnership=partnership, delivered_on__isnull=True
    ).order_by("due_on", "id")
    return {
        "record_forms": [(s, FORMS[s].noun, bound.get(s) or blank(s)) for s in page_forms.RECORDED],
        "delivered_forms": [
            (
                c,
                bound.get(f"delivered-{c.pk}")
                or page_forms.DeliveredForm(
                    auto_id=f"delivered-{c.pk}-%s", initial={"delivered_on": as_of}
                ),
            )
            for c in open_commitments
        ],
        "observation_form": bound.get("observation")
        or page_forms.ObservationForm(metrics=metric_rows, initial={"on": as_of}),
        "stage_form": bound.get("stage")
        or page_forms.StageForm(
            stage=partnership.stage, may_override=context["may_override"], initial={"on": as_of}
        ),
    }


def _record_links(partnership: models.Partnership) -> list[tuple[str, str, int]]:
    """(section, its name, how many) for each kind of record: one count per kind."""
    return [
        (
            section,
            form.plural,
            EVIDENCE_MODELS[section].objects.filter(partnership=partnership).count(),
        )
        for section, form in FORMS.items()
    ]


def _partnership(request: HttpRequest, pk: int, edit: bool = False) -> models.Partnership:
    """The partnership if this person may see it (else 404) and, for a change, edit it
    (else 403)."""
    partnership = get_object_or_404(access.visible_partnerships(request.user), pk=pk)
    if edit and not access.can_edit(request.user, partnership):
        raise PermissionDenied("you may read this partnership but not change it")
    return partnership


@require_GET
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    saved = request.GET.get("saved")
    return render(
        request,
        "partnerships/detail.html",
        _detail_context(
            _partnership(request, pk),
            user=request.user,
            saved_section=saved if saved in page_forms.SAVED else None,
        ),
    )


def _main(request: HttpRequest, partnership: models.Partnership, status: int = 200, **extra: Any):
    """The page's main part again (htmx), or the whole page (no script)."""
    template = "partnerships/_main.html" if request.htmx else "partnerships/detail.html"
    context = _detail_context(partnership, request.user, **extra)
    return render(request, template, context, status=status)


def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The partnership's details, profile, governance and due diligence, on a fresh copy."""
    partnership = _partnership(request, pk, edit=True)
    form = DetailsForm(
        request.POST or None,
        initial=details_initial(selectors.partnership_document(partnership)),
        auto_id="edit-%s",
    )
    status = 200
    if request.method == "POST":

        def write() -> None:
            changes = form.changes()
            if changes.get("name", partnership.name) != partnership.name:
                names.check_free(
                    request.user, models.Partnership, changes["name"], current=partnership.pk
                )
            services.partnership_update(
                actor=request.user,
                partnership=partnership,
                expected_version=posted_version(request),
                changes=changes,
            )

        status = submitted(form, write) or 0
        if not status:
            messages.success(request, "Saved.")
            return redirect("partnership_detail", pk=pk)
    return render(
        request,
        "partnerships/edit.html",
        {
            "partnership": partnership,
            "form": form,
            "version": request.POST.get("version") or partnership.version,
        },
        status=status,
    )
