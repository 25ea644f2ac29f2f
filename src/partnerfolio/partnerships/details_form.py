"""The *Edit details* form of a partnership, as a Django form: its own fields, the
eight-dimension profile, governance and due diligence, named as in the §8 document
(`governance.owner`), handed to `partnership_update` as changes where a blank field
clears its value."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from partnerfolio.domain.enums import Category, Dimension, DueDiligenceArea, DueDiligenceStatus
from partnerfolio.domain.messages import label
from partnerfolio.web.forms import PageForm, StrictDateField, YesNoField, labelled

SCALE = [("", "–"), ("1", "1 (tactical pole)"), ("2", "2"), ("3", "3"), ("4", "4"),
         ("5", "5 (strategic pole)")]  # fmt: skip
SCORE = "must be a score between 1 and 5"


def _text(name: str, limit: int = 500, required: bool = False) -> forms.CharField:
    return forms.CharField(label=name, max_length=limit, required=required)


def _groups() -> list[tuple[str, dict[str, forms.Field]]]:
    governance: dict[str, forms.Field] = {
        "governance.owner": _text("Owner"),
        "governance.executive_sponsor": _text("Our executive sponsor"),
        "governance.partner_executive_sponsor": _text("The partner's executive sponsor"),
        "governance.relationship_manager": _text("Relationship manager"),
        "governance.steering_committee": YesNoField(label="Steering committee"),
        "governance.joint_plan": YesNoField(label="Joint plan"),
        "governance.success_metrics_defined": YesNoField(label="Success metrics agreed"),
        "governance.review_cadence_days": forms.IntegerField(
            label="Review every (days)", required=False, min_value=1, max_value=3650
        ),
        "governance.our_governance_commitment": YesNoField(label="We commit to shared governance"),
        "governance.partner_governance_commitment": YesNoField(
            label="The partner commits to shared governance"
        ),
        "governance.escalation_path": forms.CharField(
            label="Escalation path, one per line", required=False, max_length=5000,
            widget=forms.Textarea(attrs={"rows": 2}),
        ),
    }  # fmt: skip
    return [
        (
            "Partnership",
            {
                "name": _text("Name", 200, required=True),
                "category": forms.ChoiceField(
                    label="Category", choices=labelled(Category), required=False
                ),
                "started_on": StrictDateField(label="Started", required=False),
                "planned_end_on": StrictDateField(label="Planned end", required=False),
            },
        ),
        (
            "Profile (1 = tactical pole, 5 = strategic pole)",
            {
                f"profile.{d.value}": forms.TypedChoiceField(
                    label=label(d.value).capitalize(),
                    choices=SCALE,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    error_messages={"invalid_choice": SCORE},
                )
                for d in Dimension
            },
        ),
        ("Governance", governance),
        (
            "Due diligence",
            {
                f"due_diligence.{a.value}": forms.ChoiceField(
                    label=label(a.value).capitalize(),
                    choices=labelled(DueDiligenceStatus),
                    required=False,
                )
                for a in DueDiligenceArea
            },
        ),
    ]


GROUPS = [(title, tuple(fields)) for title, fields in _groups()]


class DetailsForm(PageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for _title, fields in _groups():
            self.fields.update(fields)

    def groups(self) -> list[tuple[str, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in GROUPS]

    def changes(self) -> dict[str, Any]:
        """`partnership_update` changes; a blank field clears its value."""
        found: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if value == "":
                value = None
            elif isinstance(value, date):
                value = value.isoformat()
            if name == "governance.escalation_path" and value is not None:
                value = [line.strip() for line in value.splitlines() if line.strip()] or None
            head, _, tail = name.partition(".")
            if tail:
                found.setdefault(head, {})[tail] = value
            else:
                found[head] = value
        return found


def initial(document: dict[str, Any]) -> dict[str, Any]:
    """The form's values for a partnership's §8 document."""
    values: dict[str, Any] = {}
    for _title, names in GROUPS:
        for name in names:
            head, _, tail = name.partition(".")
            value = (document.get(head) or {}).get(tail) if tail else document.get(head)
            if isinstance(value, bool):
                value = "yes" if value else "no"
            elif isinstance(value, list):
                value = "\n".join(str(v) for v in value)
            values[name] = "" if value is None else value
    return values
