"""Partner users signing in through their own organization's OpenID Connect provider
(docs/sso.md, "Partner organizations' providers").

Each provider turned on is one more app of allauth's `openid_connect` provider, whose
`provider_id` is `partner-<its link token>`: its sign-in and callback URLs hold the token,
so nobody who was not given the link can find out that the provider (or the partner)
exists. `sso.SingleSignOn` checks the nonce and the signature as for ours, then hands the
sign-in over here:

- a partner provider signs in partner users of its own organization only: never one of
  our people, never another organization's user;
- the e-mail address must be verified by the provider and at one of the domains it may
  vouch for, at every sign-in;
- the first sign-in links the partner user of the organization with that address, or
  creates one just in time (role `partner`, no password of ours), audit-recorded.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.utils import user_email, user_username
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import render

from partnerfolio.accounts.models import PartnerIdentityProvider, Role, User
from partnerfolio.audit.services import audit_record

log = logging.getLogger("partnerfolio.security")

PROVIDER = "openid_connect"
PREFIX = "partner-"

REFUSALS = {
    "gone": "This sign-in link is no longer in use. Ask whoever sent it to you.",
    "no_email": "{name} did not say what your e-mail address is, so no account can be found.",
    "unverified": (
        "{name} has not verified your e-mail address, so it cannot sign you in to "
        "Partnerfolio. Ask whoever runs {name}."
    ),
    "domain": (
        "Your e-mail address {email} is not at a domain that {name} may sign people in "
        "for. Ask whoever sent you the sign-in link."
    ),
    "not_theirs": (
        "Your e-mail address {email} belongs to an account that {name} may not sign in to. "
        "Ask whoever sent you the sign-in link."
    ),
    "inactive": "Your Partnerfolio account is deactivated. Ask whoever sent you the link.",
}


def token_of(provider_id: str | None) -> str | None:
    if provider_id and provider_id.startswith(PREFIX):
        return provider_id.removeprefix(PREFIX)
    return None


def is_partner(sociallogin: SocialLogin) -> bool:
    return token_of(sociallogin.account.provider) is not None


def app_of(provider: PartnerIdentityProvider) -> SocialApp:
    return SocialApp(
        provider=PROVIDER,
        provider_id=provider.provider_id,
        name=provider.name,
        client_id=provider.client_id,
        secret=provider.client_secret,
        # hidden: allauth's look-up of "the" openid_connect app stays ours
        settings={"server_url": provider.issuer, "oauth_pkce_enabled": True, "hidden": True},
    )


def apps(provider: str | None = None, client_id: str | None = None) -> list[SocialApp]:
    """The apps of the partner providers turned on that match allauth's look-up: all of
    them for `openid_connect` (or no provider named), one for its `provider_id`."""
    found = PartnerIdentityProvider.objects.filter(enabled=True)
    token = token_of(provider)
    if token is not None:
        found = found.filter(link_token=token)
    elif provider not in (None, PROVIDER):
        return []
    if client_id is not None:
        found = found.filter(client_id=client_id)
    return [app_of(p) for p in found]


def provider_of(sociallogin: SocialLogin) -> PartnerIdentityProvider | None:
    token = token_of(sociallogin.account.provider)
    if token is None:
        return None
    return (
        PartnerIdentityProvider.objects.select_related("organization")
        .filter(link_token=token, enabled=True)
        .first()
    )


def name_of(sociallogin: SocialLogin) -> str | None:
    """The partner provider's name for our refusals, or None for ours."""
    provider = provider_of(sociallogin)
    return provider.name if provider is not None else None


def refuse(request: HttpRequest, reason: str, *, name: str, email: str = "") -> None:
    """Our page "Signing in did not work", 403, in plain words."""
    raise ImmediateHttpResponse(
        render(
            request,
            "accounts/sso_error.html",
            {"message": REFUSALS[reason].format(name=name, email=email), "provider_name": name},
            status=403,
        )
    )


