"""A partner organization's own identity provider for the tests: a second `oidc-provider`
(tests/sso/oidc/provider.mjs) on its own loopback port, with its own client and people,
whose redirect URI is the callback of a `PartnerIdentityProvider` configured as an
administrator would (the callback holds the provider's link token, so the record is made
first, then the provider started with it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from partnerfolio.accounts.models import PartnerIdentityProvider
from partnerfolio.accounts.partner_providers import partner_identity_provider_create
from partnerfolio.partners.models import PartnerOrganization
from tests.sso.conftest import (
    IdentityProvider,
    _free_port,
    client_arguments,
    provider_running,
)

CLIENT_ID = "partnerfolio-at-acme"
CLIENT_SECRET = "the partner's own client secret"
NAME = "Atlas sign-in"


@dataclass
class PartnerProvider(IdentityProvider):
    """The running provider, its people, and its record of ours."""

    record: PartnerIdentityProvider

    @property
    def link(self) -> str:
        return f"/accounts/sso/partner/{self.record.link_token}/"


@contextmanager
def partner_provider(
    organization: PartnerOrganization, live_url: str, directory: Path, *, domains: list[str]
) -> Iterator[PartnerProvider]:
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    record = partner_identity_provider_create(
        actor="the tests' administrator",
        organization=organization,
        name=NAME,
        issuer=issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        email_claim="email",
        domains=domains,
    )
    provider = PartnerProvider(issuer, directory / "partner-people.json", record)
    provider.set_people({})
    callback = f"{live_url}/accounts/sso/oidc/{record.provider_id}/login/callback/"
    arguments = client_arguments(provider.people_file, CLIENT_ID, CLIENT_SECRET, live_url, callback)
    with provider_running(port, directory / "partner-provider.log", arguments):
        yield provider
