"""allauth's OpenID Connect provider, with the two checks it leaves out made always: a
nonce sent with every sign-in and found again in the ID token (`sso.SingleSignOn` compares
them), and the ID token's signature verified against the provider's published keys even
when the token came straight from the token endpoint (allauth then skips it, as OpenID
Connect Core allows over TLS; we would rather not depend on the transport alone).

allauth builds these views' URLs from the provider's own module; ours are routed in
`partnerfolio.accounts.urls` under the names allauth reverses, so only these two views
of allauth's are reachable (none of its account pages).
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect import provider as allauth_oidc
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

NONCE = "nonce"  # the key in allauth's state, and the authorization request's parameter
RAW_ID_TOKEN = "partnerfolio_id_token"  # the ID token as sent, on allauth's SocialLogin


class SignedIDTokens(OpenIDConnectOAuth2Adapter):
    """Discovery, PKCE and the token exchange as allauth does them; the ID token's
    signature, issuer, audience and expiry checked every time."""

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any
    ) -> SocialLogin:
        """allauth's, keeping the ID token as sent for the sign-out (`sign_out`)."""
        login = super().complete_login(request, app, token, **kwargs)
        setattr(login, RAW_ID_TOKEN, (kwargs.get("response") or {}).get("id_token") or "")
        return login

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


class OpenIDConnectProvider(allauth_oidc.OpenIDConnectProvider):
    """Sends a fresh nonce with each authorization request and keeps it in the state that
    allauth keeps in the session for the callback."""

    oauth2_adapter_class = SignedIDTokens

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params[NONCE] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


@login_not_required
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The sign-in page's button posts here; allauth sends the browser to the provider.
    A GET (a bookmark, a link) goes back to the sign-in page instead of allauth's."""
    if request.method != "POST":
        return redirect("login")
    try:
        return OAuth2LoginView.adapter_view(SignedIDTokens(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("no such identity provider") from None


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Where the provider sends the browser back, with a code or an error."""
    try:
        return OAuth2CallbackView.adapter_view(SignedIDTokens(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("no such identity provider") from None
