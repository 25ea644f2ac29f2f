"""Finding what changed since the last run, and telling the people concerned.

`run_alerts(as_of, playbook)` is what `partnerfolio scan --notify` and the daily task run:

1. **Detect** today's conditions: every pitfall of every partnership (from the
   assessment summaries, kept current), reviews due within `review_days()` or overdue,
   agreements renewing or ending within `agreement_days()`, open survey rounds the
   person asked has not answered.
2. **Claim** the ones never announced (`AlertSent`, unique per finding, safe when two
   runs meet), and mark as cleared the pitfalls no longer found, so that a pitfall that
   returns later is a new episode, announced again.
3. **Tell** each recipient once: in-app notifications, one digest email per person per
   run, and one webhook event per claimed finding queued for each endpoint that wants it.

Recipients of a partnership's alerts: its team members flagged owner; without any, its
whole team; without a team, every manager and administrator. Of those, only people on
our side who may see the partnership (`access.visible_partnerships`) are told, so a
confidential partnership without a team reaches administrators only. A survey reminder
goes to those recipients who may answer for our side (`access.can_edit`) and have not.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from partnerfolio.accounts import access
from partnerfolio.accounts.models import Role, User
from partnerfolio.domain import Playbook
from partnerfolio.notifications import conf
from partnerfolio.notifications.models import AlertSent, Kind, Notification, WebhookEndpoint
from partnerfolio.partnerships import summaries
from partnerfolio.partnerships.models import Agreement, Partnership, TeamMember

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Condition:
    """Something that needs someone's attention today."""

    partnership_id: int
    kind: str
    code: str
    key: str  # for pitfalls filled in when claimed: the episode
    message: str
    severity: str = ""
    due_on: date | None = None
    recipient_id: int | None = None  # survey reminders: the one person asked
    link: str = ""


@dataclass
class RunResult:
    alerts: int = 0
    cleared: int = 0
    notifications: int = 0
    emails: int = 0
    email_failures: int = 0
    webhook_events: int = 0
    people: set[int] = field(default_factory=set)

    def summary(self) -> str:
        return (
            f"alerts: {self.alerts} new, {self.cleared} pitfall(s) cleared; "
            f"{self.notifications} notification(s) to {len(self.people)} person(s), "
            f"{self.emails} digest email(s)"
            + (f" ({self.email_failures} failed)" if self.email_failures else "")
            + f"; {self.webhook_events} webhook delivery(ies) queued"
        )


