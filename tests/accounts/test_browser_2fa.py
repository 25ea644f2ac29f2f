"""Signing in with two-factor authentication in Chromium: set it up on the account page
(the QR code shown as inline SVG under the Content Security Policy), sign out, and sign
in again with password and code."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from partnerfolio.accounts.models import User
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
