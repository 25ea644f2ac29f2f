"""The portfolio dashboard and the opportunity advisor."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from partnerfolio.accounts import access
from partnerfolio.domain.enums import Category, Factor, RecommendedType
from partnerfolio.domain.messages import label, question_text
from partnerfolio.partnerships import people
from partnerfolio.partnerships.views import playbook, today
from partnerfolio.web import dashboard_page, presenters


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The whole portfolio at a glance, in the same few queries whatever its size, and
    kept until the record changes (web/dashboard_page.py)."""
    as_of = today()
    everyone = access.visible_partnerships(request.user)
    mine = request.GET.get("mine") == "1"
    visible = everyone.filter(people.mine(request.user)) if mine else everyone
    rendered = dashboard_page.parts(request, visible, as_of, playbook(), mine)
    context = {
        "as_of": as_of,
        "mine": mine,
        "mine_total": everyone.filter(people.mine(request.user)).count(),
        "freshness": mark_safe(rendered["freshness"]),  # our own rendering, escaped
        "body": mark_safe(rendered["body"]),
    }
    return render(request, "web/dashboard.html", context)


def advisor(request: HttpRequest) -> HttpResponse:
    """The decision questions of §3; the recommendation; one click to create it."""
    data = request.POST if request.method == "POST" else request.GET
    answers = presenters.answers_from(data)
    result = presenters.advice_for(answers, playbook())
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST" and request.POST.get("create"):
        if not access.can_create(request.user):
            raise PermissionDenied("only managers and administrators create partnerships")
        if result is None or result["type"] == RecommendedType.UNDECIDED.value:
            errors["general"] = "answer enough questions for a recommendation first"
        else:  # the same form as "New partnership", pre-filled with the advice
            query = {
                key: request.POST[key].strip()
                for key in ("name", "partner", "category")
                if request.POST.get(key, "").strip()
            }
            query["type"] = result["type"]
            query.update({f"advice_{k}": "yes" if v else "no" for k, v in answers.items()})
            return redirect(f"{reverse('partnership_new')}?{urlencode(query)}")
        status = 400
    context = {
        "questions": [(f.value, question_text(f.value), data.get(f.value, "")) for f in Factor],
        "answers": answers,
        "result": result,
        "errors": errors,
        "form": data,
        "categories": [(c.value, label(c.value)) for c in Category],
        "may_create": access.can_create(request.user),
    }
    return render(request, "web/advisor.html", context, status=status)
