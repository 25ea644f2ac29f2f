"""Kept list answers and remembered tokens (`partnerfolio.api.answers`, `api.tokens`): served
again only while the data revision stands, and every kind of change retires them.

These tests commit (transactional database): the revision rises after a commit, which an
ordinary test, run inside one transaction that is rolled back, never reaches.
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerfolio.accounts.models import User
from partnerfolio.api import answers
from partnerfolio.api.models import ApiToken
from partnerfolio.api.tokens import token_revoke
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partners.services import partner_organization_update
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db(transaction=True)

URLS = (
    "/api/v1/partnerships",
    "/api/v1/partnerships?limit=2&offset=1&ordering=-name",
    "/api/v1/partnerships?q=partner+co&stage=active",
)


@pytest.fixture(autouse=True)
def _fresh_store():
    cache.clear()
    yield
    cache.clear()


def fresh(settings, client, url):
    """The answer computed now, with nothing kept."""
    kept = settings.PARTNERFOLIO_API_CACHE_KB
    settings.PARTNERFOLIO_API_CACHE_KB = 0
    try:
        return client.get(url)
    finally:
        settings.PARTNERFOLIO_API_CACHE_KB = kept


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


@pytest.mark.parametrize("person", ["ada", "mia", "cole", "vic"])
def test_a_kept_answer_is_byte_for_byte_the_fresh_one(world, settings, person):
    client = token_client(world, person)
    for url in URLS:
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
        # served from what was kept: the revision is read, and nothing else
        assert [q["sql"] for q in queries.captured_queries] == [
            'SELECT value FROM "audit_datarevision" WHERE id = 1'
        ]
        assert again.status_code == first.status_code == 200
        assert again.content == first.content == fresh(settings, client, url).content
        assert again["Content-Type"] == "application/json; charset=utf-8"


def _rename(world):
    partnership = Partnership.objects.get(pk=world["Atlas"])
    services.partnership_update(
        actor="test",
        partnership=partnership,
        expected_version=partnership.version,
        changes={"name": "Atlas Renamed"},
    )


def _rename_partner(world):
    organization = PartnerOrganization.objects.get(name="Birch Partner Co")
    partner_organization_update(
        actor="test",
        organization=organization,
        expected_version=organization.version,
        changes={"name": "Birch Holdings"},
    )


def _leave_cobalt_team(world):
    cobalt = Partnership.objects.get(pk=world["Cobalt"])
    ada = User.objects.get(username="ada")
    services.partnership_team_update(
        actor="test",
        partnership=cobalt,
        expected_version=cobalt.version,
        members={ada.pk: True},
        confidential=True,
    )


def _make_birch_confidential(world):
    birch = Partnership.objects.get(pk=world["Birch"])
    ada = User.objects.get(username="ada")
    services.partnership_team_update(
        actor="test",
        partnership=birch,
        expected_version=birch.version,
        members={ada.pk: True},
        confidential=True,
    )


def _promote_vic_to_admin(world):
    vic = User.objects.get(username="vic")
    vic.role = "admin"
    vic.save()


def _import_one(world):
    services.partnership_import(
        actor="test",
        document={"name": "Dune", "type": "tactical", "category": "technological", "partners": []},
    )


CHANGES = {
    # change: (person, expected difference in the names listed)
    "a partnership renamed": (_rename, "vic", {"Atlas"}, {"Atlas Renamed"}),
    "a partner renamed": (_rename_partner, "vic", set(), set()),
    "left a confidential team": (_leave_cobalt_team, "cole", {"Cobalt"}, set()),
    "made confidential": (_make_birch_confidential, "vic", {"Birch"}, set()),
    "role changed": (_promote_vic_to_admin, "vic", set(), {"Cobalt"}),
    "a partnership imported": (_import_one, "mia", set(), {"Dune"}),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_every_kind_of_change_retires_kept_answers(world, settings, change):
    act, person, gone, new = CHANGES[change]
    client = token_client(world, person)
    before = client.get("/api/v1/partnerships")
    assert client.get("/api/v1/partnerships").content == before.content  # kept
    act(world)
    after = client.get("/api/v1/partnerships")
    assert after.content == fresh(settings, client, "/api/v1/partnerships").content
    assert set(names(before)) - set(names(after)) == gone
    assert set(names(after)) - set(names(before)) == new
    if change == "a partner renamed":
        partners = {p["name"] for item in after.json()["items"] for p in item["partners"]}
        assert "Birch Holdings" in partners
        assert "Birch Partner Co" not in partners


def test_a_revoked_token_is_refused_at_once(world):
    client = token_client(world, "mia")
    assert client.get("/api/v1/partnerships").status_code == 200
    assert client.get("/api/v1/partnerships").status_code == 200  # the token is remembered
    mia = User.objects.get(username="mia")
    token_revoke(user=mia, token=ApiToken.objects.get(user=mia))
    refused = client.get("/api/v1/partnerships")
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


def test_a_deactivated_owner_is_refused_at_once(world):
    client = token_client(world, "vic")
    assert client.get("/api/v1/partnerships").status_code == 200
    assert client.get("/api/v1/partnerships").status_code == 200
    vic = User.objects.get(username="vic")
    vic.is_active = False
    vic.save(update_fields=["is_active"])
    assert client.get("/api/v1/partnerships").status_code == 401


def test_answers_are_kept_per_person(world):
    """Cole (on Cobalt's team) and Vic ask the same question: each gets their own answer."""
    cole = names(token_client(world, "cole").get("/api/v1/partnerships"))
    vic = names(token_client(world, "vic").get("/api/v1/partnerships"))
    assert "Cobalt" in cole
    assert "Cobalt" not in vic
    assert names(token_client(world, "vic").get("/api/v1/partnerships")) == vic


def test_an_answer_over_the_limit_is_not_kept(world, settings):
    client = token_client(world, "ada")
    settings.PARTNERFOLIO_API_CACHE_KB = 1  # every list answer here is larger than 1 KB
    first = client.get("/api/v1/partnerships")
    assert len(first.content) > 1024
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/partnerships")
    assert len(queries.captured_queries) > 1  # computed again
    assert again.content == first.content


def test_an_answer_is_kept_for_a_limited_time(world, monkeypatch):
    """Even if a change's raise were lost (a process killed right after its commit), an
    answer is not served past its age."""
    client = token_client(world, "ada")
    clock = [time.time()]
    monkeypatch.setattr(locmem.time, "time", lambda: clock[0])
    client.get("/api/v1/partnerships")
    clock[0] += answers.MAX_AGE - 1
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/partnerships")
    assert not reads_partnerships(queries)  # kept (the token is looked up again: 60 s)
    clock[0] += 2
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/partnerships")
    assert reads_partnerships(queries)  # past its age: computed again


def reads_partnerships(queries):
    return any('"partnerships_partnership"' in q["sql"] for q in queries.captured_queries)


def test_a_cache_that_is_down_costs_a_computed_answer_not_a_request(world, monkeypatch):
    client = token_client(world, "ada")
    expected = client.get("/api/v1/partnerships").content

    def down(*args, **kwargs):
        raise ConnectionError("the cache server is gone")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    answer = client.get("/api/v1/partnerships")
    assert answer.status_code == 200
    assert answer.content == expected