def _claims(sociallogin: SocialLogin) -> dict[str, Any]:
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def _vouched_email(
    request: HttpRequest, sociallogin: SocialLogin, provider: PartnerIdentityProvider
) -> str:
    """The e-mail address, verified and at one of the provider's domains; refused otherwise."""
    claims = _claims(sociallogin)
    subject = sociallogin.account.uid
    email = claims.get(provider.email_claim)
    if not isinstance(email, str) or "@" not in email.strip():
        log.warning("partner sign-in refused: no e-mail address for subject %r", subject)
        refuse(request, "no_email", name=provider.name)
    email = email.strip()
    if not parse_bool_safely(claims.get("email_verified")):
        log.warning(
            "partner sign-in refused: %s did not verify the e-mail of subject %r",
            provider.provider_id[:16],
            subject,
        )
        refuse(request, "unverified", name=provider.name)
    domain = email.rpartition("@")[2].lower()
    if domain not in provider.domains:
        log.warning(
            "partner sign-in refused: %r is outside the domains of the provider of organization %s",
            email,
            provider.organization_id,
        )
        refuse(request, "domain", name=provider.name, email=email)
    return email


def admit(request: HttpRequest, sociallogin: SocialLogin) -> None:
    """`pre_social_login` for a partner provider (nonce and signature already checked):
    the account found by its link, linked by the verified e-mail address, or left for
    `create_user`; refused plainly otherwise."""
    provider = provider_of(sociallogin)
    if provider is None:  # turned off or removed during the sign-in
        log.warning("partner sign-in refused: the provider is off or removed")
        refuse(request, "gone", name="Your organization's sign-in")
    assert provider is not None
    email = _vouched_email(request, sociallogin, provider)
    if sociallogin.is_existing:
        user = sociallogin.user
    else:
        holders = list(User.objects.filter(email__iexact=email)[:2])
        if not holders:
            return  # a new partner user: `create_user`
        user = holders[0]
        if len(holders) > 1:
            user = None
    if (
        user is None
        or user.role != Role.PARTNER
        or user.is_superuser
        or user.organization_id != provider.organization_id
    ):
        log.warning(
            "partner sign-in refused: %r belongs to an account that is not a partner user of "
            "organization %s (account %s)",
            email,
            provider.organization_id,
            getattr(user, "pk", "several"),
        )
        refuse(request, "not_theirs", name=provider.name, email=email)
    assert user is not None
    if not user.is_active:
        log.warning("partner sign-in refused: account %s is deactivated", user.pk)
        refuse(request, "inactive", name=provider.name)
    if not sociallogin.is_existing:
        with transaction.atomic():
            sociallogin.connect(request, user)
            audit_record(
                actor=user,
                action="sso_link",
                entity="user",
                entity_id=user.pk,
                after={"provider": provider.name, "email": user.email},
                note=(
                    f"linked by the e-mail address that {provider.organization.name}'s "
                    "identity provider verified"
                ),
            )


def create_user(request: HttpRequest, sociallogin: SocialLogin) -> User:
    """`save_user` for a partner provider: a partner user of its organization, just in
    time, with no password of ours (`admit` found no account with the address)."""
    from partnerfolio.accounts.sso import username_for

    provider = provider_of(sociallogin)
    if provider is None:
        refuse(request, "gone", name="Your organization's sign-in")
    assert provider is not None
    email = _vouched_email(request, sociallogin, provider)
    user = sociallogin.user
    with transaction.atomic():
        user_email(user, email)
        user_username(user, username_for(email))
        user.role = Role.PARTNER
        user.organization = provider.organization
        user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        sociallogin.save(request)
        audit_record(
            actor=user,
            action="sso_user_create",
            entity="user",
            entity_id=user.pk,
            after={
                "username": user.username,
                "email": user.email,
                "role": user.role,
                "organization": provider.organization.name,
            },
            note=f"at the first sign-in through {provider.name}",
        )
    return user
