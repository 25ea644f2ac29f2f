"""What partner users see, and above all what they never see: another organization's
partnerships and rounds, our internal notes, our answers before a round closes, the other
partners of a multi-partner partnership, confidential partnerships."""

from __future__ import annotations

from datetime import timedelta

import pytest

from partnerfolio.portal import services
from partnerfolio.portal.models import SurveyRound
from tests.portal.conftest import SECRETS, client_for, today, user

pytestmark = pytest.mark.django_db
QUESTIONS = ["trust", "satisfaction"]


def open_round(world, name: str) -> SurveyRound:
    return services.round_open(
        actor=user("mia" if name != "Cobalt" else "ada"),
        partnership=_p(world, name),
        closes_on=today() + timedelta(days=7),
        questions=QUESTIONS,
    )


def _p(world, name):
    from partnerfolio.partnerships.models import Partnership

    return Partnership.objects.get(pk=world[name])


def pages_of(world, rounds) -> list[str]:
    urls = ["/portal/"]
    for name in ("Atlas", "Birch", "Cobalt", "Delta"):
        urls.append(f"/portal/partnerships/{world[name]}/")
    for r in rounds:
        urls += [f"/portal/rounds/{r.pk}/", f"/portal/rounds/{r.pk}/answer/"]
    return urls


def test_a_partner_user_lands_in_the_portal_and_sees_only_their_organizations_partnerships(
    world,
):
    page = client_for("pia").get("/portal/").content.decode()
    assert "Atlas" in page
    assert "Delta" in page
    assert "Birch" not in page  # Boreal's alone
    assert "Cobalt" not in page  # confidential
    page = client_for("bo").get("/portal/").content.decode()
    assert "Birch" in page
    assert "Delta" in page
    assert "Atlas" not in page
    assert "Cobalt" not in page


@pytest.mark.parametrize(
    ("person", "reachable", "hidden"),
    [
        ("pia", ("Atlas", "Delta"), ("Birch", "Cobalt")),
        ("paz", ("Atlas", "Delta"), ("Birch", "Cobalt")),
        ("bo", ("Birch", "Delta"), ("Atlas", "Cobalt")),
    ],
)
def test_another_organizations_partnerships_and_rounds_answer_404(world, person, reachable, hidden):
    rounds = {name: open_round(world, name) for name in ("Atlas", "Birch", "Cobalt", "Delta")}
    client = client_for(person)
    for name in reachable:
        assert client.get(f"/portal/partnerships/{world[name]}/").status_code == 200
        assert client.get(f"/portal/rounds/{rounds[name].pk}/").status_code == 200
        assert client.get(f"/portal/rounds/{rounds[name].pk}/answer/").status_code == 200
    for name in hidden:
        pk, round_pk = world[name], rounds[name].pk
        assert client.get(f"/portal/partnerships/{pk}/").status_code == 404
        assert client.get(f"/portal/rounds/{round_pk}/").status_code == 404
        assert client.get(f"/portal/rounds/{round_pk}/answer/").status_code == 404
        assert (
            client.post(f"/portal/rounds/{round_pk}/answer/", {"score_trust": "5"}).status_code
            == 404
        )
        assert client.post(f"/portal/rounds/{round_pk}/close/").status_code == 404
        assert not rounds[name].answers.exists()
    home = client.get("/portal/").content.decode()
    for name in hidden:
        assert name not in home


def test_answers_of_another_organization_are_never_shown(world):
    delta = open_round(world, "Delta")
    services.round_answer(user=user("bo"), round=delta, scores={"trust": 2})
    services.round_answer(user=user("pia"), round=delta, scores={"trust": 5})
    page = client_for("pia").get(f"/portal/rounds/{delta.pk}/").content.decode()
    assert "Pia Aurelius" in page
    assert "Borealsen" not in page
    services.round_close(actor=user("mia"), round=delta)
    page = client_for("pia").get(f"/portal/rounds/{delta.pk}/").content.decode()
    assert "Borealsen" not in page  # the partner side shows as a mean, no names
    assert "Results: both sides" in page


@pytest.mark.parametrize("person", ["pia", "paz", "bo"])
def test_internal_notes_never_reach_a_partner(world, person):
    rounds = [open_round(world, name) for name in ("Atlas", "Birch", "Delta")]
    client = client_for(person)
    for url in pages_of(world, rounds):
        response = client.get(url)
        if response.status_code != 200:
            continue
        page = response.content.decode()
        for secret in SECRETS:
            assert secret not in page, (url, secret)
        assert "audit" not in page.lower(), url


def test_the_shared_scorecard_shows_shared_metrics_commitments_and_agreed_opportunities(world):
    page = client_for("pia").get(f"/portal/partnerships/{world['Atlas']}/").content.decode()
    assert "Sla compliance" in page or "SLA compliance" in page
    assert "Atlas pilot" in page  # a commitment
    assert "Atlas joint bid" in page  # an opportunity at proposal
    assert "Project margin" not in page  # not shared
    # health is the roll-up of what is shared: sla 0.9 of 0.95
    assert "health 94.7 / 100" in page


def test_a_multi_partner_partnership_names_only_the_readers_organization(world):
    page = client_for("pia").get(f"/portal/partnerships/{world['Delta']}/").content.decode()
    assert "Aurora Co" in page
    assert "Boreal Co" not in page
    page = client_for("bo").get(f"/portal/partnerships/{world['Delta']}/").content.decode()
    assert "Boreal Co" in page
    assert "Aurora Co" not in page


def test_our_answers_stay_hidden_from_partners_until_the_round_closes(world):
    atlas = open_round(world, "Atlas")
    services.round_answer(user=user("cole"), round=atlas, scores={"trust": 1, "satisfaction": 2})
    page = client_for("pia").get(f"/portal/rounds/{atlas.pk}/").content.decode()
    assert "Ostrowski" not in page
    assert "Results" not in page
    assert "from our side" not in page  # not even how many of us answered
    services.round_close(actor=user("mia"), round=atlas)
    page = client_for("pia").get(f"/portal/rounds/{atlas.pk}/").content.decode()
    assert "Ostrowski" not in page  # our side shows as a mean, not by name
    assert "Results: both sides" in page
    assert "1 answer from our side" in page


@pytest.mark.parametrize(
    "url",
    ["/partnerships/", "/partners/", "/advisor/", "/portal/organizations/{A}/people/"],
)
def test_our_pages_answer_partner_users_404(world, url):
    assert client_for("pia").get(url.format(A=world["A"])).status_code == 404


def test_a_partner_user_at_the_sites_address_lands_on_the_portal(world):
    response = client_for("pia").get("/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert client_for("pia").post("/").status_code == 404


def test_after_signing_in_a_partner_user_is_sent_to_the_portal(world):
    client = client_for("pia")
    response = client.get("/portal/start/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    response = client_for("mia").get("/portal/start/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signing_in_from_the_portal_comes_back_to_it(world):
    from django.test import Client

    client = Client()
    first = client.get("/portal/")
    assert first.status_code == 302
    assert first["Location"].startswith("/accounts/login/?next=/portal/")
    response = client.post(
        "/accounts/login/?next=/portal/",
        {"username": "pia", "password": "a long enough passphrase", "next": "/portal/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
