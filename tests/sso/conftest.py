"""Single sign-on against a real OpenID Connect provider (`oidc-provider`, npm), started on
loopback by the tests themselves, driven in Chromium. What it checks does not depend on
the database, so it runs once: in the SQLite pass of `make test`, and is left out of the
PostgreSQL pass (where tests/topology runs instead)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

# Playwright's sync API runs an event loop in this thread; the test's own database calls
# (set-up, checks) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
PROVIDER_SCRIPT = HERE / "oidc" / "provider.mjs"
CLIENT_ID = "partnerfolio-test"
CLIENT_SECRET = "a client secret for the tests only"
# Two more applications of the same company at the provider (tests/sso/test_id_tokens.py):
# one whose ID tokens are genuine but meant for it, one whose ID tokens live 3 seconds.
SIBLING_CLIENT_ID = "sibling-app"
SHORT_LIVED_CLIENT_ID = "short-lived"
NAME = "Example Corp sign-in"
ROLE_GROUPS = {
    "pf-admins": "admin",
    "pf-managers": "manager",
    "pf-contributors": "contributor",
    "pf-viewers": "viewer",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PARTNERFOLIO_REQUIRE_DB") != "postgresql":
        return
    here = str(HERE)
    left = [item for item in items if str(item.path).startswith(here)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = [item for item in items if not str(item.path).startswith(here)]


@dataclass
class IdentityProvider:
    """The running provider, and the file of its people (rewritten to change them)."""

    issuer: str
    people_file: Path

    def set_people(self, people: dict[str, dict[str, Any]]) -> None:
        staged = self.people_file.with_suffix(".new")
        staged.write_text(json.dumps(people))
        staged.replace(self.people_file)  # the provider never reads half a file


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def provider_running(port: int, log_path: Path, arguments: list[str]) -> Iterator[None]:
    """`node tests/sso/oidc/provider.mjs --port PORT …ARGUMENTS` until the block ends."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("node and node_modules/oidc-provider are needed: `make test` runs npm ci")
    log = log_path.open("w")
    process = subprocess.Popen(
        [node, str(PROVIDER_SCRIPT), "--port", str(port), *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # "ready ISSUER", or nothing if it died
        if not line.startswith("ready "):
            process.wait()
            pytest.fail(f"oidc-provider did not start ({line!r}): see {log.name}")
        _wait_for(port)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def client_arguments(
    people_file: Path, client_id: str, secret: str, live_url: str, callback: str
) -> list[str]:
    """provider.mjs's options for one client of ours, redirected to `callback`."""
    return [
        "--accounts", str(people_file),
        "--client-id", client_id,
        "--client-secret", secret,
        "--redirect-uri", callback,
        "--post-logout-redirect-uri", f"{live_url}/accounts/login/",
    ]  # fmt: skip


@pytest.fixture(scope="session")
def identity_provider(
    live_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IdentityProvider]:
    """`node tests/sso/oidc/provider.mjs` on a free loopback port, with our client whose
    redirect URI is the live server's callback; stopped at the end."""
    port = _free_port()
    people_file = tmp_path_factory.mktemp("idp") / "people.json"
    provider = IdentityProvider(f"http://127.0.0.1:{port}", people_file)
    provider.set_people({})
    callback = f"{live_server.url}/accounts/sso/oidc/oidc/login/callback/"
    arguments = client_arguments(people_file, CLIENT_ID, CLIENT_SECRET, live_server.url, callback)
    extra = ["--extra-client", SIBLING_CLIENT_ID, "--extra-client", f"{SHORT_LIVED_CLIENT_ID}:3"]
    with provider_running(port, people_file.parent / "provider.log", arguments + extra):
        yield provider


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"oidc-provider is not listening on port {port}")


@pytest.fixture
def sso(settings: Any, identity_provider: IdentityProvider) -> IdentityProvider:
    """Partnerfolio configured, as PARTNERFOLIO_OIDC_* would, for the test provider."""
    settings.PARTNERFOLIO_OIDC_ISSUER = identity_provider.issuer
    settings.PARTNERFOLIO_OIDC_CLIENT_ID = CLIENT_ID
    settings.PARTNERFOLIO_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.PARTNERFOLIO_OIDC_NAME = NAME
    settings.PARTNERFOLIO_OIDC_ROLE_GROUPS = ROLE_GROUPS
    return identity_provider


@pytest.fixture
def browse(browser: Browser, live_server: Any) -> Iterator[Any]:
    """Opens a page in a fresh browser (no cookies at our site or at the provider)."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
