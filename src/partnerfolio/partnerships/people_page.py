"""The page where a partnership's owner, our executive sponsor and our relationship
manager are chosen: an account of this installation, or a name for someone without one
(`people.people_set`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partnerfolio.partnerships import models, people
from partnerfolio.partnerships.views import _partnership
from partnerfolio.web.forms import PageForm, posted_version, submitted

ROLE_NAMES = {
    "owner": "Owner",
    "executive_sponsor": "Our executive sponsor",
    "relationship_manager": "Our relationship (alliance) manager",
}


class PeopleForm(PageForm):
    """Per role an account, or a name written for someone without one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = people.account_choices()
        for role, name in ROLE_NAMES.items():
            self.fields[f"{role}_account"] = forms.ChoiceField(
                label=f"{name}: an account", choices=choices, required=False
            )
            self.fields[role] = forms.CharField(
                label=f"{name}: or a name", required=False, max_length=people.NAME_LIMIT
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for role in ROLE_NAMES:
            if data.get(f"{role}_account") and (data.get(role) or "").strip():
                self.add_error(role, "choose an account or write a name, not both")
        return data

    def people(self) -> dict[str, Any]:
        accounts = {str(u.pk): u for u in people.our_people()}
        return {
            role: accounts[self.cleaned_data[f"{role}_account"]]
            if self.cleaned_data[f"{role}_account"]
            else self.cleaned_data[role].strip() or None
            for role in ROLE_NAMES
        }


def initial(partnership: models.Partnership) -> dict[str, str]:
    found: dict[str, str] = {}
    for role, column in people.ROLES.items():
        pk = getattr(partnership, f"{column}_id")
        found[f"{role}_account"] = "" if pk is None else str(pk)
        found[role] = "" if pk is not None else getattr(partnership, role)
    return found


@require_http_methods(["GET", "POST"])
def partnership_people(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk, edit=True)
    form = PeopleForm(request.POST or None, initial=initial(partnership))
    status = 200
    if request.method == "POST":
        status = (
            submitted(
                form,
                lambda: people.people_set(
                    actor=request.user,
                    partnership=partnership,
                    expected_version=posted_version(request),
                    people=form.people(),
                ),
            )
            or 0
        )
        if not status:
            messages.success(request, "Saved the owner, sponsor and relationship manager.")
            return redirect("partnership_detail", pk=pk)
    return render(
        request,
        "partnerships/people.html",
        {
            "partnership": partnership,
            "form": form,
            "version": request.POST.get("version") or partnership.version,
        },
        status=status,
    )
