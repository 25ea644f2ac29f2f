"""Pages of the partner portal: thin views over the portal's selectors and services.

Partner users reach only what `access.visible_partnerships` gives them (their
organization's non-confidential partnerships); everything else answers 404, as if it did
not exist. Our side's pages here (opening and closing rounds, sharing metrics, people at a
partner) answer partner users 404 too, and our people without the right 403.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from partnerfolio.accounts import access
from partnerfolio.accounts.models import Role, User
from partnerfolio.domain import Playbook, load_playbook
from partnerfolio.domain.scorecard import SURVEY_FED_METRICS
from partnerfolio.metrics.models import Metric
from partnerfolio.partnerships.errors import InvalidChange
from partnerfolio.portal import selectors, services
from partnerfolio.portal.models import RoundAnswer, SurveyRound
from partnerfolio.web.forms import StrictDateField

DEFAULT_ROUND_DAYS = 14


def playbook() -> Playbook:
    return load_playbook(settings.PARTNERFOLIO_PLAYBOOK)


def today() -> date:
    return timezone.localdate()


def _our_side_only(request: HttpRequest) -> None:
    """Pages for our side: partner users are told nothing exists here."""
    if not access.on_our_side(request.user):
        raise Http404("not a page of the partner portal")


def _may_edit(request: HttpRequest, partnership: Any) -> None:
    if not access.can_edit(request.user, partnership):
        raise PermissionDenied("you may read this partnership but not change it")


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: partner users in the portal, ours on the
    dashboard (LOGIN_REDIRECT_URL may point here)."""
    if selectors.is_partner(request.user):
        return redirect("portal:home")
    return redirect("dashboard")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """A partner user's home: their organization's partnerships and the rounds awaiting
    them. For our side: the open rounds they may answer or close."""
    services.rounds_close_due(today=today())
    partnerships = list(selectors.portal_partnerships(request.user))
    open_rounds = (
        SurveyRound.objects.filter(
            partnership__in=[p.pk for p in partnerships], closed_at__isnull=True
        )
        .select_related("partnership")
        .order_by("closes_on", "id")
    )
    answered = _answered_round_ids(request.user)
    rounds = [
        {
            "round": r,
            "answered": r.pk in answered,
            "may_answer": selectors.may_answer(request.user, r.partnership),
        }
        for r in open_rounds
    ]
    return render(
        request,
        "portal/home.html",
        {
            "partner_user": selectors.is_partner(request.user),
            "partnerships": partnerships if selectors.is_partner(request.user) else [],
            "rounds": rounds,
        },
    )


def _answered_round_ids(user: Any) -> set[int]:
    return set(RoundAnswer.objects.filter(user=user).values_list("round_id", flat=True))


@require_GET
def partnership(request: HttpRequest, pk: int) -> HttpResponse:
    """The shared view of one partnership: what its partners see (our side sees it too,
    with the metric sharing switches when they may change the partnership)."""
    found = selectors.partnership_or_404(request.user, pk)
    services.rounds_close_due(today=today(), partnership=found)
    as_of = today()
    scorecard, metric_charts = selectors.shared_scorecard(found, as_of, playbook())
    may_edit = access.can_edit(request.user, found)
    partner_user = selectors.is_partner(request.user)
    context = {
        "partnership": found,
        "partner_user": partner_user,
        # a partner user sees their own organization only, never the other partners
        "organization": request.user.organization if partner_user else None,  # type: ignore[union-attr]
        "partners": [] if partner_user else list(found.partners.all()),
        "as_of": as_of,
        "scorecard": scorecard,
        "metric_charts": metric_charts,
        "commitments": selectors.shared_commitments(found),
        "opportunities": selectors.agreed_opportunities(found),
        "rounds": SurveyRound.objects.filter(partnership=found).order_by("-opened_on", "-id"),
        "may_edit": may_edit,
        "may_answer": selectors.may_answer(request.user, found),
        "answered": _answered_round_ids(request.user),
        "metrics": _sharing(found) if may_edit and not partner_user else [],
    }
    return render(request, "portal/partnership.html", context)


def _sharing(partnership: Any) -> list[dict[str, Any]]:
    keys = selectors.shared_metric_keys(partnership)
    return [
        {"metric": m, "shared": m.key in keys, "always": m.key in SURVEY_FED_METRICS}
        for m in Metric.objects.filter(partnership=partnership).order_by("key")
    ]


@require_POST
def metric_share(request: HttpRequest, pk: int, metric: int) -> HttpResponse:
    _our_side_only(request)
    found = selectors.partnership_or_404(request.user, pk)
    _may_edit(request, found)
    row = get_object_or_404(Metric, partnership=found, pk=metric)
    shared = request.POST.get("shared") == "yes"
    try:
        services.metric_share(actor=request.user, metric=row, shared=shared)
    except InvalidChange as refused:
        messages.error(request, str(refused))
        return redirect("portal:partnership", pk=found.pk)
    word = "now shown to" if shared else "no longer shown to"
    messages.success(request, f"{row.name or row.key} is {word} partners.")
    return redirect("portal:partnership", pk=found.pk)


