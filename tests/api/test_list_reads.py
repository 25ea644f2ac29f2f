"""The partnership list reads columns, not models (issue 5): the same answer as each
partnership's own read, a fixed number of queries whatever the page holds, and no write."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.models import Partnership, PartnershipPartner
from tests.api.conftest import token_client


def _reads(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), [q["sql"] for q in queries.captured_queries]


def test_list_items_are_the_partnerships_own_reads(world):
    # a second partner, named to sort before the first: partners come by name
    atlas = Partnership.objects.get(pk=world["Atlas"])
    PartnershipPartner.objects.create(
        partnership=atlas,
        partner=PartnerOrganization.objects.create(name="Aardvark Ltd"),
        position=5,
    )
    Partnership.objects.filter(pk=atlas.pk).update(
        time_horizon=4, owner="M. Chen", escalation_path=["a", "b"], opportunity={"x": True}
    )
    for person in ("ada", "mia", "cole", "vic"):
        client = token_client(world, person)
        listed, _ = _reads(client, "/api/v1/partnerships?limit=200")
        assert listed["items"], person
        for item in listed["items"]:
            own = client.get(f"/api/v1/partnerships/{item['id']}").json()
            assert item == {**own, "can_edit": None}, (person, item["name"])
    first = token_client(world, "ada").get(f"/api/v1/partnerships/{atlas.pk}").json()
    assert [p["name"] for p in first["partners"]] == ["Aardvark Ltd", "Atlas Partner Co"]
    assert first["profile"] == {"time_horizon": 4}
    assert first["governance"]["escalation_path"] == ["a", "b"]


def test_a_list_reads_a_fixed_number_of_queries_and_writes_nothing(world):
    client = token_client(world, "mia")
    client.get("/api/v1/partnerships")  # the token's last_used_at: at most once a minute
    _, few = _reads(client, "/api/v1/partnerships?limit=1")
    _, many = _reads(client, "/api/v1/partnerships?limit=200")
    assert len(few) == len(many) == 4  # the token, the count, the page, its partners
    for sql in many:
        assert sql.lstrip().upper().startswith("SELECT"), sql
