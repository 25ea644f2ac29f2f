"""What a spreadsheet row can be (its kind) and hold (its fields), and how headers and cell
texts become the values of a §8 document.

A field's `path` is where its value goes in the §8 document (`profile.time_horizon`,
`governance.owner`); evidence fields sit in the item of their section. Cell texts are
parsed strictly: a value that is not what the field wants is a problem naming the cell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from partnerfolio.domain import default_playbook
from partnerfolio.domain.enums import Dimension, Factor

# kind -> the §8 list its items go to (evidence), or None
SECTIONS = {
    "organization": None,
    "partnership": None,
    "agreement": "agreements",
    "commitment": "commitments",
    "survey": "surveys",
    "engagement": "engagements",
    "review": "reviews",
    "opportunity": "opportunities",
    "joint_outcome": "joint_outcomes",
    "observation": None,
}
KINDS = tuple(SECTIONS)
EVIDENCE_KINDS = tuple(k for k, s in SECTIONS.items() if s)
# names people give a kind in a `record` column or a sheet's title
KIND_SYNONYMS = {
    "partner": "organization",
    "partner_organization": "organization",
    "organisation": "organization",
    "company": "organization",
    "account": "organization",
    "contract": "agreement",
    "survey_response": "survey",
    "metric": "observation",
    "metric_observation": "observation",
    "outcome": "joint_outcome",
    "deal": "opportunity",
}
SURVEY_QUESTIONS = default_playbook().surveys.questions  # the columns a new survey round asks


@dataclass(frozen=True)
class Field:
    key: str
    type: str  # text, date, bool, int, float, code, list, scores, score
    path: str
    synonyms: tuple[str, ...] = ()


def _f(key: str, type_: str = "text", path: str | None = None, *synonyms: str) -> Field:
    return Field(key, type_, key if path is None else path, synonyms)


EXTERNAL_ID = _f("external_id", "text", "", "id", "record_id", "external_key", "crm_id")
_REF = (
    _f("partnership", "text", "", "partnership_name"),
    _f("partner", "text", "", "partner_name", "partner_organization", "partner_account"),
    _f("partner_external_id", "text", "", "partner_id", "partner_account_id"),
)
_GOVERNANCE = {
    "owner": "text",
    "executive_sponsor": "text",
    "partner_executive_sponsor": "text",
    "steering_committee": "bool",
    "relationship_manager": "text",
    "escalation_path": "list",
    "joint_plan": "bool",
    "success_metrics_defined": "bool",
    "review_cadence_days": "int",
    "partner_governance_commitment": "bool",
    "our_governance_commitment": "bool",
}

FIELDS: dict[str, tuple[Field, ...]] = {
    "organization": (
        _f("name", "text", "name", "organization", "organization_name", "partner", "company_name"),
        _f("sector", "code"),
        _f("assets", "list"),
        _f("competes_with_us", "bool", None, "competitor"),
        _f("competes_in", "list"),
        EXTERNAL_ID,
    ),
    "partnership": (
        _f("name", "text", "name", "partnership", "partnership_name"),
        _f("partners", "list", "partners", "partner", "partner_organizations"),
        _f("type", "code", None, "partnership_type"),
        _f("category", "code"),
        _f("stage", "code"),
        _f("started_on", "date", None, "start", "start_date", "started"),
        _f("planned_end_on", "date", None, "end", "end_date", "planned_end"),
        *(_f(d.value, "int", f"profile.{d.value}") for d in Dimension),
        *(_f(f.value, "bool", f"opportunity.{f.value}") for f in Factor),
        *(_f(k, t, f"governance.{k}") for k, t in _GOVERNANCE.items()),
        *(
            _f(a, "code", f"due_diligence.{a}", f"due_diligence_{a}")
            for a in ("culture", "capabilities", "incentives")
        ),
        EXTERNAL_ID,
    ),
    "agreement": (
        *_REF,
        _f("kind", "code", None, "agreement_kind", "agreement_type"),
        _f("title"),
        _f("signed_on", "date", None, "signed", "signature_date"),
        _f("ends_on", "date", None, "ends", "expires", "expiry", "expiry_date"),
        _f("renewal_on", "date", None, "renewal", "renewal_date"),
        _f("covers_ip", "bool"),
        EXTERNAL_ID,
    ),
    "commitment": (
        *_REF,
        _f("title"),
        _f("due_on", "date", None, "due", "due_date"),
        _f("delivered_on", "date", None, "delivered", "delivery_date"),
        _f("met_quality", "bool"),
        EXTERNAL_ID,
    ),
    "survey": (
        *_REF,
        _f("on", "date", None, "date", "surveyed_on"),
        _f("side", "code"),
        _f("respondent"),
        _f("scores", "scores"),
        *(_f(f"score_{q}", "score", f"scores.{q}", q) for q in SURVEY_QUESTIONS),
        EXTERNAL_ID,
    ),
    "engagement": (
        *_REF,
        _f("on", "date", None, "date", "held_on"),
        _f("kind", "code", None, "engagement_kind", "engagement_type"),
        _f("summary", "text", None, "notes", "description"),
        EXTERNAL_ID,
    ),
    "review": (
        *_REF,
        _f("on", "date", None, "date", "reviewed_on"),
        _f("decision", "code"),
        _f("notes", "text", None, "summary", "description"),
        EXTERNAL_ID,
    ),
    "opportunity": (
        *_REF,
        _f("title", "text", None, "opportunity", "opportunity_name", "deal_name", "name"),
        _f("stage", "code", None, "opportunity_stage", "deal_stage"),
        _f("requires_deeper_collaboration", "bool"),
        _f("value", "float", None, "amount"),
        _f("attribution", "code"),
        EXTERNAL_ID,
    ),
    "joint_outcome": (
        *_REF,
        _f("title"),
        _f("on", "date", None, "date"),
        _f("value", "float", None, "amount"),
        EXTERNAL_ID,
    ),
    "observation": (
        *_REF,
        _f("metric", "text", "key", "metric_key"),
        _f("on", "date", "observations.on", "date", "observed_on"),
        _f("value", "float", "observations.value", "amount"),
        _f("metric_name", "text", "name"),
        _f("unit", "text"),
        _f("target", "float"),
        _f("metric_category", "code", "category"),
        _f("direction", "code"),
        _f("leading", "bool"),
        EXTERNAL_ID,
    ),
}
BY_KEY = {kind: {f.key: f for f in fields} for kind, fields in FIELDS.items()}
# every field key in the order a wide export writes them (first seen, first written)
ALL_KEYS = tuple(dict.fromkeys(f.key for fields in FIELDS.values() for f in fields))
RECORD = "record"


def norm(header: str) -> str:
    """`  Started On ` → `started_on`; `Due-Diligence: culture` → `due_diligence_culture`."""
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def kind_of(text: str) -> str | None:
    """The kind a `record` cell or sheet title names, or None."""
    key = norm(text)
    if key.endswith("ies") and key[:-3] + "y" in SECTIONS:
        key = key[:-3] + "y"
    elif key.endswith("s") and key[:-1] in SECTIONS | KIND_SYNONYMS:
        key = key[:-1]
    key = KIND_SYNONYMS.get(key, key)
    return key if key in SECTIONS else None


def match_header(header: str, kinds: tuple[str, ...]) -> str | None:
    """The field (or `record`) a header names for any of these kinds: key first, then synonyms."""
    key = norm(header)
    if key in (RECORD, "record_type", "kind_of_record"):
        return RECORD
    for kind in kinds:
        if key in BY_KEY[kind]:
            return key
    for kind in kinds:
        for f in FIELDS[kind]:
            if key in f.synonyms:
                return f.key
    return None


class CellError(ValueError):
    """A cell's text is not a value of its field."""


