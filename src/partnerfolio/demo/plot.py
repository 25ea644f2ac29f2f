"""The story language of the demo portfolio, and the writer that turns a story into a §8 document.

A story says what happened in one partnership in days before `as_of` ("started 540 days
ago, monthly check-ins, the last one 75 days ago"); `write` dates it against a given
`as_of`, fills in the routine evidence (check-ins, reviews, survey rounds, metric
observations) from a random generator seeded by the story's name, and returns the plain
JSON-shaped document. Nothing in the evidence is dated after `as_of`; only the planned
end and the terms of agreements look ahead.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from partnerfolio.demo.organizations import ORGANIZATIONS
from partnerfolio.domain import default_playbook

Document = dict[str, Any]

SEED = "partnerfolio-demo-1"
QUESTIONS = default_playbook().surveys.questions  # what a survey round asks
DIMENSIONS = (
    "time_horizon",
    "objective_alignment",
    "resource_commitment",
    "risk_reward",
    "relationship_depth",
    "governance",
    "exit_difficulty",
    "innovation_potential",
)
EXECUTIVE_TOPICS = (
    "joint plan priorities for the next two quarters",
    "investment case for the next phase",
    "pipeline, wins and losses of the quarter",
    "resourcing on both sides and open escalations",
    "roadmap alignment and the next joint release",
    "commercial terms and the renewal outlook",
)
STEERING_TOPICS = (
    "quarterly steering committee: scorecard, risks and decisions log",
    "steering committee: joint plan progress and budget",
    "steering committee: pipeline review and resourcing",
    "steering committee: roadmap, escalations and next-quarter goals",
)
WORKSHOP_TOPICS = (
    "joint planning workshop",
    "solution design workshop",
    "retrospective and lessons learned",
    "enablement session for both teams",
)


@dataclass(frozen=True)
class Step:
    """A stage change, `ago` days before as_of."""

    stage: str
    ago: int
    by: str
    reason: str


@dataclass(frozen=True)
class TypeChange:
    to: str
    ago: int
    by: str
    reason: str


@dataclass(frozen=True)
class Agreement:
    kind: str
    title: str
    signed_ago: int
    ends_in: int | None = None  # days after as_of; negative when it has ended
    renewal_in: int | None = None
    covers_ip: bool = False


@dataclass(frozen=True)
class Rhythm:
    """How often the two sides meet, and how long ago they last did."""

    check_in: int | None = 30
    executive: int | None = None
    steering: int | None = None
    workshop: int | None = None
    quiet: int | None = None  # days since the latest engagement; default a few days
    executive_quiet: int | None = None  # days since the latest executive engagement
    executive_recent: int | None = None  # executive cadence over the last 180 days
    topics: tuple[str, ...] = ("status of open actions",)


@dataclass(frozen=True)
class Reviews:
    every: int = 30
    last: int = 12  # days since the latest routine review
    notes: tuple[str, ...] = ()
    special: tuple[tuple[int, str, str], ...] = ()  # (ago, decision, notes)


@dataclass(frozen=True)
class Surveys:
    """Two-sided rounds: each side's overall mean moves from the first round to the latest."""

    ours: tuple[float, float]
    partner: tuple[float, float]
    respondents: tuple[tuple[str, ...], tuple[str, ...]]
    questions: Mapping[str, Mapping[str, tuple[float, float]]] = field(default_factory=dict)
    every: int = 91
    last: int = 20


@dataclass(frozen=True)
class Commitments:
    titles: tuple[str, ...]
    first: int  # days ago the first one fell due
    last: int  # days ago the last one fell due
    late: frozenset[int] = frozenset()
    poor: frozenset[int] = frozenset()
    open: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Opportunity:
    title: str
    stage: str
    value: float
    attribution: str
    deeper: bool = False


@dataclass(frozen=True)
class Outcome:
    title: str
    ago: int
    value: float


