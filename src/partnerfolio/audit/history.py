"""The audit trail in words: what each record says happened, and its before and after
field by field, for the History pages and the timeline.

Records keep codes (`stage_change`, `{"stage": "active"}`); this module is the one place
that turns them into what a partnership manager reads. A record it has no sentence for
still reads plainly ("Webhook add"), so a new service never shows a bare code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partnerfolio.audit.models import AuditRecord
from partnerfolio.domain.messages import label

# section of the record -> the item, as a person names it
NOUNS = {
    "agreements": "an agreement",
    "commitments": "a commitment",
    "surveys": "a survey response",
    "engagements": "a meeting",
    "reviews": "a review",
    "opportunities": "an opportunity",
    "joint_outcomes": "a joint outcome",
}
VERBS = {"record": "Recorded", "update": "Corrected", "delete": "Removed"}

SENTENCES = {
    "partnership_import": "Created or imported the partnership",
    "partnership_update": "Edited the partnership's details",
    "partnership_promote": "Promoted the partnership to strategic",
    "type_change": "Changed the declared type",
    "stage_change": "Changed the stage",
    "partnership_team_update": "Changed the team",
    "partnership_team_groups_set": "Changed the identity provider's groups of the team",
    "sso_team_join": "Joined the team through a group at the identity provider",
    "sso_team_leave": "Left the team: no longer in its group at the identity provider",
    "partnership_partners_set": "Changed the partners",
    "partnership_delete": "Deleted the partnership",
    "partnership_restore": "Restored the partnership",
    "partner_organization_create": "Created a partner organization",
    "partner_organization_update": "Edited a partner organization",
    "partner_organization_delete": "Deleted a partner organization",
    "metric_define": "Defined a metric",
    "metric_update": "Changed a metric",
    "metric_remove": "Removed a metric",
    "metric_share": "Changed what the partner sees of a metric",
    "observation_record": "Recorded a metric's value",
    "observation_correct": "Corrected a metric's value",
    "observation_remove": "Removed a metric's value",
    "survey_round_open": "Opened a survey round",
    "survey_round_close": "Closed a survey round",
    "survey_round_answer": "Answered a survey round",
    "user_create": "Created an account",
    "role_change": "Changed an account's role",
    "sso_user_create": "Created an account at its first single sign-on",
    "sso_link": "Linked an account to single sign-on",
    "sso_role_change": "Changed an account's role from its single sign-on groups",
    "partner_identity_provider_create": "Added a partner organization's identity provider",
    "partner_identity_provider_update": "Changed a partner organization's identity provider",
    "partner_identity_provider_delete": "Removed a partner organization's identity provider",
    "invitation_create": "Invited a partner user",
    "invitation_accept": "Accepted an invitation",
    "password_change": "Changed a password",
    "two_factor_enable": "Turned two-factor sign-in on",
    "two_factor_disable": "Turned two-factor sign-in off",
    "two_factor_reset": "Reset an account's two-factor sign-in",
    "sign_out_everywhere": "Signed out everywhere",
    "api_token_create": "Created an API token",
    "api_token_revoke": "Revoked an API token",
    "webhook_add": "Added a webhook",
    "webhook_remove": "Removed a webhook",
    "webhook_secret_rotate": "Rotated a webhook's signing secret",
    "webhook_secret_rotation_finish": "Ended a webhook secret's rotation",
    "audit_prune": "Pruned the audit trail",
}

# actions that move one field from a value to another: said as "before → after"
MOVES = {"stage_change": "stage", "type_change": "type", "partnership_promote": "type"}
# what an item is called in a sentence, first found wins
SUBJECT_KEYS = ("title", "summary", "name", "metric", "respondent")
# never shown, whatever a record holds
HIDDEN_KEYS = frozenset({"password", "secret", "token", "hash", "key_hash", "digest", "event"})
FIELD_NAMES = {
    "owner": "owner",
    "executive_sponsor": "our executive sponsor",
    "relationship_manager": "relationship manager",
    "on": "date",
    "due_on": "due on",
    "delivered_on": "delivered on",
    "signed_on": "signed on",
    "ends_on": "ends on",
    "started_on": "started on",
    "planned_end_on": "planned end",
    "met_quality": "met the quality bar",
    "covers_ip": "covers intellectual property",
}
LONG_LIST = 3  # lists of records longer than this are shown as a count


def kind_of(action: str) -> str:
    """The section or subject an action is about, for the kind filter: `commitments`,
    `metric`, `partnership`, `stage`…"""
    for suffix in ("_record", "_update", "_delete"):
        section = action.removesuffix(suffix)
        if section in NOUNS:
            return section
    return action.rsplit("_", 1)[0]


def sentence(action: str) -> str:
    """What the action did, in a few words."""
    if action in SENTENCES:
        return SENTENCES[action]
    section, _, verb = action.rpartition("_")
    if section in NOUNS and verb in VERBS:
        return f"{VERBS[verb]} {NOUNS[section]}"
    return label(action).capitalize()


def subject(record: AuditRecord) -> str:
    """The item the record is about, by its own words (a title, a name), or ""."""
    for side in (record.after, record.before):
        if isinstance(side, dict):
            if record.entity == "metric" and not side.get("name") and side.get("key"):
                return label(str(side["key"])).capitalize()
            if isinstance(side.get("metric"), str):  # a metric's key: as the metric pages name it
                return label(side["metric"]).capitalize()
            for key in SUBJECT_KEYS:
                value = side.get(key)
                if isinstance(value, str) and value.strip():
                    return value.strip()
    return ""


def describe(record: AuditRecord) -> str:
    """One line: "Recorded a commitment: Pilot report"; "Changed the stage: active → ended"."""
    words = sentence(record.action)
    moved = MOVES.get(record.action)
    if moved:  # from one stage or type to another
        before, after = (record.before or {}).get(moved), (record.after or {}).get(moved)
        return f"{words}: {label(str(before)) if before else 'none'} → {label(str(after))}"
    about = subject(record)
    return f"{words}: {about}" if about and record.entity != "partnership" else words


def field_name(key: str) -> str:
    if key in FIELD_NAMES:
        return FIELD_NAMES[key]
    return key.replace("_", " ")


def shown(value: Any) -> str:
    """A value as text: words for codes and booleans, lists joined, long lists counted."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:g}"
    if isinstance(value, list):
        if any(isinstance(v, dict) for v in value):
            if len(value) > LONG_LIST:
                return f"{len(value)} items"
            return "; ".join(_item(v) for v in value)
        return ", ".join(shown(v) for v in value)
    if isinstance(value, dict):
        return _item(value)
    text = str(value)
    return label(text) if text.islower() and " " not in text and "_" in text else text


