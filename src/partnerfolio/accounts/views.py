"""Signing in (with a second step for two-factor), the account page, invitations, people."""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerfolio.accounts import access, invitations, services, sso, sso_only
from partnerfolio.accounts.access import is_admin
from partnerfolio.accounts.middleware import TWO_FACTOR, has_device, mark_signed_in
from partnerfolio.accounts.models import Role, User
from partnerfolio.audit.services import audit_record
from partnerfolio.partners.models import PartnerOrganization

PENDING = "pf_pending"  # a person who gave the right password and owes a code
PENDING_SECONDS = 300


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return settings.LOGIN_REDIRECT_URL


class SignInView(auth_views.LoginView):
    """Username and password; then, for a person with a device, a second step."""

    redirect_authenticated_user = True
    form_class = sso_only.SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        return {
            **context,
            "sso": sso.sign_in_option(),
            "sso_only": sso_only.passwords_off(),
            "refused": form.is_bound and sso_only.refused(form) and sso_only.refusal(),
        }

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        """A wrong password: the page again; a password refused in SSO-only mode: 403."""
        response = super().form_invalid(form)
        if sso_only.refused(form):
            response.status_code = 403
        return response

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        return sso.let_the_button_leave(super().render_to_response(context, **kwargs))

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if has_device(user):
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,  # type: ignore[attr-defined]
                "at": int(time.time()),
                "next": self.get_redirect_url(),
            }
            return redirect("login_code")
        response = super().form_valid(form)  # Django's login: a new session key
        mark_signed_in(self.request)
        self.request.session[TWO_FACTOR] = "none"
        return response


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer while a username is locked from an address: the sign-in page
    saying so (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    page = render(
        request,
        "registration/login.html",
        {
            "form": AuthenticationForm(request),
            "locked_out": True,
            "cooloff_minutes": minutes,
            "sso": sso.sign_in_option(),
            "sso_only": sso_only.passwords_off(),
        },
        status=429,
    )
    return sso.let_the_button_leave(page)


class CodeForm(forms.Form):
    code = forms.CharField(max_length=8, strip=True)


def _verify(user: Any, code: str) -> TOTPDevice | None:
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        with transaction.atomic():
            locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            if locked.verify_token(code.replace(" ", "")):
                return locked
    return None


@login_not_required
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: the code from the person's authenticator app."""
    pending = request.session.get(PENDING)
    if pending and time.time() - pending["at"] > PENDING_SECONDS:
        del request.session[PENDING]
        messages.info(request, "That took too long: please sign in again.")
        return redirect("login")
    if pending:
        user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
        next_url = pending.get("next") or ""
    elif request.user.is_authenticated:
        user, next_url = request.user, request.GET.get("next") or ""
    else:
        return redirect("login")
    if user is None:
        return redirect("login")
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        device = _verify(user, form.cleaned_data["code"])
        if device is None:
            error = "That code is not right (or was used already): try the next one."
        else:
            if pending:
                del request.session[PENDING]
                auth_login(request, user, backend=pending["backend"])
                mark_signed_in(request)
            otp_login(request, device)
            request.session[TWO_FACTOR] = "device"
            return redirect(_safe_next(request, next_url))
    return render(
        request,
        "accounts/login_code.html",
        {"form": form, "error": error},
        status=400 if error else 200,
    )


def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request, PasswordChangeForm(request.user))


def _account_page(request: HttpRequest, password_form: PasswordChangeForm) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "password_form": password_form,
            "may_use_password": sso_only.may_use_password(user),
            "sso_name": settings.PARTNERFOLIO_OIDC_NAME,
            "has_device": has_device(user),
            "require_2fa": settings.PARTNERFOLIO_REQUIRE_2FA,
            "may_invite": invitations.may_invite(user),
            "is_admin": is_admin(user),
            "idle_minutes": settings.PARTNERFOLIO_SESSION_IDLE_MINUTES,
            "max_hours": settings.PARTNERFOLIO_SESSION_MAX_HOURS,
        },
        status=200 if not password_form.errors else 400,
    )


@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    if not sso_only.may_use_password(request.user):
        raise PermissionDenied("passwords are turned off on this site (SSO-only mode)")
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _account_page(request, form)
    with transaction.atomic():
        user = form.save()
        audit_record(actor=user, action="password_change", entity="user", entity_id=user.pk)
    update_session_auth_hash(request, user)  # this session stays; every other one ends
    messages.success(request, "Your password is changed; your other sessions are signed out.")
    return redirect("account")


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """Ends every other session of the person: their session check changes."""
    user = request.user
    assert isinstance(user, User)
    services.sign_out_everywhere(user)
    update_session_auth_hash(request, user)  # this session stays
    messages.success(request, "Every other session of yours is signed out.")
    return redirect("account")


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """A new authenticator: the QR code and the secret, confirmed with a first code."""
    user = request.user
    if has_device(user):
        messages.info(request, "Two-factor authentication is already set up.")
        return redirect("account")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            assert isinstance(user, User)
            services.two_factor_enable(user, device)
            update_session_auth_hash(request, user)  # this session stays; the others end
            otp_login(request, device)
            request.session[TWO_FACTOR] = "device"
            messages.success(
                request,
                "Two-factor authentication is on; your other sessions are signed out.",
            )
            return redirect("account")
        error = "That code is not right: check the time on your phone and try the next one."
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "error": error,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(
                scale=4, light="#fff", title="QR code for your authenticator app"
            ),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
        status=400 if error else 200,
    )


@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Removing the authenticator takes a current code from it."""
    user = request.user
    if settings.PARTNERFOLIO_REQUIRE_2FA:
        messages.error(request, "Two-factor authentication is required here: it stays on.")
        return redirect("account")
    form = CodeForm(request.POST)
    if not form.is_valid() or _verify(user, form.cleaned_data["code"]) is None:
        messages.error(request, "That code is not right: two-factor authentication stays on.")
        return redirect("account")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(actor=user, action="two_factor_disable", entity="user", entity_id=user.pk)
    request.session[TWO_FACTOR] = "none"
    messages.success(request, "Two-factor authentication is off.")
    return redirect("account")


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
                "sso_name": settings.PARTNERFOLIO_OIDC_NAME,
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
