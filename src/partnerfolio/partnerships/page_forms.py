"""The forms of the partnership page's *Record* card, as Django forms: an item of each
kind of evidence (the Records pages' own forms, `record_forms.FORMS`), a metric's
value, a commitment delivered and a stage change.

Field names stay those of the §8 document; each form's ids carry its section
(`engagements-on`), since all of them share one page.
"""

from __future__ import annotations

from typing import Any

from django import forms

from partnerfolio.domain.enums import Stage
from partnerfolio.domain.lifecycle import ALLOWED
from partnerfolio.domain.messages import label
from partnerfolio.metrics.models import Metric
from partnerfolio.partnerships import transitions
from partnerfolio.partnerships.record_forms import FORMS, ItemForm, SurveyForm
from partnerfolio.web.forms import FiniteField, PageForm, StrictDateField, YesNoField

# what the card offers, in its order (agreements have their own list on the Records pages)
RECORDED = ("engagements", "reviews", "commitments", "surveys", "opportunities", "joint_outcomes")
# where a confirmation stands after a save (`?saved=…`): the card's forms
SAVED = frozenset({*RECORDED, "observation", "delivered", "stage"})


def item_form(section: str, questions: tuple[str, ...], data: Any = None) -> ItemForm:
    kwargs: dict[str, Any] = {"auto_id": f"{section}-%s"}
    if FORMS[section] is SurveyForm:
        kwargs["questions"] = questions
    return FORMS[section](data, **kwargs)


def _reason(label_: str, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label_, required=required, max_length=transitions.REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


CHOOSE_METRIC = "choose one of the partnership's metrics"


class ObservationForm(PageForm):
    metric = forms.TypedChoiceField(
        label="Metric", coerce=int,
        error_messages={"invalid_choice": CHOOSE_METRIC, "required": CHOOSE_METRIC},
    )  # fmt: skip
    on = StrictDateField(label="Date")
    value = FiniteField(label="Value")

    def __init__(self, *args: Any, metrics: list[Metric], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "observation-%s")
        super().__init__(*args, **kwargs)
        self.metrics = {m.pk: m for m in metrics}
        self.fields["metric"].choices = [
            (m.pk, m.name or label(m.key).capitalize()) for m in metrics
        ]


class DeliveredForm(PageForm):
    delivered_on = StrictDateField(label="Delivered on")
    met_quality = YesNoField(label="Met the quality bar")


class StageForm(PageForm):
    to = forms.ChoiceField(label="Move to")
    on = StrictDateField(label="Date")
    reason = _reason("Reason", required=True)
    exit_plan = _reason("Exit plan (when ending a strategic partnership)")
    override_reason = _reason("Override reason (a manager overriding a guard)")

    def __init__(self, *args: Any, stage: str, may_override: bool, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "stage-%s")
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (s.value, label(s.value).capitalize()) for s in sorted(ALLOWED[Stage(stage)])
        ]
        if not may_override:
            del self.fields["override_reason"]
