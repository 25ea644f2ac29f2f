"""Every page of ours opens in Chromium without a console error (CSP included) and fits a
phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from partnerfolio.accounts.models import User
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership
from tests.browser.conftest import PASSWORD, Steps, sign_in
from tests.partnerships.conftest import EXAMPLES, example

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portfolio(db) -> None:
    User.objects.create_user(username="ana", password=PASSWORD, role="admin", is_superuser=True)
    for path in EXAMPLES:
        services.partnership_import(actor="test", document=example(path.name))


def test_every_page_opens_without_a_console_error(page: Page, steps: Steps, portfolio):
    sign_in(page)
    stratus = Partnership.objects.get(name="Stratus Cloud strategic co-sell alliance").pk
    pilot = Partnership.objects.get(name__startswith="DocAssist").pk
    lumen = PartnerOrganization.objects.get(name="Lumen Vector Labs").pk
    harbourview = Partnership.objects.get(name__startswith="Harbourview")
    services.partnership_delete(  # so that the deleted partnerships list one
        actor="test",
        partnership=harbourview,
        expected_version=harbourview.version,
        reason="recorded in error",
    )
    urls = [
        "/",
        "/partnerships/?sort=severity",
        f"/partnerships/{stratus}/",
        f"/partnerships/{stratus}/edit/",
        f"/partnerships/{stratus}/team/",
        f"/partnerships/{stratus}/delete/",
        "/partnerships/deleted/",
        f"/partnerships/{pilot}/promote/",
        "/partners/",
        f"/partners/{lumen}/",
        "/advisor/?well_defined_need=yes&time_bound=yes",
        f"/reports/partnerships/{stratus}/",
        "/reports/portfolio/",
        "/notifications/",
        "/accounts/",
        "/accounts/people/",
        "/spreadsheets/import/",
        "/portal/",
        f"/portal/partnerships/{stratus}/",
        f"/portal/organizations/{lumen}/people/",
    ]
    for url in urls:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
    steps("last-page")
    page.set_viewport_size({"width": 390, "height": 844})
    for url in urls:
        page.goto(url)
        overflow = page.evaluate(
            "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at phone width"
