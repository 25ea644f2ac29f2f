"""axe-core (npm, pinned in package-lock.json) finds no violation in Chromium on the
dashboard, the list, the partnership page and every form of the record's new pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from partnerfolio.evidence import services as evidence_services
from partnerfolio.metrics import services as metric_services
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.record_forms import FORMS
from tests.browser.conftest import sign_in
from tests.browser.test_every_page import portfolio  # noqa: F401  (the examples, and ana)

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def violations(page: Page) -> list[str]:
    """What axe-core finds on the page, one line per rule and element."""
    page.evaluate(AXE.read_text("utf-8"))  # evaluated by the test, so the CSP does not apply
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {v['help']}"
        for v in found
        for node in v["nodes"]
    ]


@pytest.mark.refusals  # a refused History filter answers 400, as it should
def test_the_main_pages_and_the_records_forms_have_no_axe_violation(page: Page, portfolio):  # noqa: F811
    sign_in(page)
    stratus = Partnership.objects.get(name="Stratus Cloud strategic co-sell alliance")
    agreement = stratus.agreements.first() or evidence_services.evidence_record(
        actor="test", partnership=stratus, section="agreements", item={"title": "Co-sell"}
    )
    metric = stratus.metrics.first() or metric_services.metric_define(
        actor="test", partnership=stratus, key="revenue_growth"
    )
    lumen = PartnerOrganization.objects.get(name="Lumen Vector Labs").pk
    urls = [
        "/",
        "/partnerships/",
        f"/partnerships/{stratus.pk}/",
        "/partnerships/new/",
        f"/partnerships/{stratus.pk}/partners/",
        f"/partners/{lumen}/edit/",
        "/partners/new/",
        f"/partnerships/{stratus.pk}/metrics/",
        f"/partnerships/{stratus.pk}/metrics/{metric.pk}/",
        f"/partnerships/{stratus.pk}/metrics/{metric.pk}/values/",
        f"/partnerships/{stratus.pk}/records/agreements/{agreement.pk}/",
        f"/partnerships/{stratus.pk}/records/agreements/{agreement.pk}/remove/",
        *(f"/partnerships/{stratus.pk}/records/{section}/" for section in FORMS),
        f"/partnerships/{stratus.pk}/history/",
        "/history/",
        f"/partnerships/{stratus.pk}/type/",
        f"/partnerships/{stratus.pk}/people/",
        "/?mine=1",
        f"/partnerships/{Partnership.objects.filter(type='hybrid').first().pk}/promote/",
        f"/partnerships/{stratus.pk}/history/?since=2026-13-01",
    ]
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response is not None
        assert response.status == (400 if "2026-13-01" in url else 200), url
        problems = violations(page)
        if problems:
            found[url] = problems
    assert not found, json.dumps(found, indent=1)


def test_the_check_finds_a_violation_when_there_is_one(page: Page):
    page.set_content('<html lang="en"><title>t</title><main><img src="data:,"></main></html>')
    assert any(line.startswith("image-alt (critical)") for line in violations(page))


def test_the_counted_map_and_its_paged_table_have_no_axe_violation(
    page: Page,
    portfolio,  # noqa: F811
    monkeypatch,
):
    from partnerfolio.web import dashboard_page

    monkeypatch.setattr(dashboard_page, "MAP_POINTS", 2)  # the five examples: counted in cells
    monkeypatch.setattr(dashboard_page, "MAP_PAGE", 2)  # and their table over three pages
    sign_in(page)
    page.goto("/?map_page=2")
    table = page.locator("#map-table")
    expect(table).to_have_attribute("open", "")
    expect(page.locator("figure.chart p.sr-summary").first).to_contain_text("counted in cells")
    table.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/?map_page=3#map-table")
    expect(table.get_by_role("link", name="Previous page")).to_be_visible()
    assert not violations(page), json.dumps(violations(page), indent=1)
