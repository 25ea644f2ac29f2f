"""The Team page: who works on the partnership, who owns it, whether it is confidential,
and, where people sign in with the company's identity provider, the groups there whose
people are on its team (`team_groups`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partnerfolio.accounts import access
from partnerfolio.accounts.models import Role, User
from partnerfolio.partnerships import models, services, team_groups
from partnerfolio.partnerships.views import _partnership
from partnerfolio.web.forms import PageForm, posted_version, submitted


def single_sign_on() -> bool:
    """Whether people of ours sign in with an identity provider, whose groups mean something."""
    return bool(settings.PARTNERFOLIO_OIDC_ISSUER or settings.PARTNERFOLIO_SAML_METADATA_URL)


class TeamForm(PageForm):
    member = forms.TypedMultipleChoiceField(label="On the team", coerce=int, required=False)
    owner = forms.TypedMultipleChoiceField(label="Owner", coerce=int, required=False)
    confidential = forms.BooleanField(label="Confidential", required=False)
    team_groups = forms.CharField(
        label="Groups at the identity provider",
        help_text="One per line, as the provider names them; their people join the team "
        "when they sign in, and leave it when they are no longer in the group.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, people: list[Any], groups: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("member", "owner"):
            self.fields[name].choices = [(u.pk, u.get_username()) for u in people]
            self.fields[name].error_messages["invalid_choice"] = (
                "no active account of ours: %(value)s"
            )
        if not groups:
            del self.fields["team_groups"]

    def groups(self) -> list[str]:
        return self.cleaned_data["team_groups"].splitlines()


@require_http_methods(["GET", "POST"])
def partnership_team(request: HttpRequest, pk: int) -> HttpResponse:
    """Who works on the partnership, who owns it, and whether it is confidential."""
    partnership = _partnership(request, pk, edit=True)
    if not access.can_govern(request.user, partnership):
        raise PermissionDenied("only managers and administrators change a partnership's team")
    people = list(
        User.objects.filter(is_active=True).exclude(role=Role.PARTNER).order_by("username")
    )
    rows = models.TeamMember.objects.filter(partnership=partnership)
    current = {m.user_id: m.owner for m in rows}
    via = {m.user_id: m.via_group for m in rows if m.via_group}
    linked = team_groups.linked_groups(partnership)
    form = TeamForm(
        request.POST or None,
        people=people,
        groups=single_sign_on() or bool(linked),
        initial={"team_groups": "\n".join(linked)},
    )
    status = 200
    if request.method == "POST":

        @transaction.atomic
        def write() -> None:
            owners = set(form.cleaned_data["owner"])
            changed = services.partnership_team_update(
                actor=request.user,
                partnership=partnership,
                expected_version=posted_version(request),
                members={uid: uid in owners for uid in set(form.cleaned_data["member"]) | owners},
                confidential=form.cleaned_data["confidential"],
            )
            if "team_groups" in form.fields:
                team_groups.partnership_team_groups_set(
                    actor=request.user,
                    partnership=changed,
                    expected_version=changed.version,
                    groups=form.groups(),
                )

        status = submitted(form, write) or 0
        if not status:
            messages.success(request, "Saved the team.")
            return redirect("partnership_detail", pk=pk)
        if form.is_valid():
            owners = set(form.cleaned_data["owner"])
            current = {u: u in owners for u in set(form.cleaned_data["member"]) | owners}
    return render(
        request,
        "partnerships/team.html",
        {
            "partnership": partnership,
            "people": [
                (u, u.pk in current, current.get(u.pk, False), via.get(u.pk)) for u in people
            ],
            "owner_account": partnership.owner_account_id,
            "confidential": form.cleaned_data.get("confidential")
            if form.is_bound and form.is_valid()
            else partnership.confidential,
            "form": form,
            "version": request.POST.get("version") or partnership.version,
        },
        status=status,
    )
