"""A partner user's journey in Chromium: sign in to the portal, answer the open survey
round, and, once our side has closed it, read both sides' results."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from partnerfolio.accounts.models import User
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import services as record
from partnerfolio.portal import services
from partnerfolio.portal.models import SurveyRound
from tests.browser.conftest import PASSWORD, Steps
from tests.portal.conftest import days_ago, today

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_round(db) -> SurveyRound:
    partnership = record.partnership_import(
        actor="test",
        document={
            "name": "Keystone co-sell",
            "type": "tactical",
            "stage": "active",
            "started_on": days_ago(120),
            "partners": [{"name": "Halvorsen & Pike"}],
        },
    )
    mia = User.objects.create_user(username="mia", password=PASSWORD, role="manager")
    User.objects.create_user(
        username="kim",
        password=PASSWORD,
        role="partner",
        first_name="Kim",
        last_name="Varga",
        organization=PartnerOrganization.objects.get(name="Halvorsen & Pike"),
    )
    opened = services.round_open(
        actor=mia,
        partnership=partnership,
        closes_on=today() + timedelta(days=7),
        questions=["trust", "satisfaction", "communication"],
    )
    services.round_answer(user=mia, round=opened, scores={"trust": 2, "satisfaction": 4})
    return opened


def test_a_partner_user_answers_a_round_and_reads_the_results(
    page: Page, steps: Steps, open_round: SurveyRound
):
    # signing in from the portal's address brings the partner back to it
    page.goto("/portal/")
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("heading", name="Partnerships with Halvorsen & Pike")).to_be_visible()
    steps("portal-home")

    page.get_by_role("link", name="Answer").click()
    page.wait_for_url(re.compile(r"/answer/$"))
    for question, score in (("Trust", "5"), ("Satisfaction", "4"), ("Communication", "3")):
        page.get_by_role("radiogroup", name=question).get_by_label(score).check()
    steps("answers")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("your answers are in")).to_be_visible()
    expect(page.locator("table.answers")).to_contain_text("Kim Varga")
    expect(page.get_by_text("Results: both sides")).to_have_count(0)
    steps("answered")

    # our side closes the round
    services.round_close(actor=User.objects.get(username="mia"), round=open_round)

    page.reload()
    expect(page.get_by_role("heading", name="Results: both sides")).to_be_visible()
    gaps = page.locator("#gaps")
    expect(gaps.get_by_role("row", name=re.compile(r"^Trust"))).to_contain_text("-3.00")
    expect(gaps).to_contain_text("perception gap")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("mia")
    steps("results")
