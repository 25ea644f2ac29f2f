"""Every portal page × every kind of person × every kind of partnership, with the status
each cell must answer.

People: Ada (administrator), Mia (manager), Cole (contributor on the team of Atlas and of
the confidential Cobalt), Vic (viewer), Pia (partner user at Aurora, Atlas's and Cobalt's
partner), Bo (partner user at Boreal, Birch's partner), and someone not signed in.
Objects: Atlas (public, Aurora), Birch (public, Boreal, no team), Cobalt (confidential,
Aurora, Cole's team); each with an open survey round.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from partnerfolio.partnerships.models import Partnership
from partnerfolio.portal import services
from partnerfolio.portal.models import SurveyRound
from tests.portal.conftest import client_for, today, user

pytestmark = pytest.mark.django_db
PEOPLE = ("ada", "mia", "cole", "vic", "pia", "bo", "anonymous")
OBJECTS = ("Atlas", "Birch", "Cobalt")

# Who may know each partnership exists (access.visible_partnerships) …
SEES = {
    "Atlas": {"ada", "mia", "cole", "vic", "pia"},
    "Birch": {"ada", "mia", "cole", "vic", "bo"},
    "Cobalt": {"ada", "cole"},
}
# … and who may change it (access.can_edit): open and close its rounds, share its metrics.
EDITS = {"Atlas": {"ada", "mia", "cole"}, "Birch": {"ada", "mia"}, "Cobalt": {"ada", "cole"}}
PARTNERS = {"pia", "bo"}
MANAGERS = {"ada", "mia"}


def expected(page: str, person: str, thing: str) -> int:
    """The status of one cell, written from the rules of docs/portal.md."""
    if person == "anonymous":
        return 302  # to the sign-in page
    seen = person in SEES[thing]
    if page in ("partnership", "round"):
        return 200 if seen else 404
    if page == "answer":  # partner users of the partnership; on our side, those who edit it
        if not seen:
            return 404
        return 200 if person in PARTNERS or person in EDITS[thing] else 403
    if page in ("round_new", "close", "share"):  # our side only
        if person in PARTNERS or not seen:
            return 404
        ok = 302 if page in ("close", "share") else 200
        return ok if person in EDITS[thing] else 403
    if page == "people":  # the organization of the partnership; managers only
        if person in PARTNERS:
            return 404
        # Cobalt's partner Aurora is Atlas's too, so known to all of ours (the page for an
        # organization known only through a confidential partnership: test_rounds.py)
        return 200 if person in MANAGERS else 403
    if page == "home":
        return 200
    raise AssertionError(page)


PAGES = {
    "home": ("get", "/portal/"),
    "partnership": ("get", "/portal/partnerships/{pk}/"),
    "round": ("get", "/portal/rounds/{round}/"),
    "answer": ("get", "/portal/rounds/{round}/answer/"),
    "round_new": ("get", "/portal/rounds/new/{pk}/"),
    "close": ("post", "/portal/rounds/{round}/close/"),
    "share": ("post", "/portal/partnerships/{pk}/metrics/{metric}/share/"),
    "people": ("get", "/portal/organizations/{org}/people/"),
}
CELLS = [
    (page, person, thing)
    for page in PAGES
    for person in PEOPLE
    for thing in (OBJECTS if page != "home" else ("Atlas",))
]


@pytest.mark.parametrize(("page", "person", "thing"), CELLS)
def test_each_portal_page_answers_each_person_as_the_rules_say(world, page, person, thing):
    partnership = Partnership.objects.get(pk=world[thing])
    opened = services.round_open(
        actor=user("ada"),
        partnership=partnership,
        closes_on=today() + timedelta(days=7),
        questions=["trust"],
    )
    method, url = PAGES[page]
    url = url.format(
        pk=partnership.pk,
        round=opened.pk,
        metric=partnership.metrics.get(key="project_margin").pk,
        org=partnership.partners.get().pk,
    )
    client = client_for(person)
    response = client.post(url, {"shared": "yes"}) if method == "post" else client.get(url)
    want = expected(page, person, thing)
    assert response.status_code == want, (page, person, thing)
    if want == 302 and person == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    # a refused close leaves the round open; an accepted one closes it
    if page == "close":
        closed = not SurveyRound.objects.get(pk=opened.pk).is_open
        assert closed == (want == 302 and person != "anonymous")
    if want == 200:
        body = response.content.decode()
        for other in OBJECTS:
            if person not in SEES[other]:
                assert f">{other}<" not in body, other
                assert f"{other} " not in body, other
