"""Invitations by e-mail link, and the people page: roles and two-factor resets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_http_methods, require_POST

from partnerfolio.accounts import access, invitations, services, sso, sso_only
from partnerfolio.accounts.access import is_admin
from partnerfolio.accounts.middleware import has_device
from partnerfolio.accounts.models import Role, User
from partnerfolio.audit.services import audit_record
from partnerfolio.partners.models import PartnerOrganization

# Invitations


class InvitationForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER)
    organization = forms.ModelChoiceField(
        queryset=PartnerOrganization.objects.order_by("name"),
        required=False,
        help_text="For partner users",
    )


def _invitation_form(request: HttpRequest, **kwargs: Any) -> InvitationForm:
    """The form, offering only the organizations the person may see."""
    form = InvitationForm(**kwargs)
    field = form.fields["organization"]
    field.queryset = access.visible_organizations(request.user).order_by("name")  # type: ignore[attr-defined]
    return form


def invite(request: HttpRequest) -> HttpResponse:
    if not invitations.may_invite(request.user):
        raise PermissionDenied("only managers and administrators invite")
    if request.method == "POST":
        form = _invitation_form(request, data=request.POST)
        if form.is_valid():
            try:
                invitation = invitations.invitation_create(
                    actor=request.user,  # type: ignore[arg-type]
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    organization=form.cleaned_data["organization"],
                    site_url=settings.PARTNERFOLIO_BASE_URL,
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
            else:
                messages.success(request, f"An invitation is on its way to {invitation.email}.")
                return redirect("invite")
    else:
        form = _invitation_form(
            request,
            initial={
                "role": request.GET.get("role") or Role.VIEWER,
                "organization": request.GET.get("organization") or None,
            },
        )
    return render(
        request,
        "accounts/invite.html",
        {"form": form, "days": settings.PARTNERFOLIO_INVITATION_DAYS},
        status=400 if form.errors else 200,
    )


class AcceptForm(forms.Form):
    username = forms.CharField(max_length=150)
    password1 = forms.CharField(label="Password", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Password again", widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "the two passwords differ")
        return data


@login_not_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitations.invitation_for(token)
    except invitations.InvitationInvalid as problem:
        return render(request, "accounts/invitation_invalid.html", {"problem": problem}, status=410)
    if sso_only.passwords_off():
        # no account of ours with a password: the identity provider's first sign-in
        # creates it, with the role of the person's groups there (docs/sso.md)
        return render(
            request,
            "accounts/invitation_accept.html",
            {
                "invitation": invitation,
                "sso_only": True,
                "sso_name": sso.provider_names(),
            },
            status=403 if request.method == "POST" else 200,
        )
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitation_accept(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except invitations.InvitationInvalid as problem:
            return render(
                request, "accounts/invitation_invalid.html", {"problem": problem}, status=410
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                target = "password1" if field == "password" else field
                for problem in problems:
                    form.add_error(target if target in form.fields else None, problem)
        else:
            messages.success(request, "Your account is ready: sign in with it.")
            return redirect("login")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )


# People (administrators)


def people(request: HttpRequest) -> HttpResponse:
    if not is_admin(request.user):
        raise PermissionDenied("administrators only")
    users = User.objects.select_related("organization").order_by("username")
    return render(
        request,
        "accounts/people.html",
        {
            "people": users,
            "our_roles": [r for r in Role if r != Role.PARTNER],
            "with_device": services.user_ids_with_device(),
        },
    )


@require_POST
def person_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the role of a person of ours (partner users stay partner users)."""
    if not is_admin(request.user):
        raise PermissionDenied("administrators only")
    person = get_object_or_404(User, pk=pk)
    role = request.POST.get("role", "")
    if person.role == Role.PARTNER or role not in Role.values or role == Role.PARTNER:
        messages.error(request, "Only our own people change roles, to one of ours.")
        return redirect("people")
    if person.pk == request.user.pk and role != Role.ADMIN and not person.is_superuser:
        messages.error(request, "You cannot take your own administrator role away.")
        return redirect("people")
    if person.role != role:
        with transaction.atomic():
            before = person.role
            person.role = role
            person.save(update_fields=["role"])
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action="role_change",
                entity="user",
                entity_id=person.pk,
                before={"role": before},
                after={"role": role},
            )
        messages.success(request, f"{person.get_username()} is now {Role(role).label}.")
    return redirect("people")


@require_http_methods(["GET", "POST"])
def person_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """For a person who lost their authenticator: GET says what a reset does, POST does it
    (`services.two_factor_reset`)."""
    if not is_admin(request.user):
        raise PermissionDenied("administrators only")
    person = get_object_or_404(User, pk=pk)
    context: dict[str, Any] = {
        "person": person,
        "require_2fa": settings.PARTNERFOLIO_REQUIRE_2FA,
    }
    if person.pk == request.user.pk:
        context["refused"] = (
            "You cannot reset your own two-factor authentication here: "
            "turn it off on your account page, with a current code."
        )
        return render(request, "accounts/person_two_factor_reset.html", context, status=400)
    if request.method == "POST":
        try:
            removed = services.two_factor_reset(
                actor=request.user,  # type: ignore[arg-type]
                person=person,
            )
        except services.NothingToReset as nothing:
            messages.info(request, str(nothing))
        except services.TwoFactorResetRefused as refused:
            context["refused"] = str(refused)
            return render(request, "accounts/person_two_factor_reset.html", context, status=400)
        else:
            messages.success(
                request,
                f"The two-factor authentication of {person.get_username()} is reset: "
                f"{removed} device{pluralize(removed)} removed, and they are signed out "
                "everywhere.",
            )
        return redirect("people")
    if not has_device(person):
        messages.info(
            request,
            f"{person.get_username()} has no two-factor device: there is nothing to reset.",
        )
        return redirect("people")
    return render(request, "accounts/person_two_factor_reset.html", context)
