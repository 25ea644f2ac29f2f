"""The forms of the record's items on the pages: agreements and every kind of evidence,
each turned into the §8 document item its service takes (`evidence_record`,
`evidence_update`), labels shown, codes sent."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Model

from partnerfolio.domain.enums import (
    AgreementKind,
    Attribution,
    EngagementKind,
    OpportunityStage,
    ReviewDecision,
    SurveySide,
)
from partnerfolio.domain.messages import label
from partnerfolio.evidence.services import item_document
from partnerfolio.web.forms import FiniteField, PageForm, StrictDateField, YesNoField, labelled


class ItemForm(PageForm):
    section = ""
    noun = ""  # "agreement": what one item is called
    plural = ""
    columns: tuple[str, ...] = ()  # shown in the list, in this order

    def item(self, *, clearing: bool = False) -> dict[str, Any]:
        """The document item; `clearing` (an edit): a blank field clears its value."""
        found: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("score_"):
                continue
            if value in (None, ""):
                if clearing:
                    found[name] = None
                continue
            found[name] = value.isoformat() if isinstance(value, date) else value
        return found

    @classmethod
    def initial_of(cls, model: type[Model], row: Model) -> dict[str, Any]:
        document = item_document(model, row)
        initial = {k: v for k, v in document.items() if k != "scores"}
        for key in ("met_quality", "covers_ip", "requires_deeper_collaboration"):
            if isinstance(initial.get(key), bool):
                initial[key] = "yes" if initial[key] else "no"
        for question, score in (document.get("scores") or {}).items():
            initial[f"score_{question}"] = score
        return initial


def _text(label_: str, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label_, required=required, max_length=500)


class AgreementForm(ItemForm):
    section, noun, plural = "agreements", "agreement", "Agreements"
    columns = ("kind", "title", "signed_on", "ends_on", "renewal_on", "covers_ip")
    kind = forms.ChoiceField(label="Kind", choices=labelled(AgreementKind), required=False)
    title = _text("Title")
    signed_on = StrictDateField(label="Signed on", required=False)
    ends_on = StrictDateField(label="Ends on", required=False)
    renewal_on = StrictDateField(label="Renewal on", required=False)
    covers_ip = YesNoField(label="Covers intellectual property")


class CommitmentForm(ItemForm):
    section, noun, plural = "commitments", "commitment", "Commitments"
    columns = ("title", "due_on", "delivered_on", "met_quality")
    title = _text("Commitment", required=True)
    due_on = StrictDateField(label="Due", required=False)
    delivered_on = StrictDateField(label="Delivered", required=False)
    met_quality = YesNoField(label="Met the quality bar")


class EngagementForm(ItemForm):
    section, noun, plural = "engagements", "meeting", "Meetings"
    columns = ("on", "kind", "summary")
    on = StrictDateField(label="Date")
    kind = forms.ChoiceField(label="Kind", choices=labelled(EngagementKind, blank=None))
    summary = _text("Summary")


class ReviewForm(ItemForm):
    section, noun, plural = "reviews", "review", "Reviews"
    columns = ("on", "decision", "notes")
    on = StrictDateField(label="Date")
    decision = forms.ChoiceField(label="Decision", choices=labelled(ReviewDecision), required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SurveyForm(ItemForm):
    section, noun, plural = "surveys", "survey response", "Survey responses"
    columns = ("on", "side", "respondent", "scores")
    on = StrictDateField(label="Date")
    side = forms.ChoiceField(label="Side", choices=labelled(SurveySide, blank=None))
    respondent = _text("Respondent")

    def __init__(self, *args: Any, questions: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"score_{question}"] = FiniteField(
                label=f"{label(question).capitalize()} (1–5)", required=False
            )

    def item(self, *, clearing: bool = False) -> dict[str, Any]:
        found = super().item(clearing=clearing)
        found["scores"] = {
            name.removeprefix("score_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("score_") and value is not None
        }
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        answered = any(v is not None for k, v in cleaned.items() if k.startswith("score_"))
        if not answered and not any(k.startswith("score_") for k in self.errors):
            raise forms.ValidationError("answer at least one question")
        return cleaned


class OpportunityForm(ItemForm):
    section, noun, plural = "opportunities", "opportunity", "Opportunities"
    columns = ("title", "stage", "value", "attribution", "requires_deeper_collaboration")
    title = _text("Opportunity", required=True)
    stage = forms.ChoiceField(label="Stage", choices=labelled(OpportunityStage), required=False)
    value = FiniteField(label="Value", required=False)
    attribution = forms.ChoiceField(
        label="Attribution", choices=labelled(Attribution), required=False
    )
    requires_deeper_collaboration = YesNoField(label="Needs deeper collaboration")


class JointOutcomeForm(ItemForm):
    section, noun, plural = "joint_outcomes", "joint outcome", "Joint outcomes"
    columns = ("title", "on", "value")
    title = _text("Outcome", required=True)
    on = StrictDateField(label="Date", required=False)
    value = FiniteField(label="Value delivered", required=False)


FORMS: dict[str, type[ItemForm]] = {
    form.section: form
    for form in (
        AgreementForm,
        CommitmentForm,
        EngagementForm,
        ReviewForm,
        SurveyForm,
        OpportunityForm,
        JointOutcomeForm,
    )
}
