"""Sessions that end on their own, and the second step of signing in (docs/security.md)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse

STARTED = "pf_started"  # when the person signed in (seconds since the epoch)
SEEN = "pf_seen"  # the last request of the session
TWO_FACTOR = "pf_2fa"  # "device" or "none": whether the person had a device when checked

# The last-seen time is written at most this often, so most requests save no session.
SEEN_RESOLUTION = 60


def mark_signed_in(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now


class SessionLimitsMiddleware:
    """Ends a session idle for PARTNERFOLIO_SESSION_IDLE_MINUTES, and every session
    PARTNERFOLIO_SESSION_MAX_HOURS after it began."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started, seen = session.get(STARTED), session.get(SEEN)
            if started is None or seen is None:
                mark_signed_in(request)  # a session from before the limits
            else:
                idle = settings.PARTNERFOLIO_SESSION_IDLE_MINUTES * 60
                longest = settings.PARTNERFOLIO_SESSION_MAX_HOURS * 3600
                if now - started >= longest or now - seen >= idle:
                    reason = (
                        "Your session reached its time limit"
                        if now - started >= longest
                        else "Your session ended after a time without activity"
                    )
                    logout(request)
                    messages.info(request, f"{reason}: please sign in again.")
                    return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
                if now - seen >= SEEN_RESOLUTION:
                    session[SEEN] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A person with a confirmed device must have given a code in this session; when
    PARTNERFOLIO_REQUIRE_2FA is on, a person without a device sets one up first.

    Whether the person has a device is read once per session (kept in the session), so
    pages read no more queries for it.
    """

    # What a person may reach before the second step: signing in and out, the code, and
    # (when required) setting a device up.
    ALLOWED = ("login", "login_code", "logout", "two_factor_setup")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith("/static/")
            and request.path not in {reverse(name) for name in self.ALLOWED}
            and not user.is_verified()  # type: ignore[union-attr]
        ):
            state = request.session.get(TWO_FACTOR)
            if state is None:
                state = "device" if has_device(user) else "none"
                request.session[TWO_FACTOR] = state
            if state == "device":
                return redirect(f"{reverse('login_code')}?next={request.path}")
            if settings.PARTNERFOLIO_REQUIRE_2FA:
                messages.info(request, "Two-factor authentication is required: set it up first.")
                return redirect("two_factor_setup")
        return self.get_response(request)


def has_device(user: object) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))
