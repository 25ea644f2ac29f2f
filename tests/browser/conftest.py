"""Browser tests: Debian's Chromium driven by Playwright against a live test server.

Screenshots of every step are kept under `test-artifacts/browser/` (CI keeps them).
Chromium missing is a failure, never a skip: `make test` installs it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own database calls
# (set-up, checks) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page

ARTIFACTS = Path(os.environ.get("PARTNERFOLIO_ARTIFACTS", "test-artifacts")) / "browser"
PASSWORD = "a long enough passphrase"


class Steps:
    """Screenshots named after the test and the step, in order."""

    def __init__(self, page: Page, test: str) -> None:
        self.page, self.count = page, 0
        self.folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", test)
        self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=self.folder / f"{self.count:02}-{name}.png", full_page=True)


REFUSAL = re.compile(r"^Failed to load resource: the server responded with a status of 4(00|04|09)")


@pytest.fixture
def page(browser: Browser, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A signed-out page; the test fails on any console error (or, unless the test is
    marked `refusals`, on an answer 400, 404 or 409, which the browser logs as one)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: problems.append(str(e)))
    yield opened
    context.close()
    if request.node.get_closest_marker("refusals"):
        problems = [p for p in problems if not REFUSAL.match(p)]
    assert problems == [], f"console errors: {problems}"


@pytest.fixture
def steps(page: Page, request: pytest.FixtureRequest) -> Steps:
    return Steps(page, request.node.name)


def sign_in(page: Page, username: str = "ana") -> None:
    page.goto("/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def days_ago(n: int) -> str:
    from django.utils import timezone

    return (timezone.localdate() - timedelta(days=n)).isoformat()


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