BOOLS = {
    "true": True,
    "yes": True,
    "y": True,
    "1": True,
    "x": True,
    "false": False,
    "no": False,
    "n": False,
    "0": False,
}
DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CellError(f"must be a number (like 1234.5), got {text!r}") from None
    if not math.isfinite(value):
        raise CellError(f"must be a finite number, got {text!r}")
    return value


def parse(field: Field, text: str) -> object:
    """The document value of a non-empty cell text, or CellError."""
    if field.type == "text":
        return text
    if field.type == "date":
        found = DATE.match(text)
        try:
            if found:
                return date.fromisoformat(found.group(1)).isoformat()
        except ValueError as error:
            raise CellError(f"not a real date: {text!r} ({error})") from None
        raise CellError(f"must be a date as YYYY-MM-DD, got {text!r}")
    if field.type == "bool":
        if text.lower() in BOOLS:
            return BOOLS[text.lower()]
        raise CellError(f"must be yes or no (true/false, 1/0), got {text!r}")
    if field.type == "int":
        value = _number(text)
        if value != int(value):
            raise CellError(f"must be a whole number, got {text!r}")
        return int(value)
    if field.type in ("float", "score"):
        return _number(text)
    if field.type == "code":
        return norm(text)
    if field.type == "list":
        return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]
    if field.type == "scores":
        scores: dict[str, float] = {}
        for part in re.split(r"[;\n]", text):
            if not part.strip():
                continue
            question, sep, value = part.partition("=")
            if not sep:
                raise CellError(
                    f"must be question=score pairs like 'trust=4; fairness=3', got {text!r}"
                )
            scores[norm(question)] = _number(value.strip())
        return scores
    raise AssertionError(field.type)  # pragma: no cover


def to_text(value: object) -> str:
    """A document value as a cell text (the inverse of `parse`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={to_text(v)}" for k, v in value.items())
    return str(value)
