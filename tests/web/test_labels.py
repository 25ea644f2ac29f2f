"""Words, not codes: what the pages show a person names every enumeration by its label;
codes stay in exports and the API."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from partnerfolio.evidence import services as evidence_services
from partnerfolio.metrics import services as metric_services
from partnerfolio.partnerships import transitions
from partnerfolio.partnerships.models import Partnership
from tests.people import signed_in as client_for
from tests.web.test_records import three_partnerships

pytestmark = pytest.mark.django_db
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # on_time_completion, check_in, review_overdue


def shown_text(html: str) -> str:
    """What a person reads: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def recorded(db) -> int:
    world = three_partnerships()
    atlas = Partnership.objects.get(pk=world["Atlas"])
    ada = "ada"
    for section, item in (
        ("engagements", {"on": "2026-03-01", "kind": "check_in"}),
        ("reviews", {"on": "2026-03-02", "decision": "wind_down"}),
        ("surveys", {"on": "2026-03-03", "side": "partner", "scores": {"trust": 4}}),
        ("opportunities", {"title": "Bid", "stage": "qualified", "value": 10,
                           "attribution": "partner_sourced"}),
        ("agreements", {"kind": "joint_venture", "signed_on": "2026-01-01",
                        "ends_on": "2026-12-31"}),
        ("commitments", {"title": "Report", "due_on": "2026-02-01"}),
    ):  # fmt: skip
        evidence_services.evidence_record(actor=ada, partnership=atlas, section=section, item=item)
    metric = metric_services.metric_define(actor=ada, partnership=atlas, key="on_time_completion")
    metric_services.observation_record(actor=ada, metric=metric, on=date(2026, 3, 1), value=90)
    atlas.refresh_from_db()
    transitions.stage_change(actor=ada, partnership=atlas, expected_version=atlas.version,
                             to="winding_down", on=date(2026, 4, 1), reason="done")  # fmt: skip
    return atlas.pk


def test_no_page_shows_a_code(recorded):
    pk = recorded
    client = client_for("ada")
    urls = ["/", f"/partnerships/{pk}/", f"/partnerships/{pk}/history/", "/history/",
            f"/partnerships/{pk}/metrics/", "/partnerships/", "/notifications/",
            "/advisor/?well_defined_need=yes&time_bound=yes&outsourced_deliverable=yes",
            *(f"/partnerships/{pk}/records/{s}/" for s in (
                "agreements", "commitments", "engagements", "reviews", "surveys",
                "opportunities", "joint_outcomes"))]  # fmt: skip
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        codes = set(CODE.findall(shown_text(response.content.decode())))
        if codes:
            found[url] = sorted(codes)
    assert found == {}


def test_the_advisor_names_its_starter_metrics(recorded):
    page = client_for("mia").get(
        "/advisor/",
        {"well_defined_need": "yes", "time_bound": "yes", "outsourced_deliverable": "yes"},
    )
    text = shown_text(page.content.decode())
    starters = text[text.index("Starter metrics:") :].split(".")[0]
    assert "On time completion" in starters
    assert "on_time_completion" not in text
