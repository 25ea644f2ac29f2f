"""The dashboard at scale: bounded lists, counts from the database, a map that aggregates.

A head of alliances reads the same page whether the portfolio holds twenty-five
partnerships or a few hundred: the needs-attention list and the map's table keep their
page size and link to the rest, every count equals what a direct count over the
assessment summaries gives, and the page reads in the same number of queries.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerfolio.accounts.models import User
from partnerfolio.charts.portfolio import _band
from partnerfolio.interchange import validate_document
from partnerfolio.partnerships import services, summaries
from partnerfolio.partnerships.models import AssessmentSummary, Partnership
from partnerfolio.partnerships.views import playbook, today
from partnerfolio.web import dashboard_page, dashboard_selectors
from tests.partnerships.conftest import EXAMPLES, example
from tests.people import PASSWORD

pytestmark = pytest.mark.django_db


def grow(first: int, count: int) -> None:
    """Partnerships number `first` to `first + count - 1`: copies of the five examples under
    their own names and partners, imported in one batch."""
    documents = []
    for n in range(first, first + count):
        document = example(EXAMPLES[n % len(EXAMPLES)].name)
        document["name"] = f"{document['name']} #{n}"
        for partner in document.get("partners") or ():
            partner["name"] = f"{partner['name']} #{n}"
        documents.append(dict(validate_document(json.dumps(document))))
    services.partnerships_import(actor="test", documents=documents)
    # as the worker would after a large import (these tests' transaction never commits)
    summaries.portfolio_summaries(today(), playbook())


def client_for(username: str) -> Client:
    """Ada the administrator, or Vic the viewer, signed in."""
    user = User.objects.filter(username=username).first()
    if user is None and username == "ada":
        user = User.objects.create_superuser(username="ada", password=PASSWORD, email="")
    elif user is None:
        user = User.objects.create_user(username=username, password=PASSWORD, role="viewer")
    client = Client()
    client.force_login(user)
    return client


def section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def attention_names(page: str) -> list[str]:
    return re.findall(
        r'<li class="sev-\w+">.*?<a href="/partnerships/\d+/">([^<]+)</a>', page, re.S
    )


def map_rows(page: str) -> list[str]:
    table = page[page.index('id="map-table"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<tr><td><a href="/partnerships/\d+/">([^<]+)</a>', table)


def see_all(page: str) -> tuple[int, str]:
    found = re.search(r'<a href="([^"]+)">See all (\d+) partnerships with pitfalls', page)
    assert found, "no link to the whole needs-attention list"
    return int(found.group(2)), found.group(1).replace("&amp;", "&")


def listed(client, url: str) -> list[str]:
    """Every partnership the list shows for `url`, page after page."""
    names, number = [], 1
    while True:
        response = client.get(f"{url}&page={number}")  # (data would replace url's query)
        page = response.context["page"]
        names += [p.name for p in page.object_list]
        if not page.has_next():
            return names
        number += 1


def test_the_dashboard_keeps_its_size_and_queries_as_the_portfolio_grows(db):
    client = client_for("ada")
    grow(0, 25)
    client.get("/")  # the summaries made once
    with CaptureQueriesContext(connection) as small_queries:
        small = client.get("/").content.decode()
    grow(25, 300)
    client.get("/")
    with CaptureQueriesContext(connection) as large_queries:
        large = client.get("/").content.decode()

    assert len(large_queries.captured_queries) == len(small_queries.captured_queries)
    flagged = set(
        AssessmentSummary.objects.filter(pitfall_count__gt=0).values_list(
            "partnership__name", flat=True
        )
    )
    assert len(flagged) > dashboard_page.ATTENTION  # the list is cut, not merely short
    shown = attention_names(section(large, "attention-h"))
    assert len(shown) == dashboard_page.ATTENTION
    assert len(map_rows(large)) == dashboard_page.MAP_PAGE
    count, url = see_all(large)
    assert count == len(flagged)
    everything = listed(client, url)
    assert sorted(everything) == sorted(flagged)
    assert everything[: dashboard_page.ATTENTION] == [n.replace("&amp;", "&") for n in shown]
    # thirteen times the partnerships, the same page but for the map's cells and the names
    assert len(large) < 1.5 * len(small)
    assert "counted in cells" not in small
    assert "counted in cells" in large


def test_the_needs_attention_list_puts_the_most_severe_then_the_least_healthy_first(db):
    grow(0, 40)
    page = client_for("ada").get("/").content.decode()
    shown = [n.replace("&amp;", "&") for n in attention_names(section(page, "attention-h"))]
    summaries = {
        s.partnership.name: s for s in AssessmentSummary.objects.select_related("partnership")
    }
    expected = sorted(
        (s for s in summaries.values() if s.pitfall_count),
        key=lambda s: (
            s.worst_severity,
            s.health is None,
            s.health or 0,
            s.partnership.name,
        ),
    )
    assert shown == [s.partnership.name for s in expected[: dashboard_page.ATTENTION]]


def test_counts_and_bands_equal_a_direct_count_over_the_summaries(db):
    grow(0, 30)
    Partnership.objects.filter(name__endswith="#3").update(type="")  # one without a type
    response = client_for("ada").get("/")
    as_of = today()
    rows = list(AssessmentSummary.objects.select_related("partnership"))
    figures = dashboard_selectors.portfolio_figures(Partnership.objects.all(), as_of)

    assert figures.total == len(rows) == 30
    assert figures.with_pitfalls == sum(1 for r in rows if r.pitfall_count)
    bands = dict.fromkeys(figures.health_bands, 0)
    for r in rows:
        bands[_band(r.health)] += 1
    assert figures.health_bands == bands
    pipeline = [r for r in rows if r.partnership.type in ("tactical", "hybrid")]
    assert figures.pipeline_total == len(pipeline)
    assert figures.ready == sum(1 for r in pipeline if r.readiness == "ready")
    reviews = [r for r in rows if r.next_review_on and (r.next_review_on - as_of).days <= 30]
    renewals = [r for r in rows if r.renewal_on and (r.renewal_on - as_of).days <= 90]
    assert figures.due_total == len(reviews) + len(renewals)
    assert figures.overdue == sum(1 for r in reviews if r.next_review_on < as_of)
    for by in ("type", "category", "stage"):
        direct: dict[str, int] = {}
        for r in rows:
            key = getattr(r.partnership, by)
            direct[key] = direct.get(key, 0) + 1
        assert figures.composition[by] == direct, by
    assert "" in figures.composition["type"]

    # the page shows those figures: the KPIs and the health chart's table
    page = response.content.decode()
    assert f"<strong>{figures.with_pitfalls}</strong> with pitfalls" in page
    assert f"<strong>{figures.due_total}</strong> reviews and renewals" in page
    health = response.context["health_chart"]
    assert {band: int(n) for band, n, _share in health.table} == bands


def test_the_maps_table_pages_through_every_partnership(db, monkeypatch):
    monkeypatch.setattr(dashboard_page, "MAP_PAGE", 4)
    grow(0, 10)
    client = client_for("ada")
    seen, url = [], "/"
    for _ in range(10):
        response = client.get(url)
        page = response.content.decode()
        rows = map_rows(page)
        assert len(rows) <= 4
        seen += rows
        following = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', page)
        if following is None:
            break
        url = "/" + following.group(1).replace("&amp;", "&")
    assert len(seen) == 10
    assert sorted(seen) == sorted(
        n.replace("&", "&amp;") for n in Partnership.objects.values_list("name", flat=True)
    )
    assert "Partnerships 9–10 of 10" in page
    # a page past the end, or no number, is the nearest page there is
    assert map_rows(client.get("/", {"map_page": "99"}).content.decode()) == seen[-2:]
    assert map_rows(client.get("/", {"map_page": "two"}).content.decode()) == seen[:4]


def test_the_map_counts_cells_beyond_its_threshold(db, monkeypatch):
    grow(0, 10)
    client = client_for("ada")
    monkeypatch.setattr(dashboard_page, "MAP_POINTS", 10)
    drawn = client.get("/").context["map_chart"]
    monkeypatch.setattr(dashboard_page, "MAP_POINTS", 9)
    counted = client.get("/").context["map_chart"]

    placed = AssessmentSummary.objects.filter(
        classification_score__isnull=False, health__isnull=False
    ).count()
    assert placed
    assert len(drawn.spec["data"]["values"]) == placed  # one mark each
    assert "counted in cells" in counted.summary
    cells = counted.spec["layer"][0]["data"]["values"]
    assert sum(c["count"] for c in cells) == placed
    assert len(cells) <= placed
    assert not any("Stratus" in c["tip"] for c in cells)  # no partnership drawn by name
    for cell in cells:
        assert 1 <= cell["score"] < cell["score2"] <= 5
        assert 0 <= cell["health"] < cell["health2"] <= 100


def test_a_viewer_never_sees_a_confidential_partnership_counted_or_listed(db, monkeypatch):
    monkeypatch.setattr(dashboard_page, "MAP_POINTS", 5)  # the counted map, too
    monkeypatch.setattr(dashboard_page, "MAP_PAGE", 50)
    grow(0, 20)
    hidden = Partnership.objects.filter(name__regex=r"#1\d$")  # ten of them
    hidden_names = set(hidden.values_list("name", flat=True))
    hidden.update(confidential=True)
    viewer = client_for("vic")
    response = viewer.get("/")
    page = response.content.decode()
    visible = AssessmentSummary.objects.filter(partnership__confidential=False)

    assert "<strong>10</strong> partnerships" in page
    for name in hidden_names:
        assert name.replace("&", "&amp;") not in page
    assert response.context["attention_total"] == visible.filter(pitfall_count__gt=0).count()
    count, url = (
        see_all(page)
        if response.context["attention_total"] > dashboard_page.ATTENTION
        else (
            response.context["attention_total"],
            response.context["attention_url"],
        )
    )
    assert not set(listed(viewer, url)) & hidden_names
    assert len(listed(viewer, url)) == count
    cells = response.context["map_chart"].spec["layer"][0]["data"]["values"]
    placed = visible.filter(classification_score__isnull=False, health__isnull=False).count()
    assert sum(c["count"] for c in cells) == placed
    assert len(map_rows(page)) == 10
    # the administrator sees them all
    assert "<strong>20</strong> partnerships" in client_for("ada").get("/").content.decode()
