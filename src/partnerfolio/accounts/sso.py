"""Signing in with the company's identity provider (OpenID Connect or SAML, docs/sso.md).

allauth runs the protocol; this adapter decides who comes in and as what, by the same
rules for both (what each protocol said is read into an `Identity`). At every sign-in the
person's groups are read from the provider's claims or attributes and mapped to a role
(PARTNERFOLIO_OIDC_ROLE_GROUPS or PARTNERFOLIO_SAML_ROLE_GROUPS, the highest wins). No mapped group means no access: the
sign-in is refused with a plain page, as is a deactivated account. A first sign-in creates
the account, or links it to an existing account of ours only when the e-mail address is
verified (OpenID Connect's `email_verified`; for SAML, PARTNERFOLIO_SAML_EMAIL_VERIFIED). Creating, linking and every role change are audit-recorded.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.utils import user_email, user_username
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.base.constants import AuthError
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from requests import RequestException

from partnerfolio.accounts import partner_sso, saml
from partnerfolio.accounts.models import Role, User
from partnerfolio.accounts.oidc import NONCE
from partnerfolio.audit.services import audit_record
from partnerfolio.partnerships.team_groups import sso_team_sync

log = logging.getLogger("partnerfolio.security")

PROVIDER = "openid_connect"  # allauth's provider
PROVIDER_ID = "oidc"  # our one app of it: in its URLs and on each linked account
RANK = (Role.VIEWER, Role.CONTRIBUTOR, Role.MANAGER, Role.ADMIN)  # the highest wins

# what the person reads when signing in does not work, by reason
REFUSALS = {
    "cancelled": "Signing in at {name} was cancelled, or {name} did not let you in.",
    "state": (
        "This sign-in could not be matched to one started from this browser: it may have "
        "expired, been used already, or been started in another browser."
    ),
    "unverified": (
        "{name} could not prove that the answer was meant for Partnerfolio and for this "
        "sign-in, so it was not trusted."
    ),
    "unreachable": "{name} could not be reached. Try again in a few minutes.",
    "provider": "{name} answered with an error ({code}).",
    "no_role": (
        "{name} does not give you access to Partnerfolio: you are in none of the groups "
        "it maps to a role. Ask whoever runs {name} to add you to one."
    ),
    "inactive": "Your Partnerfolio account is deactivated. Ask an administrator.",
    "no_email": "{name} did not say what your e-mail address is, so no account can be found.",
    "not_linked": (
        "An account of ours already has your e-mail address, but {name} has not verified "
        "that address, so the two cannot be joined. Ask an administrator."
    ),
    # SAML's (partnerfolio.accounts.saml)
    "unsigned": "{name}'s answer was not signed, so it was not trusted.",
    "signature": (
        "{name}'s answer was changed after it was signed, or signed with a key Partnerfolio "
        "does not know, so it was not trusted."
    ),
    "expired": (
        "{name}'s answer has expired: sign in again. If it keeps happening, the clocks of "
        "{name} and of Partnerfolio disagree."
    ),
    "audience": "{name}'s answer was meant for another site, not for Partnerfolio.",
    "replay": "This answer from {name} was used already: each answer signs in once.",
    "unsolicited": (
        "{name} sent an answer to no sign-in started from Partnerfolio. Sign in from "
        "Partnerfolio's sign-in page."
    ),
}


@dataclass(frozen=True)
class Identity:
    """What the provider said about the person, whichever the protocol."""

    name: str  # the provider's, on our pages and in the audit notes
    subject: str
    email: object
    email_verified: bool
    groups: object
    role_groups: dict[str, str]
    link_note: str = "linked by the e-mail address the identity provider verified"


def identity_of(sociallogin: SocialLogin) -> Identity:
    if sociallogin.account.provider == saml.PROVIDER:
        return saml.identity_of(sociallogin)
    claims = claims_of(sociallogin)
    return Identity(
        name=settings.PARTNERFOLIO_OIDC_NAME,
        subject=sociallogin.account.uid,
        email=claims.get(settings.PARTNERFOLIO_OIDC_EMAIL_CLAIM),
        email_verified=parse_bool_safely(claims.get("email_verified")),
        groups=claims.get(settings.PARTNERFOLIO_OIDC_GROUPS_CLAIM),
        role_groups=settings.PARTNERFOLIO_OIDC_ROLE_GROUPS,
    )


@dataclass(frozen=True)
class SignInOption:
    """The sign-in page's 'Sign in with …' button."""

    name: str
    url: str


def sign_in_option() -> SignInOption | None:
    """The identity provider's button, or None when single sign-on is not configured."""
    if not settings.PARTNERFOLIO_OIDC_ISSUER:
        return None
    url = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    return SignInOption(name=settings.PARTNERFOLIO_OIDC_NAME, url=url)


def sign_in_options() -> list[SignInOption]:
    """Every configured provider's button: OpenID Connect's, then SAML's."""
    return [option for option in (sign_in_option(), saml.sign_in_option()) if option]


