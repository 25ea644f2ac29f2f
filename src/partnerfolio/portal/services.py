"""Writes of the partner portal: opening, answering and closing survey rounds, sharing metrics.

Each takes the acting person, runs in one transaction and leaves an audit record, like the
record's own services (docs/record.md); what reaches the partnership's record (survey
responses, metric observations) goes through `evidence.services` and `metrics.services`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnerfolio.accounts.models import Role
from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.domain.enums import SurveySide
from partnerfolio.domain.scorecard import SURVEY_FED_METRICS
from partnerfolio.domain.snapshot import Survey
from partnerfolio.domain.timeline import SurveyRound as DomainRound
from partnerfolio.domain.timeline import survey_rounds
from partnerfolio.evidence import services as evidence_services
from partnerfolio.interchange import Problem
from partnerfolio.metrics import services as metric_services
from partnerfolio.metrics.models import Metric, Observation
from partnerfolio.partnerships.errors import InvalidChange, RecordError
from partnerfolio.partnerships.models import Partnership
from partnerfolio.portal.models import RoundAnswer, SharedMetric, SurveyRound

AUTOMATIC = "partner portal (closing date reached)"


class RoundRefused(RecordError):
    """A round cannot do this now (closed, already answered, another one open)."""


def _name(user: Any) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


@transaction.atomic
def round_open(
    *,
    actor: Actor,
    partnership: Partnership,
    closes_on: date,
    questions: list[str] | tuple[str, ...],
    today: date | None = None,
) -> SurveyRound:
    """Open a round today, asking `questions` (the playbook's at opening) until `closes_on`."""
    today = today or timezone.localdate()
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    problems = []
    if not isinstance(closes_on, date):
        problems.append(Problem("closes_on", "must be a date as YYYY-MM-DD"))
    elif closes_on < today:
        problems.append(Problem("closes_on", "must be today or later"))
    if not questions:
        problems.append(Problem("questions", "the playbook asks no survey question"))
    if problems:
        raise InvalidChange(problems)
    rounds = SurveyRound.objects.filter(partnership=partnership)
    if rounds.filter(closed_at__isnull=True).exists():
        raise RoundRefused(f"{partnership.name} already has an open round: close it first")
    if rounds.filter(closed_on__gte=today).exists() or rounds.filter(opened_on=today).exists():
        # one round per date in the record: a round is every survey response of a day
        raise RoundRefused(
            f"a round of {partnership.name} already ended today; open the next one tomorrow"
        )
    row = SurveyRound.objects.create(
        partnership=partnership,
        opened_on=today,
        closes_on=closes_on,
        questions=list(questions),
        opened_by=None if isinstance(actor, str) else actor,  # type: ignore[misc]
    )
    audit_record(
        actor=actor,
        action="survey_round_open",
        entity="survey_round",
        entity_id=row.pk,
        partnership=partnership,
        after={
            "opened_on": today.isoformat(),
            "closes_on": closes_on.isoformat(),
            "questions": list(questions),
        },
    )
    return row


def side_of(user: Any) -> SurveySide:
    return SurveySide.PARTNER if user.role == Role.PARTNER else SurveySide.OURS


def _scores(round: SurveyRound, raw: Mapping[str, Any]) -> tuple[dict[str, float], list[Problem]]:
    scores: dict[str, float] = {}
    problems = []
    for question in round.questions:
        value = raw.get(question)
        if value in (None, ""):
            continue  # a question may be left unanswered
        try:
            number = float(value)
        except (TypeError, ValueError):
            problems.append(Problem(question, f"must be a score from 1 to 5, got {value!r}"))
            continue
        if not math.isfinite(number) or not 1 <= number <= 5:
            problems.append(Problem(question, f"must be a score from 1 to 5, got {value!r}"))
            continue
        scores[question] = int(number) if number.is_integer() else number
    unknown = sorted(set(raw) - set(round.questions))
    if unknown:
        problems.append(Problem("scores", f"not asked in this round: {', '.join(unknown)}"))
    if not scores and not problems:
        problems.append(Problem("scores", "answer at least one question"))
    return scores, problems


@transaction.atomic
def round_answer(
    *, user: Any, round: SurveyRound, scores: Mapping[str, Any], today: date | None = None
) -> RoundAnswer:
    """Keep one person's answers, sealed until the round closes; one answer per person.

    The caller has checked that the person may answer (docs/portal.md).
    """
    today = today or timezone.localdate()
    round = SurveyRound.objects.select_for_update().select_related("partnership").get(pk=round.pk)
    if not round.is_open or today > round.closes_on:
        raise RoundRefused("this round is closed: answers are no longer taken")
    if RoundAnswer.objects.filter(round=round, user=user).exists():
        raise RoundRefused("you have already answered this round")
    checked, problems = _scores(round, scores)
    if problems:
        raise InvalidChange(problems)
    side = side_of(user)
    # the same rules the record applies, so the answer is accepted when the round closes
    evidence_services.evidence_item(
        round.partnership,
        "surveys",
        {"on": today.isoformat(), "side": side.value, "respondent": _name(user), "scores": checked},
    )
    row = RoundAnswer.objects.create(
        round=round,
        user=user,
        respondent=_name(user),
        side=side,
        organization_id=user.organization_id if side is SurveySide.PARTNER else None,
        scores=checked,
    )
    audit_record(
        actor=user,
        action="survey_round_answer",
        entity="survey_round",
        entity_id=round.pk,
        partnership=round.partnership,
        # what was answered stays sealed until the round closes, in the audit trail too
        after={"side": side.value, "respondent": row.respondent},
    )
    return row


def domain_round(round: SurveyRound, on: date | None = None) -> DomainRound | None:
    """The round's answers as the framework's round (each side's mean per question)."""
    surveys = [
        Survey(
            on or round.closed_on or round.opened_on,
            SurveySide(a.side),
            tuple((q, float(v)) for q, v in a.scores.items()),
            a.respondent,
        )
        for a in round.answers.all()
    ]
    found = survey_rounds(surveys)
    return found[0] if found else None


@transaction.atomic
def round_close(
    *, actor: Actor, round: SurveyRound, on: date | None = None
) -> tuple[SurveyRound, list[str]]:
    """Close a round: its answers become the partnership's survey responses dated `on`
    (today by default), and its trust and satisfaction scores observations of
    `trust_score` and `satisfaction_score` on that day. Returns the round and notes on
    what was left out (a metric value already recorded that day, a one-sided question)."""
    round = SurveyRound.objects.select_for_update().select_related("partnership").get(pk=round.pk)
    if not round.is_open:
        raise RoundRefused(f"this round was already closed on {round.closed_on}")
    on = on or timezone.localdate()
    if on < round.opened_on:
        raise InvalidChange([Problem("on", "a round cannot close before it opened")])
    partnership = round.partnership
    round.closed_at = timezone.now()
    round.closed_on = on
    round.closed_by = None if isinstance(actor, str) else actor  # type: ignore[assignment]
    round.save(update_fields=["closed_at", "closed_on", "closed_by"])
    answers = list(round.answers.select_related("user").order_by("answered_at", "id"))
    for answer in answers:
        answer.response = evidence_services.survey_response_record(  # type: ignore[assignment]
            actor=answer.user or answer.respondent,
            partnership=partnership,
            on=on.isoformat(),
            side=answer.side,
            respondent=answer.respondent,
            scores=answer.scores,
        )
        answer.save(update_fields=["response"])
    notes = _feed_metrics(actor, round, on)
    audit_record(
        actor=actor,
        action="survey_round_close",
        entity="survey_round",
        entity_id=round.pk,
        partnership=partnership,
        after={
            "closed_on": on.isoformat(),
            "answers": {
                side.value: sum(1 for a in answers if a.side == side.value) for side in SurveySide
            },
        },
        note="; ".join(notes),
    )
    return round, notes


def _feed_metrics(actor: Actor, round: SurveyRound, on: date) -> list[str]:
    """trust_score and satisfaction_score get the round's score when both sides answered."""
    notes = []
    result = domain_round(round, on)
    if result is None:
        return ["nobody answered: no metric value recorded"]
    for key, question in SURVEY_FED_METRICS.items():
        if question not in round.questions:
            continue
        if not result.both_sides(question):
            notes.append(f"{question}: only one side answered, so {key} gets no value")
            continue
        score = result.score(question)
        if score is None:  # pragma: no cover - both_sides guarantees a score
            continue
        metric = Metric.objects.filter(partnership=round.partnership, key=key).first()
        if metric is None:
            metric = metric_services.metric_define(
                actor=actor, partnership=round.partnership, key=key
            )
        if Observation.objects.filter(metric=metric, on=on).exists():
            notes.append(f"{key} already has a value on {on.isoformat()}: kept as it was")
            continue
        metric_services.observation_record(actor=actor, metric=metric, on=on, value=score)
    return notes


def rounds_close_due(*, today: date | None = None, partnership: Partnership | None = None) -> int:
    """Close every open round whose closing date has passed, dated that closing date."""
    today = today or timezone.localdate()
    due = SurveyRound.objects.filter(closed_at__isnull=True, closes_on__lt=today)
    if partnership is not None:
        due = due.filter(partnership=partnership)
    closed = 0
    for round in due.order_by("closes_on", "id"):
        try:
            round_close(actor=AUTOMATIC, round=round, on=round.closes_on)
        except RoundRefused:  # closed by someone else a moment ago
            continue
        closed += 1
    return closed


@transaction.atomic
def metric_share(*, actor: Any, metric: Metric, shared: bool) -> None:
    """Show a metric to partners on the shared scorecard, or stop showing it."""
    if metric.key in SURVEY_FED_METRICS:
        raise InvalidChange(
            [Problem("metric", f"{metric.key} comes from both sides' answers: always shared")]
        )
    existing = SharedMetric.objects.filter(metric=metric).first()
    if shared == (existing is not None):
        return
    if shared:
        SharedMetric.objects.create(metric=metric, shared_by=actor)
    else:
        existing.delete()  # type: ignore[union-attr]
    audit_record(
        actor=actor,
        action="metric_share" if shared else "metric_unshare",
        entity="metric",
        entity_id=metric.pk,
        partnership=Partnership.objects.get(pk=metric.partnership_id),
        after={"metric": metric.key, "shared_with_partners": shared},
    )
