"""A partnership's metrics kept in the pages: defined from the catalog by name or custom,
targets set and changed, values recorded, corrected and removed with a reason."""

from __future__ import annotations

import re
from datetime import date

import pytest

from partnerfolio.audit.models import AuditRecord
from partnerfolio.metrics import services
from partnerfolio.metrics.models import Metric, Observation
from partnerfolio.partnerships.models import Partnership
from tests.people import signed_in as client_for
from tests.web.test_records import three_partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> dict[str, int]:
    return three_partnerships()


def test_a_manager_defines_a_catalog_and_a_custom_metric_and_sets_targets(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])  # tactical
    mia = client_for("mia")
    url = f"/partnerships/{atlas.pk}/metrics/"
    page = mia.get(url).content.decode()
    tactical = page.index('<optgroup label="For tactical partnerships">')
    assert page.index("On time completion (") > tactical  # labels, the type's first
    assert "on_time_completion (" not in page
    assert mia.post(url, {"catalog": "on_time_completion", "target": "95"}).status_code == 302
    custom = {"key": "joint_webinars", "name": "Joint webinars", "category": "relationship_health",
              "direction": "higher", "leading": "yes", "unit": "events", "target": "4"}  # fmt: skip
    assert mia.post(url, custom).status_code == 302
    on_time = Metric.objects.get(partnership=atlas, key="on_time_completion")
    webinars = Metric.objects.get(partnership=atlas, key="joint_webinars")
    assert (on_time.target, webinars.target, webinars.leading) == (95, 4, True)
    listed = mia.get(url).content.decode()
    assert "Now tracking Joint webinars." in listed
    assert "On time completion" in listed
    assert "On time completion (" not in listed.split("<form", 1)[0]  # no longer offered
    # the target changes on a fresh copy, audited field by field
    edit = f"/partnerships/{atlas.pk}/metrics/{on_time.pk}/"
    assert mia.post(edit, {"target": "97.5", "version": on_time.version}).status_code == 302
    on_time.refresh_from_db()
    assert on_time.target == 97.5
    record = AuditRecord.objects.get(action="metric_update", entity_id=on_time.pk)
    assert (record.before, record.after) == (
        {"metric": "on_time_completion", "target": 95.0},
        {"metric": "on_time_completion", "target": 97.5},
    )
    stale = mia.post(edit, {"target": "80", "version": on_time.version - 1})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    # a catalog metric's key is not a custom one's: refused at the field
    refused = mia.post(url, {"key": "Not a key!"})
    assert refused.status_code == 400
    assert 'id="id_key-error"' in refused.content.decode()


def test_values_are_recorded_corrected_and_removed_with_a_reason(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    metric = services.metric_define(actor="test", partnership=atlas, key="budget_adherence")
    cole = client_for("cole")
    url = f"/partnerships/{atlas.pk}/metrics/{metric.pk}/values/"
    assert cole.post(url, {"on": "2026-10-01", "value": "0.9"}).status_code == 302
    twice = cole.post(url, {"on": "2026-10-01", "value": "0.8"})
    assert twice.status_code == 400
    assert "already has 0.9 on 2026-10-01" in twice.content.decode()
    value = Observation.objects.get(metric=metric)
    page = cole.get(f"{url}{value.pk}/").content.decode()
    expected = re.search(r'name="expected_value" value="([^"]+)"', page).group(1)
    assert float(expected) == 0.9
    corrected = cole.post(f"{url}{value.pk}/", {"expected_value": expected, "value": "0.92",
                                                "reason": "typo"})  # fmt: skip
    assert corrected.status_code == 302
    value.refresh_from_db()
    assert value.value == 0.92
    stale = cole.post(f"{url}{value.pk}/remove/", {"expected_value": expected, "reason": "x"})
    assert stale.status_code == 409
    assert "someone corrected it since you read it" in stale.content.decode()
    blank = cole.post(f"{url}{value.pk}/remove/", {"expected_value": "0.92", "reason": ""})
    assert blank.status_code == 400
    assert cole.post(f"{url}{value.pk}/remove/", {"expected_value": "0.92",
                                                  "reason": "wrong metric"}).status_code == 302  # fmt: skip
    assert not Observation.objects.filter(metric=metric).exists()
    gone = AuditRecord.objects.get(action="observation_remove")
    assert (gone.before["value"], gone.note) == (0.92, "wrong metric")


def test_a_metric_is_removed_with_a_reason_and_the_trail_keeps_it(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    metric = services.metric_define(actor="test", partnership=atlas, key="budget_adherence")
    services.observation_record(actor="test", metric=metric, on=date(2026, 9, 1), value=1.0)
    mia = client_for("mia")
    url = f"/partnerships/{atlas.pk}/metrics/{metric.pk}/remove/"
    assert "Its 1 recorded value leaves the record" in mia.get(url).content.decode()
    assert mia.post(url, {"version": metric.version, "reason": "not measured"}).status_code == 302
    assert not Metric.objects.filter(pk=metric.pk).exists()
    record = AuditRecord.objects.get(action="metric_remove")
    assert record.before["observations"] == [{"on": "2026-09-01", "value": 1.0}]


def test_who_may_see_and_change_metrics(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    metric = services.metric_define(actor="test", partnership=atlas, key="budget_adherence")
    vic = client_for("vic")
    listed = vic.get(f"/partnerships/{atlas.pk}/metrics/").content.decode()
    assert "Budget adherence" in listed
    assert '<form method="post" action="/partnerships/' not in listed
    assert "/remove/" not in listed
    for url in (f"/partnerships/{atlas.pk}/metrics/{metric.pk}/",
                f"/partnerships/{atlas.pk}/metrics/{metric.pk}/remove/"):  # fmt: skip
        assert vic.get(url).status_code == 403
    assert (
        vic.post(f"/partnerships/{atlas.pk}/metrics/", {"catalog": "joint_roi"}).status_code == 403
    )
    cobalt = world["Cobalt"]
    mia = client_for("mia")
    assert mia.get(f"/partnerships/{cobalt}/metrics/").status_code == 404
    # a metric reached through another partnership's address: 404
    assert mia.get(f"/partnerships/{world['Birch']}/metrics/{metric.pk}/values/").status_code == 404
