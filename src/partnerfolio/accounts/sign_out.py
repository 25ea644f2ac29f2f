"""Signing out (docs/sso.md): the local session always ends; after a sign-in through the
identity provider, the browser then goes on to the provider's `end_session_endpoint`
(OpenID Connect RP-Initiated Logout 1.0), when its discovery document names one, with
`id_token_hint` and `post_logout_redirect_uri` (our sign-in page), so that the provider's
session ends too. Otherwise, or when the provider cannot be reached, to our sign-in page.

The ID token is kept in the session at the provider's sign-in only for this hint; a
password sign-in keeps none, and its sign-out stays ours alone.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode, urlsplit

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from requests import RequestException

from partnerfolio.accounts.oidc import RAW_ID_TOKEN, SignedIDTokens
from partnerfolio.accounts.sso import PROVIDER_ID

log = logging.getLogger("partnerfolio.security")

ID_TOKEN = "pf_oidc_id_token"  # the session's key


def keep_id_token(sender: Any, request: HttpRequest, sociallogin: Any = None, **_: Any) -> None:
    """allauth's `user_logged_in`: after the provider's sign-in, its ID token as sent."""
    raw = getattr(sociallogin, RAW_ID_TOKEN, "") if sociallogin is not None else ""
    if raw and sociallogin.account.provider == PROVIDER_ID:  # not a partner's provider
        request.session[ID_TOKEN] = raw


def end_session_url(request: HttpRequest, id_token: str | None) -> str | None:
    """The provider's end-session address for this sign-out, or None for ours alone."""
    if not id_token or not settings.PARTNERFOLIO_OIDC_ISSUER:
        return None
    try:
        endpoint = SignedIDTokens(request, PROVIDER_ID).openid_config.get("end_session_endpoint")
    except (RequestException, ValueError, SocialApp.DoesNotExist) as problem:
        log.warning("sign-out: the identity provider's discovery failed (%r)", problem)
        return None
    if not isinstance(endpoint, str) or urlsplit(endpoint).scheme not in {"http", "https"}:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            "client_id": settings.PARTNERFOLIO_OIDC_CLIENT_ID,
        }
    )
    return f"{endpoint}{'&' if urlsplit(endpoint).query else '?'}{query}"


class SignOutView(auth_views.LogoutView):
    """Django's sign-out (a POST, with its CSRF token), then the provider's, if any."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leave_for = end_session_url(request, request.session.get(ID_TOKEN))
        response = super().post(request, *args, **kwargs)  # the session is flushed
        if leave_for is None:
            return response
        log.info("sign-out: on to the identity provider's end-session endpoint")
        return HttpResponseRedirect(leave_for)


class SignOutMayLeave:
    """Browsers hold a form's redirect to the page's `form-action`: a page of a session
    signed in through the provider lets the sign-out form lead to the provider's origin."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (
            settings.PARTNERFOLIO_OIDC_ISSUER
            and session is not None
            and response.get("Content-Type", "").startswith("text/html")
            and session.get(ID_TOKEN)
        ):
            issuer = urlsplit(settings.PARTNERFOLIO_OIDC_ISSUER)
            update = dict(getattr(response, "_csp_update", None) or {})
            origins = list(update.get("form-action", []))
            update["form-action"] = [*origins, f"{issuer.scheme}://{issuer.netloc}"]
            response._csp_update = update  # type: ignore[attr-defined]
        return response
