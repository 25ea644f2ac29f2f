"""The whole record kept in the pages, in Chromium, without the API or the command line:
a manager creates a partnership from nothing and keeps its record until its pitfalls and
governance gaps clear one by one; a stale copy of an agreement is refused and explained;
a viewer reads every list and finds no control to change them; a contributor outside a
confidential partnership's team finds none of its pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from partnerfolio.accounts.models import User
from partnerfolio.evidence import services as evidence_services
from partnerfolio.partners import services as partner_services
from partnerfolio.partnerships.models import Agreement, Partnership
from tests.browser.conftest import PASSWORD, Steps, sign_in, today

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "Edge analytics pilot"


def section(page: Page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=re.compile(heading)))


def pitfalls(page: Page):
    return section(page, r"^Pitfalls")


def governance(page: Page):
    return section(page, r"^Governance fit")


def on(days: int) -> str:
    return (today() + timedelta(days=days)).isoformat()


def field(page: Page, label: str):
    """The field labelled `label`, required or not ("Name (required)")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}(\s*\*?\s*\(required\))?$"))


def record(page: Page, pk: int, kind: str, button: str, fields: dict[str, str]) -> None:
    """Open one of the record's lists from the partnership page, fill its form, save."""
    page.goto(f"/partnerships/{pk}/")
    section(page, r"^The record").get_by_role("link", name=kind, exact=True).click()
    for label, value in fields.items():
        found = field(page, label)
        if found.evaluate("e => e.tagName") == "SELECT":
            found.select_option(label=value)
        else:
            found.fill(value)
    page.get_by_role("button", name=button).click()
    expect(page.locator("#saved")).to_contain_text("Recorded")
    page.goto(f"/partnerships/{pk}/")


@pytest.fixture
def people(db) -> None:
    User.objects.create_user(username="mia", password=PASSWORD, role="manager")
    User.objects.create_user(username="vic", password=PASSWORD, role="viewer")
    User.objects.create_user(username="cole", password=PASSWORD, role="contributor")
    partner_services.partner_organization_create(
        actor="test", details={"name": "Quarry Ltd", "sector": "private"}
    )


