"""Partner organizations' identity providers (docs/sso.md): the checks an administrator's
settings pass (the issuer's discovery document fetched, the e-mail domains and the claim
read), and the services that add, change and remove one, each writing its audit record
in the same transaction. The client secret is never written to the audit trail."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import requests
from allauth.socialaccount.adapter import get_adapter
from django.db import transaction

from partnerfolio.accounts.access import is_admin
from partnerfolio.accounts.models import PartnerIdentityProvider
from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.partners.models import PartnerOrganization

ENTITY = "partner_identity_provider"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
CLAIM = re.compile(r"^[A-Za-z0-9_.:/-]{1,100}$")
REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")
# what the audit trail keeps of a provider: everything but the secret
RECORDED = ("name", "issuer", "client_id", "email_claim", "domains", "enabled")


class NotAllowed(Exception):
    """Only administrators manage partner organizations' identity providers."""


def issuer_problem(issuer: str) -> str | None:
    """What is wrong with the issuer's address, before anything is fetched."""
    parts = urlsplit(issuer)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "Give the issuer as a full address, such as https://sso.example.com/realms/staff."
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        return "The issuer must be an https:// address (http:// only on this machine itself)."
    if parts.query or parts.fragment:
        return "The issuer is an address without a query (?…) or a fragment (#…)."
    return None


def discovery_problem(issuer: str) -> str | None:
    """Fetches the issuer's discovery document and says plainly what is wrong with it, or
    None when it names this issuer and the endpoints a sign-in needs."""
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        with get_adapter().get_requests_session() as session:
            answer = session.get(url, allow_redirects=False)
    except requests.RequestException as problem:
        reason = type(problem).__name__
        return f"The issuer could not be reached at {url} ({reason}): check the address."
    if answer.status_code != 200:
        return (
            f"{url} answered HTTP {answer.status_code}, not a discovery document: check the "
            "issuer (for Keycloak it ends with /realms/NAME)."
        )
    try:
        document = answer.json()
    except ValueError:
        document = None
    if not isinstance(document, dict):
        return f"{url} did not answer with a discovery document (JSON): check the issuer."
    named = document.get("issuer")
    if not isinstance(named, str) or not named:
        return f"The discovery document at {url} names no issuer."
    if named.rstrip("/") != issuer:
        return (
            f"The discovery document at {url} names the issuer {named}, not this one: "
            "give the issuer exactly as it names itself."
        )
    missing = [key for key in REQUIRED_ENDPOINTS if not isinstance(document.get(key), str)]
    if missing:
        return f"The discovery document at {url} has no {', '.join(missing)}."
    return None


def parse_domains(text: str) -> tuple[list[str], list[str]]:
    """The domains written one per line (or separated by commas or spaces), lower case and
    without duplicates; and those that are not domain names."""
    domains: list[str] = []
    wrong: list[str] = []
    for item in re.split(r"[\s,;]+", text.strip().lower()):
        item = item.removeprefix("@")
        if not item:
            continue
        if not DOMAIN.match(item):
            wrong.append(item)
        elif item not in domains:
            domains.append(item)
    return domains, wrong


def claim_problem(claim: str) -> str | None:
    if not CLAIM.match(claim):
        return "A claim's name is letters, digits and _ . : / - (such as email or upn)."
    return None


def recorded(provider: PartnerIdentityProvider) -> dict[str, Any]:
    return {key: getattr(provider, key) for key in RECORDED} | {
        "organization": provider.organization.name
    }


def _check(actor: Actor) -> None:
    if not isinstance(actor, str) and not is_admin(actor):
        raise NotAllowed("Only administrators manage partner organizations' identity providers.")


def partner_identity_provider_create(
    *,
    actor: Actor,
    organization: PartnerOrganization,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    email_claim: str,
    domains: list[str],
    enabled: bool = True,
) -> PartnerIdentityProvider:
    """Adds the organization's identity provider (one per organization), settings checked
    by the caller (the page's form)."""
    _check(actor)
    with transaction.atomic():
        provider = PartnerIdentityProvider.objects.create(
            organization=organization,
            name=name,
            issuer=issuer,
            client_id=client_id,
            client_secret=client_secret,
            email_claim=email_claim,
            domains=domains,
            enabled=enabled,
        )
        audit_record(
            actor=actor,
            action="partner_identity_provider_create",
            entity=ENTITY,
            entity_id=provider.pk,
            after=recorded(provider),
        )
    return provider


def partner_identity_provider_update(
    *, actor: Actor, provider: PartnerIdentityProvider, changes: dict[str, Any]
) -> PartnerIdentityProvider:
    """Changes its settings; a `client_secret` among the changes replaces the secret (the
    record says it was replaced, never what it is). Turning it off is `enabled=False`."""
    _check(actor)
    allowed = {*RECORDED, "client_secret"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not a setting of an identity provider: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = (
            PartnerIdentityProvider.objects.select_for_update()
            .select_related("organization")
            .get(pk=provider.pk)
        )
        before = recorded(locked)
        secret_replaced = bool(changes.get("client_secret")) and (
            changes["client_secret"] != locked.client_secret
        )
        for key, value in changes.items():
            if key != "client_secret" or value:
                setattr(locked, key, value)
        locked.save()
        after = recorded(locked)
        changed_before = {k: v for k, v in before.items() if after[k] != v}
        changed_after = {k: after[k] for k in changed_before}
        if secret_replaced:
            changed_after["client_secret_replaced"] = True
        if changed_after:
            audit_record(
                actor=actor,
                action="partner_identity_provider_update",
                entity=ENTITY,
                entity_id=locked.pk,
                before=changed_before,
                after=changed_after,
                note=f"for {locked.organization.name}",
            )
    return locked


def partner_identity_provider_delete(*, actor: Actor, provider: PartnerIdentityProvider) -> None:
    """Removes it: its sign-in link and callback answer 404 from then on. The partner users
    it created stay (with their links to it, unused), for an administrator to deactivate."""
    _check(actor)
    with transaction.atomic():
        before = recorded(provider)
        pk = provider.pk
        provider.delete()
        audit_record(
            actor=actor,
            action="partner_identity_provider_delete",
            entity=ENTITY,
            entity_id=pk,
            before=before,
        )
