"""A partner organization's own identity provider for the tests: a second `oidc-provider`
(tests/sso/oidc/provider.mjs) on its own loopback port, with its own client and people,
whose redirect URI is the callback of a `PartnerIdentityProvider` configured as an
administrator would (the callback holds the provider's link token, so the record is made
first, then the provider started with it)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from partnerfolio.accounts.models import PartnerIdentityProvider
from partnerfolio.accounts.partner_providers import partner_identity_provider_create
from partnerfolio.partners.models import PartnerOrganization
from tests.sso.conftest import PROVIDER_SCRIPT, ROOT, IdentityProvider, _free_port, _wait_for

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
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("node and node_modules/oidc-provider are needed: `make test` runs npm ci")
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
    arguments = {
        "--port": str(port),
        "--accounts": str(provider.people_file),
        "--client-id": CLIENT_ID,
        "--client-secret": CLIENT_SECRET,
        "--redirect-uri": callback,
        "--post-logout-redirect-uri": f"{live_url}/accounts/login/",
    }
    log = (directory / "partner-provider.log").open("w")
    process = subprocess.Popen(
        [node, str(PROVIDER_SCRIPT), *(part for pair in arguments.items() for part in pair)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("ready "):
            process.wait()
            pytest.fail(f"the partner's oidc-provider did not start ({line!r}): see {log.name}")
        _wait_for(port)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