def _path(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# -- detection ---------------------------------------------------------------------


def detect(as_of: date, playbook: Playbook) -> list[Condition]:
    found: list[Condition] = []
    review_days, agreement_days = conf.review_days(), conf.agreement_days()
    rows = summaries.portfolio_summaries(as_of, playbook).values_list(
        "partnership_id", "findings", "next_review_on"
    )
    for pid, findings, next_review in rows:
        link = _path("partnership_detail", pid)
        for f in findings:
            found.append(
                Condition(pid, Kind.PITFALL, f["code"], "", f["message"], f["severity"], link=link)
            )
        if next_review is not None and (next_review - as_of).days <= review_days:
            days = (next_review - as_of).days
            if days < 0:
                code, message = "overdue", f"review overdue since {next_review} ({-days} day(s))"
            else:
                when = "today" if days == 0 else f"in {days} day(s)"
                code, message = "due", f"review due on {next_review} ({when})"
            found.append(
                Condition(
                    pid, Kind.REVIEW, code, next_review.isoformat(), message,
                    due_on=next_review, link=link,
                )
            )  # fmt: skip
    found += _agreements(as_of, agreement_days)
    found += _survey_rounds(as_of)
    return found


def _agreements(as_of: date, days: int) -> list[Condition]:
    horizon = as_of + timezone.timedelta(days=days)
    found = []
    agreements = (
        Agreement.objects.exclude(partnership__stage="ended")
        .filter(Q(renewal_on__range=(as_of, horizon)) | Q(ends_on__range=(as_of, horizon)))
        .only("pk", "partnership_id", "title", "kind", "renewal_on", "ends_on")
    )
    for a in agreements:
        name = a.title or a.kind or "agreement"
        for code, on, verb in (("renewal", a.renewal_on, "renews"), ("end", a.ends_on, "ends")):
            if on is not None and as_of <= on <= horizon:
                found.append(
                    Condition(
                        a.partnership_id, Kind.AGREEMENT, code, f"{a.pk}:{on.isoformat()}",
                        f"agreement “{name}” {verb} on {on} (in {(on - as_of).days} day(s))",
                        due_on=on, link=_path("partnership_detail", a.partnership_id),
                    )
                )  # fmt: skip
    return found


def _survey_rounds(as_of: date) -> list[Condition]:
    from partnerfolio.portal.models import RoundAnswer, SurveyRound

    rounds = list(
        SurveyRound.objects.filter(
            closed_at__isnull=True, opened_on__lte=as_of, closes_on__gte=as_of
        )
    )
    if not rounds:
        return []
    people = recipients({r.partnership_id for r in rounds})
    answered = set(
        RoundAnswer.objects.filter(round__in=rounds, user__isnull=False).values_list(
            "round_id", "user_id"
        )
    )
    found = []
    for r in rounds:
        for person in people.get(r.partnership_id, []):
            if (r.pk, person.pk) in answered or not access.can_edit(person, r.partnership):
                continue
            found.append(
                Condition(
                    r.partnership_id, Kind.SURVEY, "answer", f"{r.pk}:{person.pk}",
                    f"survey round open until {r.closes_on}: your answers are awaited",
                    due_on=r.closes_on, recipient_id=person.pk,
                    link=_path("portal:round_answer", r.pk),
                )
            )  # fmt: skip
    return found


# -- recipients --------------------------------------------------------------------


def recipients(partnership_ids: set[int]) -> dict[int, list[User]]:
    """Who hears about each partnership: owners, else the team, else managers and admins,
    each only if they may see it."""
    if not partnership_ids:
        return {}
    team: dict[int, list[tuple[bool, User]]] = defaultdict(list)
    for m in TeamMember.objects.filter(
        partnership_id__in=partnership_ids, user__is_active=True
    ).select_related("user"):
        team[m.partnership_id].append((m.owner, m.user))
    fallback: list[User] | None = None
    chosen: dict[int, list[User]] = {}
    for pid in partnership_ids:
        members = team.get(pid, [])
        owners = [u for owner, u in members if owner]
        if owners:
            chosen[pid] = owners
        elif members:
            chosen[pid] = [u for _o, u in members]
        else:
            if fallback is None:
                fallback = list(
                    User.objects.filter(is_active=True).filter(
                        Q(role__in=(Role.ADMIN, Role.MANAGER)) | Q(is_superuser=True)
                    )
                )
            chosen[pid] = fallback
    seen: dict[int, set[int]] = {}
    result: dict[int, list[User]] = {}
    for pid, people in chosen.items():
        allowed = []
        for person in people:
            if person.pk not in seen:
                seen[person.pk] = (
                    set(
                        access.visible_partnerships(person)
                        .filter(pk__in=partnership_ids)
                        .values_list("pk", flat=True)
                    )
                    if access.on_our_side(person)
                    else set()
                )
            if pid in seen[person.pk]:
                allowed.append(person)
        result[pid] = sorted(allowed, key=lambda u: u.pk)
    return result


# -- claiming ----------------------------------------------------------------------


def claim(
    conditions: list[Condition], as_of: date
) -> tuple[list[tuple[AlertSent, Condition]], int]:
    """Record the conditions never announced; answer them with their rows, and how many
    pitfall episodes cleared. Two runs at once claim each finding once."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        present = {(c.partnership_id, c.code) for c in conditions if c.kind == Kind.PITFALL}
        open_episodes = {
            (pid, code): pk
            for pk, pid, code in AlertSent.objects.filter(
                kind=Kind.PITFALL, cleared_on__isnull=True
            ).values_list("pk", "partnership_id", "code")
        }
        gone = [pk for k, pk in open_episodes.items() if k not in present]
        cleared = AlertSent.objects.filter(pk__in=gone).update(cleared_on=as_of) if gone else 0
        episodes = {
            (row["partnership_id"], row["code"]): row["n"]
            for row in AlertSent.objects.filter(kind=Kind.PITFALL)
            .values("partnership_id", "code")
            .annotate(n=Count("pk"))
        }
        wanted: dict[tuple[int, str, str, str], Condition] = {}
        for c in conditions:
            if c.kind == Kind.PITFALL:
                if (c.partnership_id, c.code) in open_episodes:
                    continue  # announced in this episode already (and still present)
                key = str(episodes.get((c.partnership_id, c.code), 0) + 1)
            else:
                key = c.key
            wanted[(c.partnership_id, c.kind, c.code, key)] = c
        AlertSent.objects.bulk_create(
            [
                AlertSent(partnership_id=p, kind=k, code=code, key=key, run=token, found_on=as_of)
                for (p, k, code, key) in wanted
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        claimed = [
            (row, wanted[(row.partnership_id, row.kind, row.code, row.key)])
            for row in AlertSent.objects.filter(run=token).order_by("pk")
        ]
    return claimed, cleared


# -- telling -----------------------------------------------------------------------


def run_alerts(as_of: date, playbook: Playbook) -> RunResult:
    """Detect, claim, and tell: the whole alert run."""
    conditions = detect(as_of, playbook)
    claimed, cleared = claim(conditions, as_of)
    result = RunResult(alerts=len(claimed), cleared=cleared)
    if not claimed:
        return result
    partnerships = Partnership.objects.in_bulk({row.partnership_id for row, _c in claimed})
    people = recipients(set(partnerships))
    notes: list[Notification] = []
    for row, c in claimed:
        for person in people.get(row.partnership_id, []):
            if c.recipient_id is not None and person.pk != c.recipient_id:
                continue
            notes.append(
                Notification(
                    recipient=person,
                    partnership_id=row.partnership_id,
                    alert=row,
                    kind=c.kind,
                    code=c.code,
                    severity=c.severity,
                    message=c.message,
                    link=c.link,
                    due_on=c.due_on,
                )
            )
    Notification.objects.bulk_create(notes, batch_size=500)
    result.notifications = len(notes)
    result.people = {n.recipient_id for n in notes}
    sent, failed = send_digests(notes, partnerships, as_of)
    result.emails, result.email_failures = sent, failed
    result.webhook_events = queue_webhooks(claimed, partnerships, as_of)
    return result


SECTIONS = (
    (Kind.PITFALL, "New pitfalls"),
    (Kind.REVIEW, "Reviews coming due or overdue"),
    (Kind.AGREEMENT, "Agreements renewing or ending"),
    (Kind.SURVEY, "Survey rounds to answer"),
)


def _digest(person: User, notes: list[Notification], names: dict[int, str], as_of: date) -> Any:
    base = conf.base_url()
    by_partnership: dict[int, list[Notification]] = defaultdict(list)
    for n in notes:
        by_partnership[n.partnership_id].append(n)
    groups = [
        {
            "name": names[pid],
            "url": base + (items[0].link or ""),
            "sections": [
                {"title": title, "items": [n for n in items if n.kind == kind]}
                for kind, title in SECTIONS
                if any(n.kind == kind for n in items)
            ],
        }
        for pid, items in sorted(by_partnership.items(), key=lambda kv: names[kv[0]].lower())
    ]
    context = {
        "person": person,
        "as_of": as_of,
        "count": len(notes),
        "groups": groups,
        "base": base,
        "inbox": base + (_path("notifications:list") or "/notifications/"),
    }
    subject = (
        f"Partnerfolio: {len(notes)} alert(s) on {len(groups)} partnership(s), {as_of.isoformat()}"
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    message.attach_alternative(render_to_string("notifications/digest.html", context), "text/html")
    return message


def send_digests(
    notes: list[Notification], partnerships: dict[int, Any], as_of: date
) -> tuple[int, int]:
    """One email per person with an address, listing their new alerts by partnership."""
    per_person: dict[int, list[Notification]] = defaultdict(list)
    for n in notes:
        per_person[n.recipient_id].append(n)
    names = {pid: p.name for pid, p in partnerships.items()}
    sent = failed = 0
    connection = get_connection()
    for notes_of in per_person.values():
        person = notes_of[0].recipient
        if not person.email:
            continue
        try:
            connection.send_messages([_digest(person, notes_of, names, as_of)])
            sent += 1
        except Exception:  # one bad address must not stop the others' digests
            log.exception("digest email to %s failed", person.email)
            failed += 1
    return sent, failed


def event_type(kind: str, code: str) -> str:
    return "pitfall.new" if kind == Kind.PITFALL else f"{kind}.{code}"


def queue_webhooks(
    claimed: list[tuple[AlertSent, Condition]], partnerships: dict[int, Any], as_of: date
) -> int:
    """One event per claimed finding (survey reminders, being personal, are not sent),
    queued for every active endpoint that wants its type."""
    endpoints = list(WebhookEndpoint.objects.filter(active=True))
    if not endpoints:
        return 0
    from partnerfolio.notifications.tasks import deliver_webhook

    base = conf.base_url()
    queued = 0
    for row, c in claimed:
        if c.kind == Kind.SURVEY:
            continue
        p = partnerships[row.partnership_id]
        kind = event_type(c.kind, c.code)
        targets = [e for e in endpoints if e.wants(kind, p.confidential)]
        if not targets:
            continue
        event = {
            "id": str(uuid.uuid4()),
            "type": kind,
            "created_at": timezone.now().isoformat(),
            "as_of": as_of.isoformat(),
            "partnership": {"id": p.pk, "name": p.name, "url": base + c.link},
            "kind": c.kind,
            "code": c.code,
            "key": row.key,
            "severity": c.severity or None,
            "message": c.message,
            "due_on": c.due_on.isoformat() if c.due_on else None,
        }
        body = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        for endpoint in targets:
            deliver_webhook(endpoint.pk, event["id"], kind, body)
            queued += 1
    return queued
