"""Reads of the partner portal: what a person may reach, and what partners are shown."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from partnerfolio.accounts import access
from partnerfolio.accounts.models import Role
from partnerfolio.charts.chart import Chart
from partnerfolio.charts.metrics import metric_trend
from partnerfolio.charts.surveys import survey_sides, survey_trend
from partnerfolio.domain import Playbook
from partnerfolio.domain.enums import OpportunityStage, SurveySide
from partnerfolio.domain.scorecard import SURVEY_FED_METRICS, scorecard
from partnerfolio.domain.timeline import as_of_view, survey_rounds
from partnerfolio.evidence.models import Commitment, Opportunity
from partnerfolio.partnerships import selectors as record
from partnerfolio.partnerships.models import Partnership
from partnerfolio.portal.models import RoundAnswer, SharedMetric, SurveyRound
from partnerfolio.portal.services import domain_round
from partnerfolio.web import presenters

# "Agreed" opportunities: both sides are working on them (past `identified`), not `lost`.
AGREED_STAGES = (OpportunityStage.QUALIFIED, OpportunityStage.PROPOSAL, OpportunityStage.WON)


def is_partner(user: Any) -> bool:
    return access.role_of(user) == Role.PARTNER


def portal_partnerships(user: Any) -> QuerySet[Partnership]:
    """The partnerships a person reaches in the portal: those they may see at all
    (for a partner user, the non-confidential ones their organization is in)."""
    return access.visible_partnerships(user).order_by("name")


def partnership_or_404(user: Any, pk: int) -> Partnership:
    found = portal_partnerships(user).filter(pk=pk).first()
    if found is None:
        raise Http404("no such partnership")
    return found


def round_or_404(user: Any, pk: int) -> SurveyRound:
    found = (
        SurveyRound.objects.filter(partnership__in=portal_partnerships(user).values("pk"), pk=pk)
        .select_related("partnership", "opened_by", "closed_by")
        .first()
    )
    if found is None:
        raise Http404("no such survey round")
    return found


def may_answer(user: Any, partnership: Partnership) -> bool:
    """Partner users of an organization in it; on our side, those who may change it."""
    if is_partner(user):
        return access.can_see(user, partnership)
    return access.can_edit(user, partnership)


def shared_metric_keys(partnership: Partnership) -> set[str]:
    shared = SharedMetric.objects.filter(metric__partnership=partnership)
    return set(SURVEY_FED_METRICS) | set(shared.values_list("metric__key", flat=True))


@dataclass(frozen=True)
class SharedScorecard:
    scorecard: Any  # the domain's Scorecard over the shared metrics only


def shared_scorecard(
    partnership: Partnership, as_of: date, playbook: Playbook
) -> tuple[dict[str, Any], list[Chart]]:
    """The scorecard over the shared metrics only: health is their roll-up, so a metric
    kept from partners weighs in nothing they see."""
    snapshot = record.partnership_snapshot(partnership)
    keys = shared_metric_keys(partnership)
    snapshot = dataclasses.replace(
        snapshot, metrics=tuple(m for m in snapshot.metrics if m.key in keys)
    )
    view = as_of_view(snapshot, as_of)
    card = scorecard(view, playbook, survey_rounds(view.surveys))
    charts = [c for c in (metric_trend(line) for line in card.metrics) if c is not None]
    return presenters.scorecard(SharedScorecard(card)), charts  # type: ignore[arg-type]


def shared_commitments(partnership: Partnership) -> QuerySet[Commitment]:
    return Commitment.objects.filter(partnership=partnership).order_by("due_on", "id")


def agreed_opportunities(partnership: Partnership) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(partnership=partnership, stage__in=AGREED_STAGES).order_by(
        "id"
    )


def visible_answers(user: Any, round: SurveyRound) -> QuerySet[RoundAnswer]:
    """The individual answers a person may read: a partner user, only their own
    organization's; our side, only ours. The other side shows as means once closed."""
    answers = round.answers.select_related("user").order_by("answered_at", "id")
    if is_partner(user):
        return answers.filter(side=SurveySide.PARTNER, organization_id=user.organization_id)
    return answers.filter(side=SurveySide.OURS)


@dataclass(frozen=True)
class Gap:
    question: str
    ours: float | None
    partner: float | None
    gap: float | None
    wide: bool


@dataclass(frozen=True)
class Results:
    sides: Chart | None
    trend: Chart | None
    gaps: list[Gap]
    answered: dict[str, int]


def round_results(round: SurveyRound, playbook: Playbook) -> Results | None:
    """Both sides per question for a closed round, the gaps, and the trend over the
    partnership's closed rounds up to this one. None while the round is open."""
    if round.is_open:
        return None
    closed = list(
        SurveyRound.objects.filter(
            partnership=round.partnership_id,
            closed_at__isnull=False,
            closed_on__lte=round.closed_on,
        )
        .prefetch_related("answers")
        .order_by("closed_on", "id")
    )
    rounds = [d for d in (domain_round(r) for r in closed if r.pk != round.pk) if d is not None]
    this = domain_round(round)
    if this is not None:
        rounds.append(this)
    rounds.sort(key=lambda d: d.on)
    min_gap = playbook.pitfalls.perception_gap.min_gap
    gaps = []
    if this is not None:
        for question in round.questions:
            ours = this.side_score(SurveySide.OURS, question)
            partner = this.side_score(SurveySide.PARTNER, question)
            gap = None if ours is None or partner is None else round_2(ours - partner)
            gaps.append(
                Gap(question, ours, partner, gap, gap is not None and abs(gap) >= min_gap - 1e-9)
            )
    answered = {s.value: round.answers.filter(side=s.value).count() for s in SurveySide}
    return Results(
        sides=survey_sides([this]) if this is not None else None,
        trend=survey_trend(rounds),
        gaps=gaps,
        answered=answered,
    )


def round_2(value: float) -> float:
    return round(value, 2)
