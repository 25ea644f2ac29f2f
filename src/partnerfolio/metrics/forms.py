"""The forms of a partnership's metrics: define one from the catalog (by its name) or a
custom one, change its target, correct or remove a value."""

from __future__ import annotations

from typing import Any

from django import forms

from partnerfolio.domain import Playbook
from partnerfolio.domain.enums import MetricCategory
from partnerfolio.domain.messages import label
from partnerfolio.web.forms import FiniteField, PageForm, StrictDateField, labelled

LEADING = (("", "–"), ("yes", "Leading (predicts results)"), ("no", "Lagging (measures results)"))


def catalog_choices(book: Playbook, type_: str | None, taken: set[str]) -> list[Any]:
    """The catalog's metrics by name, those for the partnership's type first."""
    mine, others = [], []
    for key, spec in sorted(book.metrics.items(), key=lambda kv: label(kv[0])):
        if key in taken:
            continue
        choice = (key, f"{label(key).capitalize()} ({label(spec.category.value)}, "
                       f"{'leading' if spec.leading else 'lagging'})")  # fmt: skip
        (mine if spec.type.value == type_ else others).append(choice)
    groups: list[Any] = [("", "A custom metric (described below)")]
    if mine:
        groups.append((f"For {type_} partnerships", mine))
    if others:
        groups.append(("Other metrics of the catalog" if mine else "The catalog", others))
    return groups


class MetricDefineForm(PageForm):
    catalog = forms.ChoiceField(label="Metric", required=False)
    key = forms.SlugField(
        label="Custom metric: key (letters, digits, _)", required=False, max_length=63
    )
    name = forms.CharField(label="Custom metric: name", required=False, max_length=500)
    category = forms.ChoiceField(
        label="Custom metric: category", choices=labelled(MetricCategory), required=False
    )
    direction = forms.ChoiceField(
        label="Custom metric: better when", required=False,
        choices=[("", "–"), ("higher", "Higher"), ("lower", "Lower")],
    )  # fmt: skip
    leading = forms.ChoiceField(label="Custom metric: indicator", choices=LEADING, required=False)
    unit = forms.CharField(label="Unit", required=False, max_length=500)
    target = FiniteField(label="Target", required=False)

    def __init__(self, *args: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalog"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("catalog") and not data.get("key"):
            self.add_error("catalog", "choose a metric of the catalog, or give a custom key")
        return data

    def definition(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data["catalog"]:
            found: dict[str, Any] = {"key": data["catalog"]}
            if data["unit"]:
                found["unit"] = data["unit"]
        else:
            found = {"key": data["key"]}
            for key in ("name", "category", "direction", "unit"):
                if data[key]:
                    found[key] = data[key]
            if data["leading"]:
                found["leading"] = data["leading"] == "yes"
        if data["target"] is not None:
            found["target"] = data["target"]
        return found


class MetricEditForm(PageForm):
    target = FiniteField(label="Target", required=False)
    name = forms.CharField(label="Name", required=False, max_length=500)
    unit = forms.CharField(label="Unit", required=False, max_length=500)


class ValueForm(PageForm):
    on = StrictDateField(label="Date")
    value = FiniteField(label="Value")


class CorrectionForm(PageForm):
    value = FiniteField(label="Correct value")
    reason = forms.CharField(
        label="Why is it corrected?", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
