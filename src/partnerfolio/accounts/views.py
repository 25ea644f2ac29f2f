"""Signing in (with a second step for two-factor) and the account page; invitations and
the people page are in `people_views`."""

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
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerfolio.accounts import invitations, services, sso, sso_only
from partnerfolio.accounts.access import is_admin
from partnerfolio.accounts.middleware import TWO_FACTOR, has_device, mark_signed_in
from partnerfolio.accounts.models import User
from partnerfolio.audit.services import audit_record

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
            "sso": sso.sign_in_options(),
            "sso_names": sso.provider_names(),
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
            "sso": sso.sign_in_options(),
            "sso_names": sso.provider_names(),
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
            "sso_name": sso.provider_names(),
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
