"""The journeys of a partnership manager, in Chromium: sign in, read the dashboard, clear a
pitfall with a check-in, take the advisor's advice, promote a ready partnership, delete one
that an administrator then brings back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from partnerfolio.accounts.models import User
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership
from tests.browser.conftest import PASSWORD, Steps, days_ago, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
QUIET = "Keystone order-to-cash integration"
READY = "DocAssist co-development pilot"


def quiet_tactical() -> dict:
    """Tactical, active, owned, and nobody has met the partner for 90 days (cadence 30)."""
    return {
        "name": QUIET,
        "type": "tactical",
        "category": "operational",
        "stage": "active",
        "started_on": days_ago(400),
        "partners": [{"name": "Halvorsen & Pike", "sector": "private"}],
        "governance": {"owner": "Ana Ruiz", "review_cadence_days": 30},
        "engagements": [{"on": days_ago(90), "kind": "check_in", "summary": "Cut-over plan"}],
        "reviews": [{"on": days_ago(20), "decision": "continue"}],
    }


def ready_hybrid() -> dict:
    """Hybrid, every readiness indicator met."""
    return {
        "name": READY,
        "type": "hybrid",
        "category": "technological",
        "stage": "active",
        "started_on": days_ago(500),
        "partners": [{"name": "Lumen Vector Labs", "sector": "private"}],
        "governance": {
            "owner": "Ana Ruiz",
            "executive_sponsor": "Dana Chen",
            "partner_executive_sponsor": "Kim Varga",
            "review_cadence_days": 30,
        },
        "agreements": [{"kind": "licence", "signed_on": days_ago(480), "covers_ip": True}],
        "commitments": [
            {
                "title": f"Milestone {i}",
                "due_on": days_ago(30 * i + 10),
                "delivered_on": days_ago(30 * i + 12),
                "met_quality": True,
            }
            for i in range(6)
        ],
        "surveys": [
            {"on": days_ago(d), "side": side, "scores": {"trust": t, "satisfaction": 4}}
            for d, t in ((300, 4), (40, 4.5))
            for side in ("ours", "partner")
        ],
        "engagements": [{"on": days_ago(10), "kind": "executive_meeting"}],
        "reviews": [{"on": days_ago(15), "decision": "continue"}],
        "opportunities": [
            {"title": "Joint document AI suite", "requires_deeper_collaboration": True}
        ],
        "joint_outcomes": [{"title": "Benchmark win", "on": days_ago(60), "value": 120000}],
    }


@pytest.fixture
def portfolio(db) -> None:
    User.objects.create_user(username="ana", password=PASSWORD, role="manager")
    for document in (quiet_tactical(), ready_hybrid()):
        services.partnership_import(actor="test", document=document)


def test_sign_in_and_read_the_dashboard(page: Page, steps: Steps, portfolio):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    steps("sign-in")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("didn't match")
    sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portfolio")
    attention = page.locator("section", has=page.get_by_role("heading", name="Needs attention"))
    expect(attention.get_by_role("link", name=QUIET)).to_be_visible()
    pipeline = page.locator("section", has=page.get_by_role("heading", name="Transition pipeline"))
    expect(pipeline).to_contain_text(READY)
    expect(pipeline).to_contain_text("ready")
    expect(page.locator("figure.chart svg[role=img]").first).to_be_visible()
    steps("dashboard")


def test_a_check_in_clears_the_pitfall_of_a_quiet_partnership(page: Page, steps: Steps, portfolio):
    sign_in(page)
    page.locator("section", has=page.get_by_role("heading", name="Needs attention")).get_by_role(
        "link", name=QUIET
    ).first.click()
    pitfalls = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("^Pitfalls"))
    )
    expect(pitfalls).to_contain_text("Underinvested tactical")
    steps("flagged")
    page.get_by_text("Meeting", exact=True).click()
    page.locator("#engagements-kind").select_option("check_in")
    page.locator("#engagements-summary").fill("Weekly sync with the Halvorsen & Pike lead")
    steps("check-in-typed")
    page.get_by_role("button", name="Record the meeting").click()
    saved = page.get_by_role("status").filter(has_text="Recorded the meeting.")
    expect(saved).to_be_visible()
    # the confirmation is next to the form, with focus on it, not at the top of the page
    expect(saved).to_be_focused()
    expect(page.locator("details.record[open]", has=saved)).to_contain_text("Record the meeting")
    pitfalls = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("^Pitfalls"))
    )
    expect(pitfalls).not_to_contain_text("Underinvested tactical")
    expect(page.locator(".timeline")).to_contain_text("Weekly sync with the Halvorsen")
    steps("pitfall-cleared")


@pytest.mark.refusals
def test_a_bad_value_is_shown_at_its_field_not_as_an_error_page(
    page: Page, steps: Steps, portfolio
):
    sign_in(page)
    page.goto(f"/partnerships/{Partnership.objects.get(name=QUIET).pk}/")
    page.get_by_text("Joint outcome", exact=True).click()
    page.locator("#joint_outcomes-title").fill("Go-live")
    page.locator("#joint_outcomes-value").fill("lots")
    page.get_by_role("button", name="Record the joint outcome").click()
    expect(page.locator("#joint_outcomes-value-error")).to_contain_text("must be a number")
    expect(page.locator("#joint_outcomes-title")).to_have_value("Go-live")
    steps("refused-at-field")


def test_the_advisor_recommends_and_creates_the_partnership(page: Page, steps: Steps, portfolio):
    sign_in(page)
    page.get_by_role("link", name="Advisor").click()
    for question in ("well_defined_need", "time_bound", "outsourced_deliverable"):
        page.locator(f"input[type=radio][name={question}][value=yes]").check()
        page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name=re.compile("^Recommendation"))).to_contain_text(
        "tactical"
    )
    steps("advice")
    page.get_by_label("Partnership name").fill("Data migration with Quarry")
    page.get_by_label("Partner organization").fill("Quarry Ltd")
    page.get_by_role("button", name="Create a tactical partnership").click()
    # the New partnership form, pre-filled with the advice, to check before creating
    expect(page.get_by_role("heading", level=1)).to_have_text("New partnership")
    expect(page.get_by_role("status")).to_contain_text("From the advisor: a tactical partnership")
    expect(page.get_by_label(re.compile("^Name"))).to_have_value("Data migration with Quarry")
    expect(page.get_by_label("Declared type")).to_have_value("tactical")
    steps("pre-filled")
    page.get_by_role("button", name="Create the partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data migration with Quarry")
    expect(page.get_by_role("status").filter(has_text="as a tactical partnership")).to_be_visible()
    steps("created")
    created = Partnership.objects.get(name="Data migration with Quarry")
    assert (created.type, created.stage) == ("tactical", "proposed")


def test_a_ready_hybrid_partnership_is_promoted(page: Page, steps: Steps, portfolio):
    sign_in(page)
    page.goto(f"/partnerships/{Partnership.objects.get(name=READY).pk}/")
    readiness = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("^Transition"))
    )
    expect(readiness).to_contain_text("ready")
    steps("ready")
    page.get_by_role("link", name="Promote to strategic…").click()
    page.get_by_label("A joint steering committee meets").check()
    page.get_by_label("Success metrics are agreed with the partner").check()
    page.get_by_label("Escalation path, one level per line").fill("Alliance managers\nSponsors")
    page.get_by_label("Reason").first.fill("The pilot proved the fit")
    steps("formalization")
    page.get_by_role("button", name="Promote to strategic").click()
    expect(page.get_by_role("status").filter(has_text="is now strategic")).to_be_visible()
    steps("promoted")
    assert Partnership.objects.get(name=READY).type == "strategic"


def test_pages_fit_a_phone_and_start_with_a_skip_link(page: Page, steps: Steps, portfolio):
    sign_in(page)
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/", "/partnerships/", f"/partnerships/{Partnership.objects.get(name=READY).pk}/"):
        page.goto(url)
        overflow = page.evaluate(
            "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
    steps("phone")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")


@pytest.mark.refusals
def test_a_stale_edit_and_a_guarded_move_are_explained_on_the_page(
    page: Page, steps: Steps, portfolio, browser, live_server
):
    User.objects.create_user(username="ben", password=PASSWORD, role="manager")
    services.partnership_import(
        actor="test",
        document={
            "name": "Aurora data platform alliance",
            "type": "strategic",
            "stage": "negotiation",
            "started_on": days_ago(60),
        },
    )
    pk = Partnership.objects.get(name="Aurora data platform alliance").pk
    sign_in(page)
    page.goto(f"/partnerships/{pk}/edit/")
    # Ben changes the partnership while Ana's form is open
    other = browser.new_context(base_url=live_server.url)
    ben = other.new_page()
    sign_in(ben, "ben")
    ben.goto(f"/partnerships/{pk}/edit/")
    ben.get_by_label("Owner").fill("Ben Okafor")
    ben.get_by_role("button", name="Save").click()
    expect(ben.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    other.close()
    page.get_by_label("Owner").fill("Ana Ruiz")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("changed by someone else")
    steps("stale-edit")
    assert Partnership.objects.get(pk=pk).owner == "Ben Okafor"
    page.goto(f"/partnerships/{pk}/")
    page.get_by_text("Stage change (now negotiation)").click()
    page.locator("#stage-to").select_option("active")
    page.locator("#stage-reason").fill("Contract signed")
    page.get_by_role("button", name="Change stage").click()
    expect(page.get_by_role("alert")).to_contain_text("executive sponsor")
    steps("guarded-move")
    assert Partnership.objects.get(pk=pk).stage == "negotiation"


def test_a_deleted_partnership_is_brought_back_by_an_administrator(
    page: Page, steps: Steps, portfolio
):
    User.objects.create_user(username="ada", password=PASSWORD, role="admin")
    pk = Partnership.objects.get(name=QUIET).pk
    sign_in(page)
    page.goto(f"/partnerships/{pk}/")
    page.get_by_role("link", name="Delete…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete the partnership")
    expect(page.locator("form.card")).to_contain_text("Deleted partnerships")
    page.get_by_label("Why is it deleted?").fill("Recorded twice by mistake")
    steps("confirm")
    page.get_by_role("button", name="Delete this partnership").click()
    expect(page).to_have_url(re.compile(r"/partnerships/$"))
    expect(page.get_by_role("status").filter(has_text=f"Deleted “{QUIET}”")).to_be_visible()
    steps("deleted")
    assert not Partnership.objects.filter(name=QUIET).exists()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "ada")
    page.get_by_role("link", name="Partnerships", exact=True).click()
    page.get_by_role("link", name="Deleted partnerships").click()
    row = page.get_by_role("row", name=re.compile(QUIET))
    expect(row).to_contain_text("Recorded twice by mistake")
    expect(row).to_contain_text("ana")
    steps("deleted-list")
    row.get_by_role("button", name="Restore").focus()
    page.keyboard.press("Enter")  # keyboard alone
    expect(page.get_by_role("heading", level=1)).to_have_text(QUIET)
    expect(page.get_by_role("status").filter(has_text=f"Restored “{QUIET}”")).to_be_visible()
    steps("restored")
    restored = Partnership.objects.get(name=QUIET)
    assert restored.pk != pk
    assert restored.engagements.count() == 1
