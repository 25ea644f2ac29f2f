"""An administrator resets a person's two-factor authentication in Chromium, with the
keyboard alone, under the Content Security Policy (any console error fails the test)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Locator, Page, expect

from partnerfolio.accounts.models import User
from partnerfolio.audit.models import AuditRecord
from tests.accounts.conftest import confirmed_device
from tests.browser.conftest import PASSWORD, Steps, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Presses Tab until the keyboard focus is on `target`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_an_administrator_resets_two_factor_with_the_keyboard(page: Page, steps: Steps):
    User.objects.create_user(username="root", password=PASSWORD, role="admin")
    ana = User.objects.create_user(username="ana", password=PASSWORD, role="manager")
    confirmed_device(ana)
    sign_in(page, "root")
    page.goto("/accounts/people/")
    link = page.get_by_role("link", name="Reset two-factor… of ana")
    expect(link).to_be_visible()
    steps("people")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reset two-factor authentication of ana"
    )
    steps("confirmation")
    button = page.get_by_role("button", name="Reset two-factor authentication")
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("two-factor authentication of ana is reset")
    steps("reset")
    assert not TOTPDevice.objects.filter(user=ana).exists()
    assert AuditRecord.objects.filter(action="two_factor_reset", entity_id=ana.pk).exists()
    expect(page.get_by_role("link", name="Reset two-factor… of ana")).to_have_count(0)
