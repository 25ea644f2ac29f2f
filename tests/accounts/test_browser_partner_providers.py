"""An administrator adds a partner organization's identity provider in Chromium, from the
organization's page, with the keyboard alone, under the Content Security Policy (any
console error fails the test); axe-core finds no violation on its pages or on the
sign-in link's page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from partnerfolio.accounts.models import PartnerIdentityProvider, User
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partners.models import PartnerOrganization
from tests.accounts.test_browser_2fa_reset import tab_to
from tests.accounts.test_partner_providers import Discovery, discovery  # noqa: F401
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_adds_a_provider_with_the_keyboard(
    page: Page,
    discovery: Discovery,  # noqa: F811
) -> None:
    User.objects.create_user(username="root", password=PASSWORD, role="admin")
    acme = PartnerOrganization.objects.create(name="Acme Robotics")
    issuer = discovery.serve("/realms/acme")
    sign_in(page, "root")

    page.goto(f"/partners/{acme.pk}/")
    start = page.get_by_role(
        "link", name="Let its people sign in with their own identity provider…"
    )
    tab_to(page, start)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/partner-sign-in/new/\?organization="))
    expect(page.get_by_label("Partner organization")).to_have_value(str(acme.pk))
    assert violations(page) == []

    for label, value in (
        ("Name on its sign-in button", "Acme sign-in"),
        ("Issuer (its discovery document's address)", issuer),
        ("Client id", "partnerfolio"),
        ("Client secret", "s3cret of theirs"),
        ("E-mail domains it may vouch for, one per line", "acme.example"),
    ):
        field = page.get_by_label(label)
        tab_to(page, field)
        page.keyboard.type(value)
    add = page.get_by_role("button", name="Add the identity provider")
    tab_to(page, add)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/accounts/partner-sign-in/\d+/$"))
    provider = PartnerIdentityProvider.objects.get()
    expect(page.locator("#sign-in-link")).to_have_text(
        re.compile(rf"/accounts/sso/partner/{provider.link_token}/$")
    )
    expect(page.get_by_label(re.compile("^Client secret"))).to_have_value("")
    assert "s3cret of theirs" not in page.content()
    assert AuditRecord.objects.filter(action="partner_identity_provider_create").count() == 1
    assert violations(page) == []

    for url in ("/accounts/partner-sign-in/", f"/accounts/partner-sign-in/{provider.pk}/remove/"):
        answer = page.goto(url)
        assert answer is not None
        assert answer.status == 200, url
        assert violations(page) == [], url

    page.context.clear_cookies()
    answer = page.goto(f"/accounts/sso/partner/{provider.link_token}/")
    assert answer is not None
    assert answer.status == 200
    expect(page.get_by_role("button", name="Sign in with Acme sign-in")).to_be_visible()
    assert violations(page) == []