def test_a_manager_keeps_the_whole_record_in_the_pages(page: Page, steps: Steps, people):
    sign_in(page, "mia")
    page.goto("/partnerships/")
    page.get_by_role("link", name="New partnership").click()
    field(page, "Name").fill(NAME)
    page.get_by_label("Quarry Ltd").check()
    page.get_by_label("New partner organizations, one per line").fill("Nimbus Data")
    page.get_by_label("Declared type").select_option(label="Tactical")
    page.get_by_label("Category").select_option(label="Technological")
    field(page, "Stage").select_option(label="Active")
    page.get_by_label("Started").fill(on(-30))
    expect(page.get_by_label("Owner: an account")).to_have_value(
        str(User.objects.get(username="mia").pk)  # whoever creates it, unless changed
    )
    steps("new")
    page.get_by_role("button", name="Create the partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    pk = Partnership.objects.get(name=NAME).pk
    assert sorted(Partnership.objects.get(pk=pk).partners.values_list("name", flat=True)) == [
        "Nimbus Data",
        "Quarry Ltd",
    ]
    expect(pitfalls(page)).to_contain_text("Coopetition tension")
    expect(governance(page)).to_contain_text("Owner: mia account")
    expect(governance(page)).to_contain_text("a scoped agreement with an end date")
    expect(governance(page)).to_contain_text("recorded deliverables (commitments)")
    expect(governance(page)).to_contain_text("status check-ins")
    steps("created")

    # the new organization is completed afterwards, on its own page
    page.get_by_role("link", name="Partners", exact=True).first.click()
    page.get_by_role("link", name="Nimbus Data").first.click()
    page.get_by_role("link", name=re.compile("^Edit")).click()
    page.get_by_label("Sector").select_option(label="Private")
    page.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.get_by_role("status").or_(page.locator(".message"))).to_contain_text("Nimbus")

    # an agreement covering IP, ending within the horizon: the IP half of the tension and
    # the scoped-agreement gap clear, the agreement now expires without a review
    record(page, pk, "Agreements", "Record the agreement", {
        "Title": "Pilot contract", "Kind": "Contract", "Signed on": on(-30),
        "Ends on": on(45), "Covers intellectual property": "yes",
    })  # fmt: skip
    expect(pitfalls(page)).not_to_contain_text("Coopetition tension")
    expect(pitfalls(page)).to_contain_text("Agreement expiring")
    expect(governance(page)).not_to_contain_text("a scoped agreement")
    expect(section(page, r"^The record")).to_contain_text(
        f"Pilot contract (contract) · ends {on(45)}"
    )
    steps("agreement")
    # a review prepares the renewal: the expiry clears
    record(page, pk, "Reviews", "Record the review", {"Date": on(0), "Decision": "Continue"})
    expect(pitfalls(page)).not_to_contain_text("Agreement expiring")
    # a commitment due next month is planned work: the deliverables gap clears
    record(page, pk, "Commitments", "Record the commitment",
           {"Commitment": "Dashboard prototype", "Due": on(30)})  # fmt: skip
    expect(governance(page)).not_to_contain_text("recorded deliverables")
    # a check-in: tactical governance is in place
    record(page, pk, "Meetings", "Record the meeting",
           {"Date": on(-1), "Kind": "Check in", "Summary": "Kick-off"})  # fmt: skip
    expect(governance(page)).to_contain_text("In place.")
    steps("governed")

    # two metrics with targets, by their names, and their values
    page.get_by_role("link", name="Metrics", exact=True).click()
    catalog = page.get_by_label("Metric", exact=True)
    by_name = catalog.locator("option", has_text=re.compile("^On time completion"))
    catalog.select_option(by_name.get_attribute("value"))  # chosen by its name, not its code
    page.get_by_label("Target").fill("95")
    page.get_by_role("button", name="Track the metric").click()
    page.get_by_label("Custom metric: key (letters, digits, _)").fill("joint_webinars")
    page.get_by_label("Custom metric: name").fill("Joint webinars")
    page.get_by_label("Custom metric: category").select_option(label="Relationship health")
    page.get_by_label("Custom metric: better when").select_option(label="Higher")
    page.get_by_label("Custom metric: indicator").select_option(index=1)
    page.get_by_label("Target").fill("4")
    page.get_by_role("button", name="Track the metric").click()
    for metric, value in (("On time completion", "92"), ("Joint webinars", "2")):
        page.get_by_role("link", name=f"Values of {metric}").click()
        field(page, "Date").fill(on(-1))
        # the keyboard alone: type the value and press Enter to record it
        field(page, "Value").focus()
        page.keyboard.type(value)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name=re.compile("^1 recorded"))).to_be_visible()
        page.get_by_role("link", name="Metrics", exact=True).last.click()
    steps("metrics")

    # the joint pipeline and what it delivered
    record(page, pk, "Opportunities", "Record the opportunity", {
        "Opportunity": "Retail analytics bid", "Stage": "Proposal", "Value": "120,000",
        "Attribution": "Partner sourced",
    })  # fmt: skip
    record(page, pk, "Joint outcomes", "Record the joint outcome",
           {"Outcome": "First joint customer", "Date": on(-2), "Value delivered": "30000"})  # fmt: skip
    page.goto(f"/partnerships/{pk}/records/opportunities/")
    expect(
        page.get_by_text(re.compile(r"Open pipeline 120,000: partner sourced 120,000"))
    ).to_be_visible()
    page.goto(f"/partnerships/{pk}/")
    scorecard = section(page, r"^Scorecard")
    expect(scorecard).to_contain_text("On time completion")
    expect(scorecard).to_contain_text("Joint webinars")
    expect(pitfalls(page)).not_to_contain_text("Coopetition tension")
    steps("recorded")
    page.goto("/")
    page.get_by_role("link", name="My partnerships (1)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My partnerships")
    expect(section(page, r"^Needs attention")).not_to_contain_text("Coopetition")
    page.goto(f"/partnerships/{pk}/")
    # a target changes; the history says who changed what, before and after
    page.get_by_role("link", name="Metrics", exact=True).click()
    page.get_by_role("link", name="Target of On time completion").click()
    page.get_by_label("Target").fill("97")
    page.get_by_role("button", name="Save").click()
    page.goto(f"/partnerships/{pk}/")
    page.get_by_role("link", name="History", exact=True).first.click()
    expect(page.get_by_role("cell", name="Recorded an agreement: Pilot contract")).to_be_visible()
    change = page.get_by_role("row").filter(has_text="Changed a metric: On time completion")
    expect(change).to_contain_text("Target: was 95 → now 97")
    expect(change).to_contain_text("mia")
    steps("history")


