"""What every form of the pages shares: one strict date, yes/no/not known, finite numbers,
labels rather than codes, and the one place a service's refusal becomes field errors
and an HTTP status.

Forms parse; the services stay the judges of the record's rules. A form hands clean
values to a service, and whatever the service refuses comes back to the field it names
(`refused`), so a page never decides a business rule and never guesses a status from a
sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms

from partnerfolio.accounts import access
from partnerfolio.accounts.names import NameUnavailable
from partnerfolio.domain.lifecycle import GuardsNotMet, IllegalMove, LifecycleError
from partnerfolio.domain.messages import label
from partnerfolio.partnerships.errors import (
    AlreadyExists,
    InUse,
    RecordError,
    StaleEdit,
)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class StrictDateField(forms.DateField):
    """A date written as YYYY-MM-DD (what a date input sends), nothing else."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            if not ISO_DATE.fullmatch(text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(
                f"must be a date written YYYY-MM-DD, got {text!r}", code="invalid"
            ) from None


class YesNoField(forms.TypedChoiceField):
    """Yes, no, or not known (blank)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=(("", "not known"), ("yes", "yes"), ("no", "no")),
            coerce=lambda v: v == "yes",
            empty_value=None,
            required=False,
            **kwargs,
        )


class FiniteField(forms.FloatField):
    """A number (thousands separators allowed), never infinite or NaN."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value: Any) -> float | None:
        written = value
        if isinstance(value, str):
            value = value.replace(",", "").strip()
        try:
            number = super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                f"must be a number, got {written!r}", code="invalid"
            ) from None
        if number is not None and not math.isfinite(number):
            raise forms.ValidationError(f"must be a finite number, got {written!r}", code="invalid")
        return number


# Where a code's label in a sentence ("The contract ends …") is not the name of a choice.
CHOICE_LABELS = {
    "mou": "Memorandum of understanding",
    "contract": "Contract",
    "sow": "Statement of work",
    "joint_venture": "Joint venture agreement",
    "licence": "Licence",
    "other": "Other",
}


def choice_label(code: str) -> str:
    """The name a person reads for a code among its choices."""
    return CHOICE_LABELS.get(code) or label(code).capitalize()


def labelled(enum: Any, blank: str | None = "–") -> list[tuple[str, str]]:
    """An enumeration's choices with their labels (codes stay the values)."""
    found = [(m.value, choice_label(m.value)) for m in enum]
    return ([("", blank)] if blank is not None else []) + found


class PageForm(forms.Form):
    """A form whose invalid fields say so to assistive technology."""

    error_css_class = "invalid"

    def marked(self) -> PageForm:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"
        return self

    def is_valid(self) -> bool:
        valid = super().is_valid()
        self.marked()
        return valid


class RemovalForm(PageForm):
    """Why a record is removed: kept in the audit trail with what it said."""

    reason = forms.CharField(
        label="Why is it removed?", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def posted_version(request: Any) -> int:
    """The version of the record the form was opened on (-1, which no record has, when
    it is missing or not a number: refused as a stale copy)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


OVERRIDE_REFUSED = "only a manager or an administrator may override a guard"


def override_refused(request: Any, form: forms.Form) -> bool:
    """Whether the form asks to override a life-cycle guard for someone who may not; the
    refusal is then on the form (the page answers 403)."""
    if not request.POST.get("override_reason", "").strip():
        return False
    if access.can_override_guards(request.user):
        return False
    form.is_valid()
    form.add_error("override_reason" if "override_reason" in form.fields else None,
                   OVERRIDE_REFUSED)  # fmt: skip
    if isinstance(form, PageForm):
        form.marked()
    return True


def submitted(form: forms.Form, write: Callable[[], Any], prefix: str = "") -> int | None:
    """Check the form and, when it is valid, write it with `write` (a service call):
    None once written, else the status of the page showing the form's errors."""
    if not form.is_valid():
        return 400
    try:
        write()
    except (RecordError, LifecycleError) as error:
        return refused(form, error, prefix)
    return None


GUARDS_ADVICE = "Record what is missing, or, as a manager, give a reason to override."


def refused(form: forms.Form, error: RecordError | LifecycleError, prefix: str = "") -> int:
    """Put a service's refusal on the form's fields; answer the page's HTTP status:
    409 for a stale copy, a name in use, a record still in use or a life-cycle guard
    not met (with what to do), 400 otherwise."""
    problems = getattr(error, "problems", None)
    if isinstance(error, GuardsNotMet):
        form.add_error(None, f"{error}. {GUARDS_ADVICE}")
    elif isinstance(error, IllegalMove):
        form.add_error("to" if "to" in form.fields else None, str(error))
    elif isinstance(problems, list):
        for problem in problems:
            path = problem.path.removeprefix(prefix)
            field = path.split(".")[0].split("[")[0]
            if path.startswith("scores."):
                field = "score_" + path.removeprefix("scores.")
            form.add_error(field if field in form.fields else None, problem.message)
    else:
        form.add_error(None, str(error))
    if isinstance(form, PageForm):
        form.marked()
    if isinstance(error, StaleEdit | AlreadyExists | InUse | NameUnavailable | GuardsNotMet):
        return 409
    return 400
