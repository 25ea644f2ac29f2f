"""A new partnership from the pages: name, partners (organizations one may see, or new
ones named on the spot), declared type, category, stage, dates and owner (an account, by default whoever
creates it, or a name), stored by
`partnership_create` (the same service as the API and the import).

The advisor's *Create* opens this form pre-filled (name, partner, the recommended type,
category) with its answers carried along, and the partnership is created with what the
advisor recommends for them: starter metrics, review cadence, due-diligence checklist.

For managers and administrators (`access.can_create`); a partner organization hidden
from the person is neither offered nor attached (`accounts.names`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partnerfolio.accounts import access, names
from partnerfolio.domain import load_playbook
from partnerfolio.domain.enums import Category, PartnershipType, RecommendedType, Stage
from partnerfolio.domain.messages import label
from partnerfolio.partnerships import people, services
from partnerfolio.partnerships.errors import RecordError
from partnerfolio.web import presenters
from partnerfolio.web.forms import PageForm, StrictDateField, labelled, refused

CHECKBOX_LIMIT = 100  # organizations offered as boxes to tick; beyond, named by line


class NewPartnershipForm(PageForm):
    name = forms.CharField(label="Name", max_length=200)
    partners = forms.MultipleChoiceField(
        label="Partner organizations", required=False, widget=forms.CheckboxSelectMultiple
    )
    new_partners = forms.CharField(
        label="New partner organizations, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    type = forms.ChoiceField(
        label="Declared type", choices=labelled(PartnershipType, "not declared yet"), required=False
    )
    category = forms.ChoiceField(label="Category", choices=labelled(Category), required=False)
    stage = forms.ChoiceField(
        label="Stage", choices=labelled(Stage, blank=None), initial=Stage.PROPOSED.value
    )
    started_on = StrictDateField(label="Started", required=False)
    planned_end_on = StrictDateField(label="Planned end", required=False)
    owner_account = forms.ChoiceField(label="Owner: an account", required=False)
    owner = forms.CharField(label="Owner: or a name", max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        visible = access.visible_organizations(user).order_by("name").values_list("name", flat=True)
        names_ = list(visible[: CHECKBOX_LIMIT + 1])
        if len(names_) <= CHECKBOX_LIMIT:
            self.fields["partners"].choices = [(n, n) for n in names_]
        else:  # too many to tick through: named, one per line, as on the Partners page
            self.fields["partners"] = forms.CharField(
                label="Existing partner organizations, one per line",
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["owner_account"].choices = people.account_choices()
        self.fields["owner_account"].initial = str(user.pk)  # who creates it, unless changed

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("owner_account") and (data.get("owner") or "").strip():
            self.add_error("owner", "choose an account or write a name, not both")
        return data

    def chosen_owner(self) -> Any:
        chosen = self.cleaned_data.get("owner_account")
        return people.our_people().filter(pk=int(chosen)).first() if chosen else None

    def clean_partners(self) -> list[str]:
        chosen = self.cleaned_data.get("partners") or []
        if isinstance(chosen, list):  # ticked among the ones offered
            return chosen
        lines = list(dict.fromkeys(line.strip() for line in chosen.splitlines() if line.strip()))
        known = set(
            access.visible_organizations(self.user)
            .filter(name__in=lines)
            .values_list("name", flat=True)
        )
        unknown = [line for line in lines if line not in known]
        if unknown:  # a hidden organization reads as one that does not exist
            raise forms.ValidationError(
                f"no partner organization is named {', '.join(map(repr, unknown))}; "
                "name a new one below to create it"
            )
        return lines

    def clean_new_partners(self) -> list[str]:
        lines = (self.cleaned_data.get("new_partners") or "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def document(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = list(data["partners"]) + [
            n for n in data["new_partners"] if n not in data["partners"]
        ]
        document: dict[str, Any] = {"name": data["name"].strip(), "stage": data["stage"]}
        if chosen:
            document["partners"] = [{"name": n} for n in chosen]
        for key in ("type", "category"):
            if data[key]:
                document[key] = data[key]
        for key in ("started_on", "planned_end_on"):
            if data[key]:
                document[key] = data[key].isoformat()
        if data["owner"].strip():
            document["governance"] = {"owner": data["owner"].strip()}
        return document


ADVICE = "advice_"  # the advisor's answers ride along as advice_<factor>=yes|no


def advised(document: dict[str, Any], answers: dict[str, bool]) -> str | None:
    """Add what the advisor recommends for these answers (its starter metrics, review
    cadence, due-diligence checklist, the answers themselves) to a new partnership's
    document; returns the type it recommends, or None without a recommendation."""
    result = presenters.advice_for(answers, load_playbook(settings.PARTNERFOLIO_PLAYBOOK))
    if result is None or result["type"] == RecommendedType.UNDECIDED.value:
        return None
    document["opportunity"] = answers
    document["metrics"] = [{"key": key} for key in result["metric_set"]]
    if result["cadence"]:
        document.setdefault("governance", {})["review_cadence_days"] = result["cadence"]
    if result["type"] != PartnershipType.TACTICAL.value:
        document["due_diligence"] = dict.fromkeys(
            ("culture", "capabilities", "incentives"), "pending"
        )
    return str(result["type"])


def _initial(query: Any) -> dict[str, Any]:
    """What the advisor (or a link) pre-fills: name, a partner, type and category."""
    found: dict[str, Any] = {}
    for key in ("name", "type", "category"):
        if query.get(key):
            found[key] = query[key]
    if query.get("partner"):
        found["new_partners"] = query["partner"]
    return found


@require_http_methods(["GET", "POST"])
def partnership_new(request: HttpRequest) -> HttpResponse:
    if not access.on_our_side(request.user):
        raise Http404
    if not access.can_create(request.user):
        raise PermissionDenied("only managers and administrators create partnerships")
    form = NewPartnershipForm(
        request.POST or None, user=request.user, initial=_initial(request.GET)
    )
    answers = presenters.answers_from(request.POST or request.GET, ADVICE)
    recommended = advised({}, answers)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            document = form.document()
            advised(document, answers)
            try:
                names.check_new_partnership(request.user, document)
                with transaction.atomic():
                    created = services.partnership_create(actor=request.user, document=document)
                    owner = form.chosen_owner()
                    if owner is not None:
                        created = people.people_set(
                            actor=request.user, partnership=created,
                            expected_version=created.version, people={"owner": owner},
                        )  # fmt: skip
            except RecordError as error:
                status = refused(form, error)
            else:
                kind = f" as a {label(created.type)} partnership" if created.type else ""
                messages.success(request, f"Created {created.name}{kind}.")
                return redirect("partnership_detail", pk=created.pk)
    context = {
        "form": form,
        "recommended": recommended,
        "advice": [(ADVICE + k, "yes" if v else "no") for k, v in answers.items()],
    }
    return render(request, "partnerships/new.html", context, status=status)
