"""Who may read which report: the pages' rules (docs/access.md), report by report."""

from __future__ import annotations

import pytest

from tests.people import signed_in as client_for
from tests.reports.conftest import PEOPLE

pytestmark = pytest.mark.django_db

# status of GET /reports/partnerships/<record>/ by person
SEE = {
    "Stratus": {"ada": 200, "mia": 200, "cole": 200, "vic": 200, "pat": 404, "anonymous": 302},
    "Pilot": {"ada": 200, "mia": 200, "cole": 200, "vic": 200, "pat": 404, "anonymous": 302},
    "Cobalt": {"ada": 200, "mia": 404, "cole": 200, "vic": 404, "pat": 404, "anonymous": 302},
}


@pytest.mark.parametrize("record", SEE)
@pytest.mark.parametrize("person", PEOPLE)
def test_a_review_answers_only_those_who_may_see_the_partnership(world, person, record):
    response = client_for(person).get(f"/reports/partnerships/{world[record]}/")
    expected = SEE[record][person]
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("person", "expected"), [("mia", 404), ("vic", 404), ("pat", 404), ("anonymous", 302)]
)
@pytest.mark.parametrize(
    "url", ["/reports/partnerships/{pk}/pdf/", "/reports/partnerships/{pk}/?format=pdf"]
)
def test_the_pdf_of_a_hidden_partnership_is_as_absent_as_its_page(world, person, expected, url):
    response = client_for(person).get(url.format(pk=world["Cobalt"]))
    assert response.status_code == expected
    assert response.get("Content-Type", "") != "application/pdf"


def test_a_partnership_that_does_not_exist_answers_404(world):
    assert client_for("ada").get("/reports/partnerships/999999/").status_code == 404


@pytest.mark.parametrize(("person", "count"), [("ada", 3), ("mia", 2), ("cole", 3), ("vic", 2)])
def test_the_portfolio_report_counts_only_what_the_reader_may_see(world, person, count):
    page = client_for(person).get("/reports/portfolio/").content.decode()
    assert f"<strong>{count}</strong> partnerships" in page
    assert ("Cobalt" in page) == (count == 3)


@pytest.mark.parametrize(("person", "expected"), [("pat", 404), ("anonymous", 302)])
@pytest.mark.parametrize("url", ["/reports/portfolio/", "/reports/portfolio/pdf/"])
def test_partner_users_and_strangers_get_no_portfolio_report(world, person, expected, url):
    response = client_for(person).get(url)
    assert response.status_code == expected
