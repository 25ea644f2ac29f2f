"""The dashboard is rendered once per data revision and kept: asked again before anything
changes it reads nothing of the record; any change, including a summary the worker
writes, shows on the next one; and no one is served a rendering of what they may not see.

These tests commit (transactional_db): the data revision rises on commit only.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerfolio.accounts.models import User
from partnerfolio.audit import revision
from partnerfolio.partnerships import services, summaries, summary_upkeep
from partnerfolio.partnerships.models import Partnership
from partnerfolio.partnerships.views import playbook, today
from tests.partnerships.conftest import example
from tests.web.test_summary_pages import PILOT, marked

pytestmark = pytest.mark.django_db(transaction=True)
SUMMARIES = '"partnerships_assessmentsummary"'


@pytest.fixture(autouse=True)
def _nothing_kept():
    cache.clear()
    yield
    cache.clear()


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ada(ana) -> User:
    """Ada, an administrator (Ana, of tests/web/conftest.py, is a manager)."""
    return User.objects.create_user(
        username="ada", password="a long enough passphrase", role="admin"
    )


def dashboard(client: Client, query: str = "") -> tuple[str, list[str]]:
    """The dashboard's page, and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/" + query)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def content(page: str) -> str:
    """The page's own content (the layout around it carries a token new each time)."""
    return page[page.index("<h1") : page.index("</main>")]


def reads_summaries(sql: list[str]) -> bool:
    return any(SUMMARIES in statement for statement in sql)


def test_a_dashboard_asked_again_reads_nothing_of_the_record(ada, examples):
    client = signed_in(ada)
    first, sql = dashboard(client)
    assert reads_summaries(sql)
    again, sql = dashboard(client)
    assert content(again) == content(first)
    assert not reads_summaries(sql)
    assert not any("partnerships_partnership" in s and "COUNT" not in s.upper() for s in sql)


def test_a_change_shows_on_the_next_dashboard(ada, ana, examples):
    client = signed_in(ada)
    before, _ = dashboard(client)
    assert "<strong>5</strong> partnerships" in before
    document = example("cloud-cosell-alliance.json")
    document["name"] = "A sixth partnership, just recorded"
    services.partnership_import(actor=ana, document=document)
    after, sql = dashboard(client)
    assert reads_summaries(sql)
    assert "<strong>6</strong> partnerships" in after


def test_a_summary_the_worker_writes_ends_the_updating_mark(ada, examples):
    """A change whose re-assessment failed is shown updating, kept so; the worker's run
    then writes its summary, and the next dashboard shows it current."""
    summary_upkeep.worker_seen()
    pk = examples[PILOT]
    Partnership.objects.filter(pk=pk).update(revision=F("revision") + 1)
    revision.raise_on_commit()  # the change's own raise; its re-assessment did not happen
    client = signed_in(ada)
    page, _ = dashboard(client)
    assert marked(page, pk)
    page, sql = dashboard(client)
    assert marked(page, pk)
    assert not reads_summaries(sql)
    at = revision.current()
    summaries.refresh([pk], today(), playbook())
    assert revision.current() == at + 1
    page, _ = dashboard(client)
    assert not marked(page, pk)
    assert "updating" not in page


def test_no_one_is_served_a_dashboard_of_what_they_may_not_see(ada, ana, examples):
    secret = Partnership.objects.get(pk=examples[PILOT])
    services.partnership_team_update(
        actor=ada,
        partnership=secret,
        expected_version=secret.version,
        members={ada.pk: True},
        confidential=True,
    )
    everything, _ = dashboard(signed_in(ada))  # kept for every administrator
    assert "<strong>5</strong> partnerships" in everything
    assert PILOT in everything
    theirs, sql = dashboard(signed_in(ana))
    assert reads_summaries(sql)  # their own rendering, not the administrators'
    assert "<strong>4</strong> partnerships" in theirs
    assert PILOT not in theirs


def test_my_partnerships_are_mine_alone(ada, ana, examples):
    pilot = Partnership.objects.get(pk=examples[PILOT])
    services.partnership_team_update(
        actor=ada,
        partnership=pilot,
        expected_version=pilot.version,
        members={ana.pk: True},
        confidential=False,
    )
    mine, _ = dashboard(signed_in(ana), "?mine=1")
    assert "<strong>1</strong> partnerships" in mine
    theirs, sql = dashboard(signed_in(ada), "?mine=1")
    assert reads_summaries(sql)
    assert "<strong>0</strong> partnerships" in theirs


def test_the_map_tables_pages_are_kept_apart(ada, examples, monkeypatch):
    from partnerfolio.web import dashboard_page

    monkeypatch.setattr(dashboard_page, "MAP_PAGE", 2)
    client = signed_in(ada)
    first, _ = dashboard(client, "?map_page=1")
    second, _ = dashboard(client, "?map_page=2")
    assert "Partnerships 1–2 of 5" in first
    assert "Partnerships 3–4 of 5" in second
    odd, _ = dashboard(client, "?map_page=" + "9" * 40)  # past the last: the last one
    assert "Partnerships 5–5 of 5" in odd
    assert content(dashboard(client, "?map_page=2")[0]) == content(second)  # kept apart


def test_a_cache_that_is_down_costs_a_rendering_not_the_page(ada, examples, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("the cache server is gone")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    page, sql = dashboard(signed_in(ada))
    assert "<strong>5</strong> partnerships" in page
    assert reads_summaries(sql)
