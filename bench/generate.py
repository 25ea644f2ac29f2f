"""Deterministic generator of realistic, valid §8 interchange documents (framework.md §8).

Standard library only: a seeded `random.Random` drives every choice, so the same
`count` and `seed` always give the same documents. Each document describes one
partnership over one to three years between 2023 and 2026, with list sizes typical of a
real partnership. The metric catalog is read from the package's default playbook file.

    python bench/generate.py --check 2000      # parse every document with parse_document
    python bench/generate.py --dump 3          # print three documents as JSON
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tomllib
from datetime import date, timedelta
from importlib import resources
from typing import Any

Document = dict[str, Any]

FIRST_DAY = date(2023, 1, 1)
LAST_DAY = date(2026, 12, 31)

TYPES = ("strategic", "tactical", "hybrid")
CATEGORIES = ("commercial", "technological", "public_private", "operational")
STAGES = (
    "proposed",
    "due_diligence",
    "negotiation",
    "active",
    "under_review",
    "winding_down",
    "ended",
)
STAGE_WEIGHTS = (4, 4, 5, 55, 12, 8, 7)
SECTORS = ("private", "public", "nonprofit", "academic")
AGREEMENT_KINDS = ("mou", "contract", "sow", "joint_venture", "licence", "other")
DD_STATUSES = ("pending", "done", "failed")
DD_WEIGHTS = (3, 8, 1)
DECISIONS = ("continue", "renew", "extend", "escalate", "promote", "wind_down", "exit")
DECISION_WEIGHTS = (50, 10, 8, 8, 6, 4, 2)
OPPORTUNITY_STAGES = ("identified", "qualified", "proposal", "won", "lost")
ATTRIBUTIONS = ("partner_sourced", "partner_influenced", "ours")
ENGAGEMENT_KINDS = ("executive_meeting", "steering_committee", "check_in", "workshop")
ENGAGEMENT_WEIGHTS = (15, 10, 60, 15)
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
FACTORS = (
    "sustained_collaboration",
    "new_market_entry",
    "platform_codevelopment",
    "ip_sharing",
    "joint_capability",
    "well_defined_need",
    "time_bound",
    "no_deep_integration",
    "outsourced_deliverable",
    "capacity_supplement",
    "joint_campaign",
    "proven_track_record",
    "due_diligence_complete",
)
STRATEGIC_FACTORS = FACTORS[:5]
TACTICAL_FACTORS = FACTORS[5:11]
METRIC_CATEGORIES = ("financial_impact", "innovation", "relationship_health", "strategic_value")
SURVEY_QUESTIONS = (
    "trust",
    "satisfaction",
    "communication",
    "commitment",
    "value_delivered",
    "fairness",
    "alignment",
)
CUSTOM_QUESTIONS = ("responsiveness", "innovation_culture", "escalation_handling")

COMPANIES = (
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark Industries",
    "Wayne Enterprises",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Wonka",
    "Nakatomi",
    "Gringotts",
    "Aperture",
    "Black Mesa",
    "Oscorp",
    "Massive Dynamic",
    "Pied Piper",
    "Dunder Mifflin",
)
PUBLIC_BODIES = (
    "City of Lyon",
    "NHS Digital",
    "Port of Rotterdam",
    "State Health Agency",
    "University of Leeds",
    "ETH Zürich",
    "Red Cross Chapter",
    "Open Data Foundation",
)
REGIONS = ("EMEA", "APAC", "LATAM", "North America", "DACH", "Nordics", "UK&I", "global")
VENTURES = (
    "co-sell",
    "platform integration",
    "joint R&D",
    "reseller programme",
    "data-sharing pilot",
    "managed service",
    "co-marketing campaign",
    "supply agreement",
    "innovation lab",
    "implementation partnership",
)
ASSETS = (
    "customer base in EMEA",
    "distribution network",
    "cloud platform",
    "regulatory licences",
    "engineering team",
    "patent portfolio",
    "brand recognition",
    "field sales force",
    "manufacturing capacity",
    "public-sector relationships",
    "research lab",
    "data sets",
)
MARKETS = ("retail banking", "insurance", "logistics", "healthcare", "public sector", "telecom")
PEOPLE = (
    "J. Rivera",
    "A. Okafor",
    "M. Chen",
    "S. Lindqvist",
    "P. Moreau",
    "K. Tanaka",
    "R. Patel",
    "L. Schmidt",
    "D. Novak",
    "E. García",
    "T. O'Brien",
    "N. Haddad",
)
DELIVERABLES = (
    "Pilot deployment",
    "Integration milestone",
    "Joint pitch deck",
    "Quarterly business review",
    "Data migration",
    "Training for partner sellers",
    "Security assessment",
    "Reference architecture",
    "Marketing launch",
    "Support handover",
    "Prototype demo",
    "Compliance sign-off",
)
OUTCOMES = (
    "First joint customer",
    "Joint patent filed",
    "Co-branded product launch",
    "Shared cost reduction",
    "Public tender won",
    "Case study published",
)
REVIEW_NOTES = (
    "Delivery on track; partner asked for more executive time.",
    "Pipeline thinner than planned; agreed a joint campaign.",
    "Quality issues on the last two deliverables, escalation agreed.",
    "Strong quarter; discussing a broader scope next year.",
    "Budget overrun flagged by finance.",
)
EVENT_REASONS = (
    "Agreement signed",
    "Board approval",
    "Scope broadened after successful pilot",
    "Partner reorganisation",
    "Annual review outcome",
)

# Custom (non-catalog) metrics: key, name, category, direction, leading, unit, low, high.
CUSTOM_METRICS: tuple[tuple[str, str, str, str, bool, str, float, float], ...] = (
    (
        "support_tickets",
        "Escalated support tickets",
        "relationship_health",
        "lower",
        True,
        "count",
        0,
        40,
    ),
    (
        "time_to_resolution",
        "Mean time to resolution",
        "relationship_health",
        "lower",
        False,
        "days",
        1,
        20,
    ),
    ("joint_webinars", "Joint webinars held", "strategic_value", "higher", True, "count", 0, 12),
    ("partner_nps", "Partner NPS", "relationship_health", "higher", True, "score", -30, 80),
    (
        "cost_per_lead",
        "Cost per joint lead",
        "financial_impact",
        "lower",
        False,
        "currency",
        40,
        900,
    ),
    (
        "certified_engineers",
        "Certified partner engineers",
        "innovation",
        "higher",
        True,
        "count",
        0,
        60,
    ),
    ("defect_rate", "Defect rate", "innovation", "lower", False, "ratio", 0.0, 0.2),
    ("deal_cycle_days", "Joint deal cycle", "strategic_value", "lower", True, "days", 20, 200),
)

# Value ranges by catalog unit: low, high, and a typical target (None: pick within range).
UNIT_RANGES: dict[str, tuple[float, float, float | None]] = {
    "%": (-5.0, 35.0, None),
    "currency": (5_000.0, 2_500_000.0, None),
    "ratio": (0.55, 1.0, 0.95),
    "count": (0.0, 12.0, None),
    "meetings per quarter": (0.0, 8.0, 4.0),
    "score (1–5)": (1.0, 5.0, 4.0),
    "percentage points": (-1.0, 6.0, None),
    "score": (1.0, 10.0, 7.0),
}


def load_catalog() -> dict[str, dict[str, Any]]:
    """The metric catalog of the default playbook: key → category, unit, leading."""
    text = resources.files("partnerfolio.domain").joinpath("playbook.toml").read_text("utf-8")
    metrics: dict[str, dict[str, Any]] = tomllib.loads(text)["metrics"]
    return metrics


def _day(rng: random.Random, low: date, high: date) -> date:
    """A uniformly random day in [low, high] (high is clamped to be at least low)."""
    span = max((high - low).days, 0)
    return low + timedelta(days=rng.randint(0, span))


def _days(rng: random.Random, count: int, low: date, high: date) -> list[date]:
    """`count` distinct sorted days in [low, high] (fewer if the range is too short)."""
    span = max((high - low).days, 0) + 1
    picks = rng.sample(range(span), min(count, span))
    return [low + timedelta(days=d) for d in sorted(picks)]


def _iso(day: date) -> str:
    return day.isoformat()


def _maybe(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


def _survey_score(rng: random.Random, mood: float) -> float | int:
    """A 1–5 score around `mood`: whole numbers mostly, sometimes a tool-reported mean."""
    value = min(5.0, max(1.0, rng.gauss(mood, 0.8)))
    if _maybe(rng, 0.7):
        return round(value)
    return round(value, 2)


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.catalog = load_catalog()
        self.catalog_keys = sorted(self.catalog)
        # A thriving partnership (about one in eight) delivers, trusts and governs well, so
        # some documents reach the readiness and health branches a struggling one never does.
        self.thriving = False

    def document(self, index: int) -> Document:
        rng = self.rng
        self.thriving = _maybe(rng, 0.125)
        kind = rng.choices(TYPES, weights=(35, 45, 20))[0]
        if self.thriving:  # still running at the benchmark's as_of, with a year of history
            started = _day(rng, date(2024, 1, 1), date(2025, 10, 31))
            years = rng.uniform(2.0, 3.0)
        else:
            started = _day(rng, FIRST_DAY, date(2026, 6, 30))
            years = rng.uniform(1.0, 3.0)
        last = min(LAST_DAY, started + timedelta(days=int(365 * years)))
        partner_names = rng.sample(
            COMPANIES + PUBLIC_BODIES, rng.choices((0, 1, 2, 3), (5, 70, 18, 7))[0]
        )
        ours = rng.choice(COMPANIES)
        doc: Document = {
            "name": f"{ours} × {partner_names[0] if partner_names else 'TBD'} "
            f"{rng.choice(REGIONS)} {rng.choice(VENTURES)} #{index:05d}"
        }
        if partner_names:
            doc["partners"] = [self.partner(name) for name in partner_names]
        if _maybe(rng, 0.92):
            doc["type"] = kind
        if _maybe(rng, 0.9):
            doc["category"] = rng.choice(CATEGORIES)
        stage = rng.choices(STAGES, weights=STAGE_WEIGHTS)[0]
        if _maybe(rng, 0.95):
            doc["stage"] = stage
        if _maybe(rng, 0.9):
            doc["started_on"] = _iso(started)
        if _maybe(rng, 0.6):
            doc["planned_end_on"] = _iso(_day(rng, started + timedelta(days=90), LAST_DAY))
        self.fill_lists(doc, kind, stage, started, last)
        if _maybe(rng, 0.85):
            doc["profile"] = self.profile(kind)
        if _maybe(rng, 0.6):
            doc["opportunity"] = self.opportunity(kind)
        if self.thriving or _maybe(rng, 0.85):
            doc["governance"] = self.governance(kind)
        if _maybe(rng, 0.7):
            doc["due_diligence"] = {
                area: rng.choices(DD_STATUSES, weights=DD_WEIGHTS)[0]
                for area in ("culture", "capabilities", "incentives")
                if _maybe(rng, 0.85)
            }
        if _maybe(rng, 0.05):  # explicit nulls mean "not given"
            for key in rng.sample(("type", "category", "planned_end_on", "reviews", "metrics"), 2):
                doc[key] = None
        return doc

    def fill_lists(self, doc: Document, kind: str, stage: str, started: date, last: date) -> None:
        rng = self.rng
        tracked = stage not in ("proposed", "due_diligence")
        scale = 1.0 if tracked else 0.25
        if n := rng.randint(0, 3):
            doc["agreements"] = [self.agreement(started, last) for _ in range(n)]
        if n := int(rng.randint(8 if self.thriving else 0, 20) * scale):
            doc["commitments"] = self.commitments(n, started, last)
        if n := int(rng.randint(2 if self.thriving else 0, 6) * scale):
            doc["surveys"] = self.surveys(n, started, last)
        if n := int(rng.randint(0, 30) * scale):
            doc["engagements"] = self.engagements(n, kind, started, last)
        if n := int(rng.randint(0, 8) * scale):
            doc["reviews"] = self.reviews(n, started, last)
        if n := rng.randint(1 if self.thriving else 0, 6):
            doc["opportunities"] = [self.opportunity_item() for _ in range(n)]
            if self.thriving:
                doc["opportunities"][0]["requires_deeper_collaboration"] = True
        if n := int(rng.randint(1 if self.thriving else 0, 5) * scale):
            doc["joint_outcomes"] = [self.outcome(started, last) for _ in range(n)]
        if n := rng.randint(0, 6):
            doc["metrics"] = self.metrics(n, started, last)
        if n := rng.randint(0, 6):
            doc["events"] = self.events(n, kind, started, last)

    def partner(self, name: str) -> dict[str, Any]:
        rng = self.rng
        partner: dict[str, Any] = {"name": name}
        if _maybe(rng, 0.85):
            partner["sector"] = "private" if name in COMPANIES else rng.choice(SECTORS[1:])
        if _maybe(rng, 0.7):
            partner["assets"] = rng.sample(ASSETS, rng.randint(0, 3))
        if _maybe(rng, 0.75):
            competes = _maybe(rng, 0.2)
            partner["competes_with_us"] = competes
            if competes and _maybe(rng, 0.8):
                partner["competes_in"] = rng.sample(MARKETS, rng.randint(1, 2))
        return partner

    def agreement(self, started: date, last: date) -> dict[str, Any]:
        rng = self.rng
        earliest = max(FIRST_DAY, started - timedelta(days=60))
        signed = _day(rng, earliest, min(last, started + timedelta(days=400)))
        ends = signed + timedelta(days=rng.choice((180, 365, 365, 730, 1095)))
        if ends > LAST_DAY:  # keep every date within 2023–2026
            ends = _day(rng, min(signed + timedelta(days=90), LAST_DAY), LAST_DAY)
        agreement: dict[str, Any] = {"kind": rng.choice(AGREEMENT_KINDS)}
        if _maybe(rng, 0.5):
            agreement["title"] = rng.choice(("Master agreement", "SOW", "MOU", "Licence", "NDA"))
        if _maybe(rng, 0.9):
            agreement["signed_on"] = _iso(signed)
        if _maybe(rng, 0.8):
            agreement["ends_on"] = _iso(ends)
        if _maybe(rng, 0.3):
            agreement["renewal_on"] = _iso(max(signed, ends - timedelta(days=rng.choice((30, 60)))))
        if _maybe(rng, 0.7):
            agreement["covers_ip"] = _maybe(rng, 0.3)
        return agreement

    def profile(self, kind: str) -> dict[str, int]:
        rng = self.rng
        centre = {"strategic": 4.0, "tactical": 1.8, "hybrid": 3.0}[kind]
        dims = DIMENSIONS if _maybe(rng, 0.7) else rng.sample(DIMENSIONS, rng.randint(1, 7))
        return {d: min(5, max(1, round(rng.gauss(centre, 0.9)))) for d in dims}

    def opportunity(self, kind: str) -> dict[str, bool]:
        rng = self.rng
        lean_strategic = {"strategic": 0.75, "tactical": 0.15, "hybrid": 0.5}[kind]
        answers: dict[str, bool] = {}
        for factor in FACTORS:
            if not _maybe(rng, 0.75):
                continue
            if factor in STRATEGIC_FACTORS:
                answers[factor] = _maybe(rng, lean_strategic)
            elif factor in TACTICAL_FACTORS:
                answers[factor] = _maybe(rng, 1 - lean_strategic)
            else:
                answers[factor] = _maybe(rng, 0.5)
        return answers

    def governance(self, kind: str) -> dict[str, Any]:
        rng = self.rng
        formal = (
            0.95 if self.thriving else {"strategic": 0.75, "tactical": 0.3, "hybrid": 0.55}[kind]
        )
        g: dict[str, Any] = {}
        if _maybe(rng, 0.85):
            g["owner"] = rng.choice(PEOPLE)
        if _maybe(rng, formal):
            g["executive_sponsor"] = rng.choice(PEOPLE)
        if _maybe(rng, formal * 0.8):
            g["partner_executive_sponsor"] = rng.choice(PEOPLE)
        if _maybe(rng, 0.8):
            g["steering_committee"] = _maybe(rng, formal)
        if _maybe(rng, formal):
            g["relationship_manager"] = rng.choice(PEOPLE)
        if _maybe(rng, 0.6):
            g["escalation_path"] = rng.sample(PEOPLE, rng.randint(0, 3))
        for key in ("joint_plan", "success_metrics_defined"):
            if _maybe(rng, 0.8):
                g[key] = _maybe(rng, formal)
        if _maybe(rng, 0.6):
            g["review_cadence_days"] = rng.choice((14, 30, 30, 60, 90, 90, 180))
        for key in ("partner_governance_commitment", "our_governance_commitment"):
            if _maybe(rng, 0.6):
                g[key] = _maybe(rng, formal)
        if _maybe(rng, 0.03):
            g["owner"] = None
        return g

    def commitments(self, n: int, started: date, last: date) -> list[dict[str, Any]]:
        rng = self.rng
        reliability = rng.uniform(0.97, 1.0) if self.thriving else rng.uniform(0.5, 1.0)
        items = []
        for _ in range(n):
            due = _day(rng, started + timedelta(days=14), last)
            item: dict[str, Any] = {"title": rng.choice(DELIVERABLES)}
            if _maybe(rng, 0.95):
                item["due_on"] = _iso(due)
            if self.thriving or _maybe(rng, 0.85):
                slip = rng.randint(-10, 0) if _maybe(rng, reliability) else rng.randint(1, 45)
                item["delivered_on"] = _iso(min(LAST_DAY, due + timedelta(days=slip)))
                if self.thriving or _maybe(rng, 0.85):
                    item["met_quality"] = _maybe(rng, reliability)
            items.append(item)
        return items

    def surveys(self, rounds: int, started: date, last: date) -> list[dict[str, Any]]:
        rng = self.rng
        low, high = (4.2, 4.8) if self.thriving else (2.0, 4.6)
        mood = {"ours": rng.uniform(low, high), "partner": rng.uniform(low, high)}
        drift = rng.uniform(0.0, 0.15) if self.thriving else rng.uniform(-0.3, 0.3)
        questions = list(rng.sample(SURVEY_QUESTIONS, rng.randint(2, len(SURVEY_QUESTIONS))))
        if self.thriving and "trust" not in questions:
            questions.insert(0, "trust")
        if _maybe(rng, 0.2):
            questions.append(rng.choice(CUSTOM_QUESTIONS))
        surveys = []
        for r, on in enumerate(_days(rng, rounds, started + timedelta(days=60), last)):
            both = self.thriving or _maybe(rng, 0.85)
            sides = ("ours", "partner") if both else (rng.choice(("ours", "partner")),)
            for side in sides:
                for _ in range(rng.randint(1, 4)):
                    asked = [q for q in questions if _maybe(rng, 0.9)] or questions[:1]
                    survey: dict[str, Any] = {
                        "on": _iso(on),
                        "side": side,
                        "scores": {q: _survey_score(rng, mood[side] + drift * r) for q in asked},
                    }
                    if _maybe(rng, 0.6):
                        survey["respondent"] = rng.choice(PEOPLE)
                    surveys.append(survey)
        return surveys

    def engagements(self, n: int, kind: str, started: date, last: date) -> list[dict[str, Any]]:
        rng = self.rng
        weights = ENGAGEMENT_WEIGHTS if kind != "tactical" else (5, 3, 80, 12)
        items = []
        for on in sorted(_day(rng, started, last) for _ in range(n)):
            item: dict[str, Any] = {
                "on": _iso(on),
                "kind": rng.choices(ENGAGEMENT_KINDS, weights=weights)[0],
            }
            if _maybe(rng, 0.3):
                item["summary"] = rng.choice(("Status update", "Roadmap review", "Pipeline review"))
            items.append(item)
        return items

    def reviews(self, n: int, started: date, last: date) -> list[dict[str, Any]]:
        rng = self.rng
        items = []
        for on in _days(rng, n, started + timedelta(days=30), last):
            item: dict[str, Any] = {"on": _iso(on)}
            if _maybe(rng, 0.85):
                item["decision"] = rng.choices(DECISIONS, weights=DECISION_WEIGHTS)[0]
            if _maybe(rng, 0.4):
                item["notes"] = rng.choice(REVIEW_NOTES)
            items.append(item)
        return items

    def opportunity_item(self) -> dict[str, Any]:
        rng = self.rng
        item: dict[str, Any] = {
            "title": f"Joint offering for {rng.choice(MARKETS)}",
            "stage": rng.choice(OPPORTUNITY_STAGES),
        }
        if _maybe(rng, 0.7):
            item["requires_deeper_collaboration"] = _maybe(rng, 0.4)
        if _maybe(rng, 0.8):
            item["value"] = float(rng.randrange(10_000, 2_000_000, 5_000))
        if _maybe(rng, 0.8):
            item["attribution"] = rng.choice(ATTRIBUTIONS)
        return item

    def outcome(self, started: date, last: date) -> dict[str, Any]:
        rng = self.rng
        item: dict[str, Any] = {"title": rng.choice(OUTCOMES)}
        if _maybe(rng, 0.9):
            item["on"] = _iso(_day(rng, started + timedelta(days=30), last))
        if _maybe(rng, 0.75):
            low = 1_000 if self.thriving else -20_000
            item["value"] = round(rng.uniform(low, 500_000), 2)
        return item

    def metrics(self, n: int, started: date, last: date) -> list[dict[str, Any]]:
        rng = self.rng
        n_custom = sum(1 for _ in range(n) if _maybe(rng, 0.25))
        keys = rng.sample(self.catalog_keys, n - n_custom)
        customs = rng.sample(CUSTOM_METRICS, min(n_custom, len(CUSTOM_METRICS)))
        items: list[dict[str, Any]] = []
        for key in keys:
            spec = self.catalog[key]
            low, high, target = UNIT_RANGES.get(spec["unit"], (0.0, 100.0, None))
            metric: dict[str, Any] = {"key": key}
            if _maybe(rng, 0.15):  # restating the catalog is allowed when it agrees
                metric["category"] = spec["category"]
                metric["direction"] = "higher"
                metric["leading"] = spec["leading"]
            if _maybe(rng, 0.2):
                metric["unit"] = spec["unit"]
            self._series(metric, low, high, target, "higher", started, last)
            items.append(metric)
        for key, name, category, direction, leading, unit, low, high in customs:
            metric = {
                "key": key,
                "name": name,
                "category": category,
                "direction": direction,
                "leading": leading,
            }
            if _maybe(rng, 0.7):
                metric["unit"] = unit
            self._series(metric, low, high, None, direction, started, last)
            items.append(metric)
        rng.shuffle(items)
        return items

    def _series(
        self,
        metric: dict[str, Any],
        low: float,
        high: float,
        target: float | None,
        direction: str,
        started: date,
        last: date,
    ) -> None:
        rng = self.rng
        span = high - low
        if _maybe(rng, 0.75):
            if target is None:
                target = low + span * (0.7 if direction == "higher" else 0.3)
            metric["target"] = round(target * rng.uniform(0.9, 1.1), 4)
        n = rng.randint(0, 12)
        if n == 0:
            if _maybe(rng, 0.5):
                metric["observations"] = []
            return
        level = low + span * rng.uniform(0.2, 0.8)
        step = span * rng.uniform(-0.05, 0.05)
        observations = []
        for on in _days(rng, n, started + timedelta(days=30), last):
            value = min(high, max(low, level + rng.gauss(0, span * 0.03)))
            observations.append({"on": _iso(on), "value": round(value, 4)})
            level += step
        metric["observations"] = observations

    def events(self, n: int, kind: str, started: date, last: date) -> list[dict[str, Any]]:
        rng = self.rng
        events: list[dict[str, Any]] = []
        stage_index = rng.randint(0, 2)
        current_type = kind
        earliest = max(FIRST_DAY, started - timedelta(days=30))
        for on in sorted(_day(rng, earliest, last) for _ in range(n)):
            event: dict[str, Any] = {"on": _iso(on)}
            if _maybe(rng, 0.75):
                nxt = min(len(STAGES) - 1, stage_index + rng.choice((1, 1, 1, 2, -1)))
                nxt = max(0, nxt)
                event["kind"] = "stage_changed"
                if _maybe(rng, 0.9):
                    event["from"] = STAGES[stage_index]
                event["to"] = STAGES[nxt]
                stage_index = nxt
            else:
                new_type = rng.choice([t for t in TYPES if t != current_type])
                event["kind"] = "type_changed"
                if _maybe(rng, 0.9):
                    event["from"] = current_type
                event["to"] = new_type
                current_type = new_type
            if _maybe(rng, 0.5):
                event["by"] = rng.choice(PEOPLE)
            if _maybe(rng, 0.3):
                event["reason"] = rng.choice(EVENT_REASONS)
            events.append(event)
        return events


def generate_documents(count: int, seed: int = 2026) -> list[Document]:
    """`count` valid §8 documents; the same count and seed always give the same documents."""
    generator = _Generator(seed)
    return [generator.document(i) for i in range(count)]


def check(count: int, seed: int) -> int:
    """Parse every generated document; print a summary and return the number that failed."""
    from partnerfolio.domain import default_playbook
    from partnerfolio.interchange import InvalidDocument, parse_document

    playbook = default_playbook()
    documents = generate_documents(count, seed)
    again = generate_documents(min(count, 50), seed)
    assert again == documents[: len(again)], "generator is not deterministic"
    failures = 0
    sizes: dict[str, int] = {}
    for i, doc in enumerate(documents):
        try:
            parse_document(json.dumps(doc, ensure_ascii=False), playbook=playbook)
        except InvalidDocument as error:
            failures += 1
            if failures <= 5:
                print(f"document {i} is invalid: {error}", file=sys.stderr)
        for key, value in doc.items():
            if isinstance(value, list):
                sizes[key] = sizes.get(key, 0) + len(value)
    mean_bytes = sum(len(json.dumps(d, ensure_ascii=False).encode()) for d in documents) / count
    print(f"{count} documents (seed {seed}): {count - failures} valid, {failures} invalid")
    print(f"mean size {mean_bytes / 1024:.1f} KiB; mean items per document:")
    for key in sorted(sizes):
        print(f"  {key:<15} {sizes[key] / count:6.2f}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", type=int, metavar="N", help="parse N generated documents")
    parser.add_argument("--dump", type=int, metavar="N", help="print N documents as JSON")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.dump:
        print(json.dumps(generate_documents(args.dump, args.seed), indent=2, ensure_ascii=False))
    if args.check:
        failures = check(args.check, args.seed)
        assert failures == 0, f"{failures} generated documents did not parse"
    if not args.check and not args.dump:
        parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