def provider_names() -> str:
    """The configured providers' names, for 'Sign in with …' in sentences."""
    names = [option.name for option in sign_in_options()]
    return " or ".join(dict.fromkeys(names)) or settings.PARTNERFOLIO_OIDC_NAME


def let_the_button_leave(response: HttpResponse) -> HttpResponse:
    """The page's CSP allows forms to lead to this site only (`form-action 'self'`), and
    browsers hold the redirect after a form to it: the page with the buttons also allows
    the identity providers' origins, where the buttons' redirects go."""
    origins = saml.form_action_origins()
    if settings.PARTNERFOLIO_OIDC_ISSUER:
        issuer = urlsplit(settings.PARTNERFOLIO_OIDC_ISSUER)
        origins.insert(0, f"{issuer.scheme}://{issuer.netloc}")
    if origins:
        response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
    return response


def role_for(groups: object, mapping: dict[str, str] | None = None) -> str | None:
    """The highest role of the person's mapped groups; None when none is mapped."""
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list | tuple):
        return None
    if mapping is None:
        mapping = settings.PARTNERFOLIO_OIDC_ROLE_GROUPS
    roles = {mapping[g] for g in groups if isinstance(g, str) and g in mapping}
    return max(roles, key=RANK.index, default=None)


def claims_of(sociallogin: SocialLogin) -> dict[str, Any]:
    """The ID token's claims, and the userinfo endpoint's over them."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


class Refused(Exception):
    """A sign-in that ends on our page, in plain words; never a 500."""

    def __init__(self, reason: str, *, name: str, code: str = "", status: int = 403) -> None:
        super().__init__(reason)
        self.message = REFUSALS[reason].format(name=name, code=code)
        self.name, self.status = name, status

    def page(self, request: HttpRequest) -> HttpResponse:
        context = {"message": self.message, "provider_name": self.name}
        return render(request, "accounts/sso_error.html", context, status=self.status)


def refuse(
    request: HttpRequest,
    reason: str,
    *,
    code: str = "",
    status: int = 403,
    name: str | None = None,
) -> None:
    """Ends the sign-in with our page in plain words; never a 500."""
    name = name or settings.PARTNERFOLIO_OIDC_NAME
    raise ImmediateHttpResponse(Refused(reason, name=name, code=code, status=status).page(request))


def username_for(email: str) -> str:
    """The e-mail's local part in the characters a username allows, made unique."""
    base = re.sub(r"[^\w.+-]", "", email.partition("@")[0])[:140] or "person"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def sso_role_sync(
    *, user: User, role: str, groups: object, provider_name: str | None = None
) -> None:
    """Gives the person the role their groups map to, audit-recorded when it moves."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.role == role:
            return
        before = locked.role
        locked.role = role
        locked.save(update_fields=["role"])
        audit_record(
            actor=locked,
            action="sso_role_change",
            entity="user",
            entity_id=locked.pk,
            before={"role": before},
            after={"role": role},
            note=f"from the groups at {provider_name or settings.PARTNERFOLIO_OIDC_NAME}: "
            f"{_listed(groups)}",
        )
    user.role = role


def _listed(groups: object) -> str:
    if isinstance(groups, list | tuple):
        return ", ".join(str(g) for g in groups) or "none"
    return str(groups or "none")


class SingleSignOn(DefaultSocialAccountAdapter):
    """allauth's hooks, for our one OpenID Connect provider."""

    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        """The provider of PARTNERFOLIO_OIDC_*, the partner organizations' providers turned
        on (`partner_sso.apps`), and the SAML provider of PARTNERFOLIO_SAML_*."""
        if provider == saml.PROVIDER or (provider is None and client_id == saml.SLUG):
            return [saml.app()] if saml.configured() and client_id in (None, saml.SLUG) else []
        if provider is None and client_id is None and saml.configured():
            return [*self.list_apps(request, PROVIDER), saml.app()]
        partners = partner_sso.apps(provider, client_id)
        if not settings.PARTNERFOLIO_OIDC_ISSUER:
            return partners
        app = SocialApp(
            provider=PROVIDER,
            provider_id=PROVIDER_ID,
            name=settings.PARTNERFOLIO_OIDC_NAME,
            client_id=settings.PARTNERFOLIO_OIDC_CLIENT_ID,
            secret=settings.PARTNERFOLIO_OIDC_CLIENT_SECRET,
            settings={"server_url": settings.PARTNERFOLIO_OIDC_ISSUER, "oauth_pkce_enabled": True},
        )
        if provider not in (None, PROVIDER, PROVIDER_ID) or client_id not in (None, app.client_id):
            return partners
        return [app, *partners]

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: str | None = None,
        exception: Exception | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        """The provider said no, the state did not match, or its answer failed a check:
        logged, then our page instead of allauth's."""
        context = extra_context or {}
        code = request.GET.get("error", "")
        app = getattr(provider, "app", None)
        name = app.name if app is not None and partner_sso.token_of(app.provider_id) else None
        if getattr(provider, "id", None) == saml.PROVIDER:
            name, code = settings.PARTNERFOLIO_SAML_NAME, ""
            reason, status = saml.failure(error, context)
            exception = exception or Exception(context.get("saml_last_error_reason"))
        elif error == AuthError.CANCELLED:
            reason, status = "cancelled", 403
        elif "state_id" in context:  # allauth found no state of this browser's
            reason, status = "state", 400
        elif isinstance(exception, RequestException):
            reason, status = "unreachable", 502
        elif exception is not None:
            reason, status = "unverified", 400
        else:
            reason, status = "provider", 400
        log.warning(
            "single sign-on failed: %s (provider error %r, %s)",
            reason,
            code,
            repr(exception.__cause__ or exception) if exception else "no exception",
        )
        refuse(request, reason, code=code[:60], status=status, name=name)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Every sign-in: the nonce (OpenID Connect), a partner's provider's own rules
        (`partner_sso.admit`), or the role from the groups, then the account found, linked
        by a verified e-mail address, or left for `save_user` to create."""
        is_saml = sociallogin.account.provider == saml.PROVIDER
        name = settings.PARTNERFOLIO_SAML_NAME if is_saml else partner_sso.name_of(sociallogin)
        if sociallogin.state.get("process") != AuthProcess.LOGIN:
            log.warning("single sign-on refused: process %r", sociallogin.state.get("process"))
            refuse(request, "unverified", status=400, name=name)
        if not is_saml:
            id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
            expected = sociallogin.state.get(NONCE)
            if not expected or id_token.get(NONCE) != expected:
                log.warning("single sign-on refused: the ID token's nonce does not match")
                refuse(request, "unverified", status=400, name=name)
        if partner_sso.is_partner(sociallogin):
            return partner_sso.admit(request, sociallogin)
        who = identity_of(sociallogin)
        role = role_for(who.groups, who.role_groups)
        if role is None:
            log.warning("single sign-on refused: subject %r is in no mapped group", who.subject)
            refuse(request, "no_role", name=who.name)
        user = sociallogin.user if sociallogin.is_existing else self._account_to_link(request, who)
        if user is None:
            return  # a new account: `save_user` creates it
        if not user.is_active or user.role == Role.PARTNER:
            log.warning("single sign-on refused: account %s is inactive or a partner", user.pk)
            refuse(request, "inactive" if not user.is_active else "not_linked", name=who.name)
        if not sociallogin.is_existing:
            with transaction.atomic():
                sociallogin.connect(request, user)
                audit_record(
                    actor=user,
                    action="sso_link",
                    entity="user",
                    entity_id=user.pk,
                    after={"provider": who.name, "email": user.email},
                    note=who.link_note,
                )
        sso_role_sync(user=user, role=role, groups=who.groups, provider_name=who.name)
        sso_team_sync(user=user, groups=who.groups, provider=who.name)

    def _account_to_link(self, request: HttpRequest, who: Identity) -> User | None:
        """The account of ours with the person's e-mail address, when the address is
        verified; None when there is none (a new account); refused otherwise."""
        email = who.email
        if not isinstance(email, str) or "@" not in email:
            log.warning("single sign-on refused: no e-mail address for subject %r", who.subject)
            refuse(request, "no_email", name=who.name)
        holders = list(User.objects.filter(email__iexact=email.strip())[:2])
        if not holders:
            return None
        if len(holders) > 1 or not who.email_verified:
            log.warning(
                "single sign-on refused: account %s has the e-mail of subject %r, which is "
                "not verified (or several accounts have it)",
                holders[0].pk,
                who.subject,
            )
            refuse(request, "not_linked", name=who.name)
        return holders[0]

    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: Any) -> Any:
        user = super().populate_user(request, sociallogin, data)
        email = identity_of(sociallogin).email
        user_email(user, email.strip() if isinstance(email, str) else "")
        return user

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        """The account created just in time: no password of ours, the mapped role."""
        if partner_sso.is_partner(sociallogin):
            return partner_sso.create_user(request, sociallogin)
        who = identity_of(sociallogin)
        user = sociallogin.user
        with transaction.atomic():
            user_username(user, username_for(user.email))
            # pre_social_login has refused a person without a mapped group
            user.role = role_for(who.groups, who.role_groups) or Role.VIEWER
            user.set_unusable_password()
            sociallogin.save(request)
            audit_record(
                actor=user,
                action="sso_user_create",
                entity="user",
                entity_id=user.pk,
                after={"username": user.username, "email": user.email, "role": user.role},
                note=f"from the groups at {who.name}: {_listed(who.groups)}",
            )
        sso_team_sync(user=user, groups=who.groups, provider=who.name)
        return user