def round_new(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """Open a survey round (our side, those who may change the partnership)."""
    _our_side_only(request)
    found = selectors.partnership_or_404(request.user, partnership_id)
    _may_edit(request, found)
    services.rounds_close_due(today=today(), partnership=found)
    questions = list(playbook().surveys.questions)
    form: Any = {"closes_on": (today() + timedelta(days=DEFAULT_ROUND_DAYS)).isoformat()}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = request.POST
        try:
            closes_on = StrictDateField().clean(form.get("closes_on", ""))
        except ValidationError as refused:
            errors["closes_on"] = " ".join(refused.messages)
        if not errors:
            try:
                opened = services.round_open(
                    actor=request.user,  # type: ignore[arg-type]  # signed in
                    partnership=found,
                    closes_on=closes_on,
                    questions=questions,
                    today=today(),
                )
            except InvalidChange as refused:
                errors = {p.path or "general": p.message for p in refused.problems}
            except services.RoundRefused as refused:
                errors["general"] = str(refused)
            else:
                messages.success(
                    request, f"Survey round opened; answers are taken until {closes_on}."
                )
                return redirect("portal:round", pk=opened.pk)
        status = 409 if "general" in errors else 400
    elif request.method != "GET":
        return HttpResponse(status=405)
    return render(
        request,
        "portal/round_new.html",
        {"partnership": found, "questions": questions, "form": form, "errors": errors},
        status=status,
    )


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.round_or_404(request.user, pk)
    services.rounds_close_due(today=today(), partnership=found.partnership)
    found.refresh_from_db()
    return render(request, "portal/round.html", _round_context(request, found))


def _round_context(request: HttpRequest, found: SurveyRound, **extra: Any) -> dict[str, Any]:
    user = request.user
    partner_user = selectors.is_partner(user)
    mine = found.answers.filter(user=user).first() if user.is_authenticated else None
    context = {
        "round": found,
        "partnership": found.partnership,
        "partner_user": partner_user,
        "answers": selectors.visible_answers(user, found),
        # our side, while the round is open, learns how many partner answers came in
        "partner_count": None
        if partner_user or not found.is_open
        else found.answers.filter(side="partner").count(),
        "mine": mine,
        "may_answer": found.is_open
        and mine is None
        and selectors.may_answer(user, found.partnership),
        "may_close": found.is_open
        and not partner_user
        and access.can_edit(user, found.partnership),
        "results": selectors.round_results(found, playbook()),
        "form": {},
        "errors": {},
    }
    context.update(extra)
    return context


def round_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a round: partner users for their side, our people for ours."""
    found = selectors.round_or_404(request.user, pk)
    services.rounds_close_due(today=today(), partnership=found.partnership)
    found.refresh_from_db()
    if not selectors.may_answer(request.user, found.partnership):
        raise PermissionDenied("you may read this partnership but not answer for it")
    if request.method == "GET":
        return render(request, "portal/answer.html", _round_context(request, found))
    if request.method != "POST":
        return HttpResponse(status=405)
    raw = {
        key.removeprefix("score_"): value
        for key, value in request.POST.items()
        if key.startswith("score_")
    }
    errors: dict[str, str] = {}
    try:
        services.round_answer(user=request.user, round=found, scores=raw, today=today())
    except InvalidChange as refused:
        errors = {p.path or "scores": p.message for p in refused.problems}
        status = 400
    except services.RoundRefused as refused:
        errors = {"general": str(refused)}
        status = 409
    if errors:
        return render(
            request,
            "portal/answer.html",
            _round_context(request, found, form=request.POST, errors=errors),
            status=status,
        )
    messages.success(request, "Thank you: your answers are in. Results show when the round closes.")
    return redirect("portal:round", pk=found.pk)


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    _our_side_only(request)
    found = selectors.round_or_404(request.user, pk)
    _may_edit(request, found.partnership)
    try:
        _, notes = services.round_close(
            actor=request.user,  # type: ignore[arg-type]  # signed in
            round=found,
            on=today(),
        )
    except services.RoundRefused as refused:
        messages.error(request, str(refused))
        return redirect("portal:round", pk=found.pk)
    messages.success(request, "Round closed: both sides now see the results.")
    for note in notes:
        messages.info(request, note)
    return redirect("portal:round", pk=found.pk)


def _invite_url(organization: int) -> str:
    """The accounts app's invitation page, filled in for a partner user of `organization`."""
    try:
        page = reverse("invite")
    except NoReverseMatch:  # not there yet: the address it was announced at
        page = "/accounts/invitations/new/"
    return f"{page}?{urlencode({'role': 'partner', 'organization': organization})}"


@require_GET
def people(request: HttpRequest, pk: int) -> HttpResponse:
    """The partner users of one organization, for a manager (the invitation link goes to
    the accounts app)."""
    _our_side_only(request)
    organization = get_object_or_404(access.visible_organizations(request.user), pk=pk)
    if not access.can_create(request.user):
        raise PermissionDenied("only a manager or an administrator invites partner users")
    users = User.objects.filter(role=Role.PARTNER, organization=organization).order_by("username")
    return render(
        request,
        "portal/people.html",
        {
            "organization": organization,
            "people": users,
            "partnerships": access.visible_partnerships(request.user)
            .filter(partners=organization)
            .order_by("name"),
            "invite_url": _invite_url(organization.pk),
        },
    )