@dataclass(frozen=True)
class Track:
    """A tracked metric: values move from `start` to `end` (the latest, exact) every `every` days."""

    key: str
    target: float | None
    start: float | None = None
    end: float | None = None
    every: int = 30
    since: int | None = None  # days ago of the first observation; default the start
    until: int = 6  # days ago of the latest observation
    name: str | None = None
    unit: str | None = None
    category: str | None = None
    direction: str | None = None
    leading: bool | None = None
    noise: float = 0.04
    whole: bool = False  # a count: observations are whole numbers


@dataclass(frozen=True)
class Story:
    name: str
    partners: tuple[str, ...]
    type: str | None
    category: str
    path: tuple[Step, ...]
    profile: tuple[int | None, ...]
    governance: Mapping[str, Any]
    term_months: int | None = None
    opportunity: Mapping[str, bool] | None = None
    due_diligence: tuple[str, str, str] | None = None
    agreements: tuple[Agreement, ...] = ()
    rhythm: Rhythm | None = None
    reviews: Reviews | None = None
    surveys: Surveys | None = None
    commitments: Commitments | None = None
    opportunities: tuple[Opportunity, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    metrics: tuple[Track, ...] = ()
    types: tuple[TypeChange, ...] = ()

    @property
    def stage(self) -> str:
        return self.path[-1].stage

    @property
    def began(self) -> int:
        """Days ago the partnership started (went active), or its first recorded stage."""
        return next((s.ago for s in self.path if s.stage == "active"), self.path[0].ago)

    @property
    def stopped(self) -> int:
        """Days ago the evidence stops: the end for an ended partnership, else today."""
        return self.path[-1].ago if self.stage == "ended" else 0

    @property
    def running(self) -> bool:
        return any(s.stage == "active" for s in self.path)


class Calendar:
    """Dates counted back from as_of; evidence falls on working days (moved back, never on)."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of

    def day(self, ago: int) -> date:
        on = self.as_of - timedelta(days=max(ago, 0))
        return on - timedelta(days=max(on.weekday() - 4, 0))

    def on(self, ago: int) -> str:
        return self.day(ago).isoformat()

    def ahead(self, days: int) -> str:
        return (self.as_of + timedelta(days=days)).isoformat()


def ticks(latest: int, earliest: int, every: int) -> list[int]:
    """Days-ago values from `latest` back to no earlier than `earliest`, `every` days apart."""
    found = []
    ago = latest
    while ago <= earliest:
        found.append(ago)
        ago += every
    return sorted(found, reverse=True)


def half(value: float) -> float:
    """Rounded to the nearest half point and kept on the 1–5 scale."""
    return min(max(round(value * 2) / 2, 1.0), 5.0)


def number(value: float, scale: float) -> float | int:
    """A value rounded as a person would record it; whole numbers stay whole."""
    if scale >= 100:
        return round(value)
    rounded = round(value, 1 if scale >= 10 else 3)
    return int(rounded) if float(rounded).is_integer() and scale >= 10 else rounded


def write(story: Story, as_of: date) -> Document:
    """The §8 document of a story, as of `as_of`."""
    rng = random.Random(f"{SEED}:{story.name}")
    cal = Calendar(as_of)
    doc: Document = {"name": story.name}
    doc["partners"] = [ORGANIZATIONS[key].document() for key in story.partners]
    if story.type is not None:
        doc["type"] = story.type
    doc["category"] = story.category
    doc["stage"] = story.stage
    if story.running:
        started = cal.day(story.began)
        doc["started_on"] = started.isoformat()
        if story.term_months is not None:
            end = started + timedelta(days=round(story.term_months * 30.44))
            doc["planned_end_on"] = end.isoformat()
    doc["agreements"] = [_agreement(a, cal) for a in story.agreements]
    doc["profile"] = {d: s for d, s in zip(DIMENSIONS, story.profile, strict=True) if s}
    if story.opportunity is not None:
        doc["opportunity"] = dict(story.opportunity)
    doc["governance"] = {
        k: list(v) if isinstance(v, list) else v for k, v in story.governance.items()
    }
    if story.due_diligence is not None:
        areas = ("culture", "capabilities", "incentives")
        doc["due_diligence"] = dict(zip(areas, story.due_diligence, strict=True))
    doc["commitments"] = _commitments(story, cal, rng)
    doc["surveys"] = _surveys(story, cal, rng)
    doc["engagements"] = _engagements(story, cal, rng)
    doc["reviews"] = _reviews(story, cal, rng)
    doc["opportunities"] = [
        {
            "title": o.title,
            "stage": o.stage,
            "requires_deeper_collaboration": o.deeper,
            "value": o.value,
            "attribution": o.attribution,
        }
        for o in story.opportunities
    ]
    doc["joint_outcomes"] = [
        {"title": o.title, "on": cal.on(o.ago), "value": o.value}
        for o in sorted(story.outcomes, key=lambda o: -o.ago)
    ]
    doc["metrics"] = [_metric(t, story, cal, rng) for t in story.metrics]
    doc["events"] = _events(story, cal)
    return {k: v for k, v in doc.items() if v not in ([], {})}


def _agreement(a: Agreement, cal: Calendar) -> Document:
    item: Document = {"kind": a.kind, "title": a.title, "signed_on": cal.on(a.signed_ago)}
    if a.ends_in is not None:
        item["ends_on"] = cal.ahead(a.ends_in)
    if a.renewal_in is not None:
        item["renewal_on"] = cal.ahead(a.renewal_in)
    item["covers_ip"] = a.covers_ip
    return item


def _commitments(story: Story, cal: Calendar, rng: random.Random) -> list[Document]:
    plan = story.commitments
    if plan is None:
        return []
    n = len(plan.titles)
    items = []
    for i, title in enumerate(plan.titles):
        due = plan.first - round(i * (plan.first - plan.last) / max(n - 1, 1))
        item: Document = {"title": title, "due_on": cal.on(due)}
        if i not in plan.open:
            delivered = due - rng.randint(3, 12) if i in plan.late else due + rng.randint(0, 4)
            item["delivered_on"] = cal.on(delivered)
            item["met_quality"] = i not in plan.poor
        items.append(item)
    return items


def _surveys(story: Story, cal: Calendar, rng: random.Random) -> list[Document]:
    plan = story.surveys
    if plan is None:
        return []
    rounds = ticks(plan.last, story.began - 45, plan.every)
    bias = {q: rng.choice((-0.25, 0.0, 0.25)) for q in QUESTIONS if q != "trust"}
    bias["trust"] = 0.0
    items = []
    for i, ago in enumerate(rounds):
        f = i / (len(rounds) - 1) if len(rounds) > 1 else 1.0
        shared = {q: 0.0 if q == "trust" else rng.choice((-0.25, 0.0, 0.25)) for q in QUESTIONS}
        for side, level, names in (
            ("ours", plan.ours, plan.respondents[0]),
            ("partner", plan.partner, plan.respondents[1]),
        ):
            means = {}
            for q in QUESTIONS:
                start, end = plan.questions.get(q, {}).get(side, level)
                noise = 0.0 if q in plan.questions else bias[q] + shared[q]
                means[q] = half(start + (end - start) * f + noise)
            spreads = [rng.choice((0.0, 0.5)) for _ in QUESTIONS]
            for j, name in enumerate(names):
                sign = 1 if j % 2 == 0 else -1
                scores = {}
                for q, spread in zip(QUESTIONS, spreads, strict=True):
                    fits = means[q] - spread >= 1 and means[q] + spread <= 5
                    d = spread if len(names) == 2 and fits else 0.0
                    scores[q] = means[q] + sign * d
                items.append(
                    {"on": cal.on(ago), "side": side, "respondent": name, "scores": scores}
                )
    return items


def _engagements(story: Story, cal: Calendar, rng: random.Random) -> list[Document]:
    r = story.rhythm
    if r is None:
        return []
    quiet = max(r.quiet if r.quiet is not None else rng.randint(2, 9), story.stopped)
    found: list[tuple[int, str, str]] = []
    for step in story.path:
        if step.stage in ("due_diligence", "negotiation") and step.ago - 7 > quiet:
            what = "due-diligence workshop" if step.stage == "due_diligence" else "term sheet"
            kind = "workshop" if step.stage == "due_diligence" else "executive_meeting"
            found.append((step.ago - 7, kind, f"Pre-signature {what} with both teams."))
    start = story.began
    if r.check_in:
        for ago in ticks(quiet, start - 3, r.check_in):
            found.append((ago, "check_in", f"Status check-in: {rng.choice(r.topics)}."))
    if r.workshop:
        for ago in ticks(quiet + 11, start - 2, r.workshop):
            found.append((ago, "workshop", f"{rng.choice(WORKSHOP_TOPICS).capitalize()}."))
    if r.steering:
        latest = max(r.executive_quiet or quiet + 5, quiet)
        for ago in ticks(latest + 16, start - 20, r.steering):
            if r.executive_recent and ago < 180:
                continue  # the steering committee stopped meeting
            found.append(
                (ago, "steering_committee", f"{rng.choice(STEERING_TOPICS).capitalize()}.")
            )
    if r.executive:
        latest = max(r.executive_quiet or quiet + 8, quiet)
        agos = ticks(latest, start - 10, r.executive)
        if r.executive_recent:
            agos = [a for a in agos if a >= 180]
            agos += ticks(latest, 179, r.executive_recent)
        for ago in agos:
            topic = rng.choice(EXECUTIVE_TOPICS)
            found.append((ago, "executive_meeting", f"Executive sponsors meet: {topic}."))
    found.sort(key=lambda e: -e[0])
    return [{"on": cal.on(ago), "kind": kind, "summary": text} for ago, kind, text in found]


def _reviews(story: Story, cal: Calendar, rng: random.Random) -> list[Document]:
    r = story.reviews
    if r is None:
        return []
    found: list[tuple[int, str, str | None]] = list(r.special)
    special = {ago for ago, _, _ in r.special}
    for ago in ticks(max(r.last, story.stopped), story.began - r.every // 2, r.every):
        if all(abs(ago - s) > 5 for s in special):
            note = rng.choice(r.notes) if r.notes and rng.random() < 0.6 else None
            found.append((ago, "continue", note))
    found.sort(key=lambda x: -x[0])
    items = []
    for ago, decision, note in found:
        item: Document = {"on": cal.on(ago), "decision": decision}
        if note:
            item["notes"] = note
        items.append(item)
    return items


def _metric(t: Track, story: Story, cal: Calendar, rng: random.Random) -> Document:
    item: Document = {"key": t.key}
    for key in ("name", "category", "direction", "leading", "unit", "target"):
        value = getattr(t, key)
        if value is not None:
            item[key] = value
    if t.start is None or t.end is None:
        return item
    since = t.since if t.since is not None else story.began - 20
    until = max(t.until, story.stopped + 10 if story.stopped else t.until)
    points = ticks(until, since, t.every)
    scale = max(abs(t.start), abs(t.end))
    observations: dict[str, float | int] = {}
    for i, ago in enumerate(points):
        f = i / (len(points) - 1) if len(points) > 1 else 1.0
        value = t.start + (t.end - t.start) * f
        if i < len(points) - 1:
            value *= 1 + rng.uniform(-t.noise, t.noise)
        recorded = round(value) if t.whole else number(value, scale)
        observations.setdefault(cal.on(ago), recorded)
    item["observations"] = [{"on": on, "value": v} for on, v in observations.items()]
    return item


def _events(story: Story, cal: Calendar) -> list[Document]:
    found: list[tuple[int, int, Document]] = []
    previous: str | None = None
    for n, step in enumerate(story.path):
        event: Document = {"on": cal.on(step.ago), "kind": "stage_changed"}
        if previous is not None:
            event["from"] = previous
        event |= {"to": step.stage, "by": step.by, "reason": step.reason}
        found.append((step.ago, n, event))
        previous = step.stage
    previous = None
    for n, change in enumerate(story.types):
        event = {"on": cal.on(change.ago), "kind": "type_changed"}
        if previous is not None:
            event["from"] = previous
        event |= {"to": change.to, "by": change.by, "reason": change.reason}
        found.append((change.ago, 100 + n, event))
        previous = change.to
    found.sort(key=lambda e: (-e[0], e[1]))
    return [event for _, _, event in found]
