"""Signing in with two-factor authentication in Chromium: set it up on the account page
(the QR code shown as inline SVG under the Content Security Policy), sign out, and sign
in again with password and code; an older password-only session of the same person ends
when it is turned on, and creates no token after."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from partnerfolio.accounts.models import User
from partnerfolio.api.models import ApiToken
from tests.accounts.conftest import code_for
from tests.browser.conftest import PASSWORD, Steps, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_set_up_two_factor_and_sign_in_with_a_code(page: Page, steps: Steps):
    ana = User.objects.create_user(username="ana", password=PASSWORD, role="manager")
    sign_in(page)
    page.get_by_role("link", name="ana").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your account")
    page.get_by_role("link", name="Set up two-factor authentication").click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    expect(page.locator("#secret")).to_have_text(re.compile(r"^[A-Z2-7 ]{20,}$"))
    steps("qr-code")
    device = TOTPDevice.objects.get(user=ana)
    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("Two-factor authentication is on")
    steps("two-factor-on")
    page.get_by_role("button", name="Sign out", exact=True).click()

    page.goto("/partners/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor code")
    steps("code-asked")
    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(re.compile(r"/partners/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner organizations")
    steps("signed-in")


# What the pages' scripts send: the CSRF token of the page (htmx's headers), same origin.
CREATE_TOKEN = """async (name) => {
    const headers = JSON.parse(document.body.getAttribute("hx-headers"));
    const answer = await fetch("/api/v1/tokens", {
        method: "POST",
        headers: {...headers, "Content-Type": "application/json"},
        body: JSON.stringify({name: name, scope: "read-write", days: 366}),
    });
    return {status: answer.status, body: await answer.json()};
}"""


def test_an_older_password_only_session_ends_when_two_factor_is_turned_on(
    page: Page, steps: Steps, browser: Browser, live_server: Any
):
    ana = User.objects.create_user(username="ana", password=PASSWORD, role="manager")
    # the older session: another browser (its own cookies), signed in with the password alone
    other = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    other.set_default_timeout(15_000)
    older = other.new_page()
    try:
        sign_in(older, "ana")
        before = older.evaluate(CREATE_TOKEN, "from the older session, before")
        assert before["status"] == 201, before  # it could, while two-factor was off

        sign_in(page, "ana")
        page.goto("/accounts/two-factor/")
        device = TOTPDevice.objects.get(user=ana, confirmed=False)
        page.get_by_label("Code").fill(code_for(device))
        page.get_by_role("button", name="Confirm").click()
        expect(page.get_by_role("status")).to_contain_text("your other sessions are signed out")
        steps("two-factor-on")

        # the older page, still open, tries again: nobody is signed in there any more
        after = older.evaluate(CREATE_TOKEN, "from the older session, after")
        assert after["status"] == 401, after
        assert after["body"]["type"].endswith("/not-authenticated")
        older.goto("/partnerships/")
        older.wait_for_url(re.compile(r"/accounts/login/"))
        expect(older.get_by_role("button", name="Sign in")).to_be_visible()
        older.screenshot(path=steps.folder / "older-session-signed-out.png", full_page=True)
        assert list(ApiToken.objects.filter(user=ana).values_list("name", flat=True)) == [
            "from the older session, before"
        ]

        # the session that turned it on passed the second factor, and stays
        page.goto("/accounts/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Your account")
        created = page.evaluate(CREATE_TOKEN, "from the verified session")
        assert created["status"] == 201, created
    finally:
        other.close()