@pytest.mark.refusals
def test_an_edit_on_a_stale_copy_of_an_agreement_is_refused_and_explained(
    page: Page, steps: Steps, people
):
    from partnerfolio.partnerships import services

    p = services.partnership_import(actor="test", document={
        "name": NAME, "type": "tactical", "category": "technological", "stage": "active",
        "agreements": [{"title": "Pilot contract", "kind": "contract", "ends_on": on(200)}],
    })  # fmt: skip
    agreement = Agreement.objects.get(partnership=p)
    sign_in(page, "mia")
    page.goto(f"/partnerships/{p.pk}/records/agreements/{agreement.pk}/")
    evidence_services.evidence_update(  # someone else, meanwhile
        actor="ben", row=agreement, expected_version=agreement.version,
        changes={"ends_on": today() + timedelta(days=300)},
    )  # fmt: skip
    page.get_by_label("Covers intellectual property").select_option(label="yes")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("changed by someone else")
    steps("stale")
    agreement.refresh_from_db()
    assert (agreement.covers_ip, agreement.ends_on) == (None, today() + timedelta(days=300))


def test_a_viewer_reads_every_list_and_finds_no_control(page: Page, steps: Steps, people):
    from partnerfolio.partnerships import services

    p = services.partnership_import(actor="test", document={
        "name": NAME, "type": "tactical", "category": "technological", "stage": "active",
        "partners": [{"name": "Quarry Ltd"}],
        "agreements": [{"title": "Pilot contract", "kind": "contract", "ends_on": on(200)}],
        "commitments": [{"title": "Prototype", "due_on": on(10)}],
        "metrics": [{"key": "on_time_completion", "target": 95,
                     "observations": [{"on": on(-1), "value": 90}]}],
    })  # fmt: skip
    sign_in(page, "vic")
    lists = [f"/partnerships/{p.pk}/records/{s}/" for s in (
        "agreements", "commitments", "engagements", "reviews", "surveys", "opportunities",
        "joint_outcomes")]  # fmt: skip
    lists += [f"/partnerships/{p.pk}/{s}" for s in ("", "metrics/", "partners/", "history/")]
    metric = p.metrics.get()
    lists.append(f"/partnerships/{p.pk}/metrics/{metric.pk}/values/")
    for url in lists:
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, url
        main = page.locator("main")
        expect(main.locator("form[method=post]")).to_have_count(0)
        for control in ("Edit", "Remove", "Target", "Change the type…", "Edit details"):
            expect(main.get_by_role("link", name=re.compile(f"^{control}"))).to_have_count(0)
    expect(page.locator("main")).to_contain_text("90")
    steps("viewer")


@pytest.mark.refusals
def test_a_contributor_outside_the_team_finds_none_of_its_pages(page: Page, people):
    from partnerfolio.partnerships import services

    p = services.partnership_import(actor="test", document={
        "name": NAME, "type": "tactical", "stage": "active",
        "agreements": [{"title": "Pilot contract"}],
        "metrics": [{"key": "on_time_completion", "observations": [{"on": on(-1), "value": 9}]}],
    })  # fmt: skip
    Partnership.objects.filter(pk=p.pk).update(confidential=True)
    agreement, metric = p.agreements.get(), p.metrics.get()
    value = metric.observations.get()
    base = f"/partnerships/{p.pk}"
    sign_in(page, "cole")
    urls = [f"{base}/", f"{base}/history/", f"{base}/type/", f"{base}/promote/", f"{base}/people/",
            f"{base}/partners/", f"{base}/metrics/", f"{base}/metrics/{metric.pk}/",
            f"{base}/metrics/{metric.pk}/remove/", f"{base}/metrics/{metric.pk}/values/",
            f"{base}/metrics/{metric.pk}/values/{value.pk}/",
            f"{base}/records/agreements/", f"{base}/records/agreements/{agreement.pk}/",
            f"{base}/records/agreements/{agreement.pk}/remove/"]  # fmt: skip
    for url in urls:
        response = page.goto(url)
        assert response is not None
        assert response.status == 404, url
        expect(page.locator("body")).not_to_contain_text(NAME)