def _item(value: Any) -> str:
    if not isinstance(value, dict):
        return shown(value)
    for key in SUBJECT_KEYS:
        if isinstance(value.get(key), str) and value[key].strip():
            return value[key].strip()
    return ", ".join(
        f"{field_name(k)} {shown(v)}" for k, v in value.items() if k not in HIDDEN_KEYS
    )


def _flat(side: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dictionaries as one level: {"governance › owner": "Sam"}."""
    if not isinstance(side, dict):
        return {} if side is None else {prefix or "value": side}
    flat: dict[str, Any] = {}
    for key, value in side.items():
        if key in HIDDEN_KEYS:
            continue
        name = f"{prefix} › {field_name(key)}" if prefix else field_name(key)
        if isinstance(value, dict) and value and not any(k in value for k in SUBJECT_KEYS):
            flat.update(_flat(value, name))
        else:
            flat[name] = value
    return flat


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    before: str
    after: str


def changes(record: AuditRecord) -> list[Change]:
    """Field by field, what the record says changed: every field of an item created or
    removed, and only the fields that differ when one was changed."""
    before, after = _flat(record.before), _flat(record.after)
    both = record.before is not None and record.after is not None
    rows = []
    for name in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(name), after.get(name)
        if both and old == new:
            continue
        if old in (None, "", []) and new in (None, "", []):
            continue
        rows.append(Change(name, shown(old), shown(new)))
    return rows


def _side(side: Any) -> str:
    return "our side" if side == "ours" else "the partner's side" if side == "partner" else "–"


def entry_text(kind: str, item: dict[str, Any]) -> str:
    """What one row of a partnership's timeline says happened."""
    if kind == "audit":
        return f"{item['what']} (by {item['by']})"
    if kind == "surveys":
        who = item.get("respondent") or _side(item.get("side"))
        scores = ", ".join(f"{label(k)} {shown(v)}" for k, v in (item.get("scores") or {}).items())
        return f"Survey response from {who}: {scores}" if scores else f"Survey response from {who}"
    if kind == "commitments":
        text = f"{item.get('title') or 'A commitment'} due"
        if item.get("delivered_on"):
            text = f"{text}, delivered {item['delivered_on']}"
        return text
    if kind == "engagements":
        kind_label = label(str(item.get("kind") or "engagement")).capitalize()
        return f"{kind_label}: {item['summary']}" if item.get("summary") else kind_label
    if kind == "reviews":
        text = "Review"
        if item.get("decision"):
            text = f"Review, decision: {label(str(item['decision']))}"
        return f"{text}. {item['notes']}" if item.get("notes") else text
    if kind == "joint_outcomes":
        text = item.get("title") or "A joint outcome"
        return f"{text}, value {shown(item['value'])}" if item.get("value") is not None else text
    if kind == "agreements":
        text = f"{item.get('title') or label(str(item.get('kind') or 'other'))} signed"
        return f"{text}, ends {item['ends_on']}" if item.get("ends_on") else text
    if kind == "events":
        change = f"{label(str(item.get('from') or 'none'))} → {label(str(item.get('to') or ''))}"
        text = f"{label(str(item.get('kind') or 'event')).capitalize()}: {change}"
        return f"{text}: {item['reason']}" if item.get("reason") else text
    return label(kind).capitalize()
