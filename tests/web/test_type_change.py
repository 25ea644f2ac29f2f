"""The declared type changed in the pages with a reason (reclassify, demote, mark hybrid),
recorded as a `type_changed` event; promotion revisits the dimensions and asks for every
element strategic governance expects."""

from __future__ import annotations

import re
from datetime import date

import pytest

from partnerfolio.audit.models import AuditRecord
from partnerfolio.domain import assess
from partnerfolio.partnerships import selectors, transitions
from partnerfolio.partnerships.errors import InvalidChange, StaleEdit
from partnerfolio.partnerships.models import Event, Partnership
from partnerfolio.partnerships.views import playbook, today
from tests.people import signed_in as client_for
from tests.web.test_records import three_partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> dict[str, int]:
    return three_partnerships()


def _assessed(pk: int):
    snapshot = selectors.partnership_snapshot(Partnership.objects.get(pk=pk))
    return assess(snapshot, today(), playbook())


def test_a_manager_marks_a_tactical_partnership_hybrid_then_demotes_a_strategic_one(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    mia = client_for("mia")
    url = f"/partnerships/{atlas.pk}/type/"
    page = mia.get(url).content.decode()
    options = re.findall(r'<option value="(\w*)"[^>]*>([^<]*)</option>', page)
    assert ("hybrid", "Hybrid (a test of fit)") in options
    assert "tactical" not in [v for v, _ in options]  # what it is already
    assert "strategic" not in [v for v, _ in options]  # promotion has its own form
    assert f'href="/partnerships/{atlas.pk}/promote/"' in page
    refused = mia.post(url, {"to": "hybrid", "on": "2026-11-30", "version": atlas.version})
    assert refused.status_code == 400
    assert 'id="id_reason-error"' in refused.content.decode()
    answer = mia.post(
        url,
        {"to": "hybrid", "on": "2026-11-30", "reason": "a test of fit first",
         "version": atlas.version},
    )  # fmt: skip
    assert answer.status_code == 302
    atlas.refresh_from_db()
    assert atlas.type == "hybrid"
    event = Event.objects.get(partnership=atlas, kind="type_changed")
    assert (event.from_value, event.to_value, event.reason, event.on) == (
        "tactical", "hybrid", "a test of fit first", date(2026, 11, 30),
    )  # fmt: skip
    record = AuditRecord.objects.get(action="type_change", partnership_id=atlas.pk)
    assert (record.before, record.after["type"], record.actor_name) == (
        {"type": "tactical"}, "hybrid", "mia",
    )  # fmt: skip
    shown = mia.get(f"/partnerships/{atlas.pk}/").content.decode()
    assert "is now hybrid" in shown
    # a stale copy is refused, and changes nothing
    stale = mia.post(url, {"to": "tactical", "on": "2026-12-01", "reason": "back",
                           "version": atlas.version - 1})  # fmt: skip
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    atlas.refresh_from_db()
    assert atlas.type == "hybrid"


def test_the_service_refuses_what_is_not_a_change_of_type(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    change = {"actor": "test", "partnership": atlas, "on": date(2026, 11, 30), "reason": "why"}
    with pytest.raises(InvalidChange, match="already tactical"):
        transitions.type_change(expected_version=atlas.version, to="tactical", **change)
    with pytest.raises(InvalidChange, match="promotion"):
        transitions.type_change(expected_version=atlas.version, to="strategic", **change)
    with pytest.raises(InvalidChange, match="must be one of"):
        transitions.type_change(expected_version=atlas.version, to="grand", **change)
    with pytest.raises(StaleEdit):
        transitions.type_change(expected_version=atlas.version + 5, to="hybrid", **change)
    assert not Event.objects.filter(partnership=atlas).exists()
    # demotion from strategic is a type change
    Partnership.objects.filter(pk=atlas.pk).update(type="strategic")
    atlas.refresh_from_db()
    transitions.type_change(expected_version=atlas.version, to="tactical", **change)
    atlas.refresh_from_db()
    assert atlas.type == "tactical"


def test_who_may_change_the_type(world):
    atlas, cobalt = world["Atlas"], world["Cobalt"]
    version = Partnership.objects.get(pk=atlas).version
    body = {"to": "hybrid", "on": "2026-11-30", "reason": "fit", "version": version}
    assert client_for("vic").get(f"/partnerships/{atlas}/type/").status_code == 403
    assert client_for("vic").post(f"/partnerships/{atlas}/type/", body).status_code == 403
    assert client_for("mia").get(f"/partnerships/{cobalt}/type/").status_code == 404
    assert client_for("mia").post(f"/partnerships/{cobalt}/type/", body).status_code == 404
    assert (
        f'href="/partnerships/{atlas}/type/"'
        not in client_for("vic").get(f"/partnerships/{atlas}/").content.decode()
    )
    assert Partnership.objects.get(pk=atlas).type == "tactical"


def test_a_just_promoted_partnership_reads_strategic_and_fully_governed(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    Partnership.objects.filter(pk=atlas.pk).update(
        type="hybrid", time_horizon=2, objective_alignment=2, relationship_depth=2
    )
    atlas.refresh_from_db()
    mia = client_for("mia")
    url = f"/partnerships/{atlas.pk}/promote/"
    page = mia.get(url).content.decode()
    assert 'name="relationship_manager"' in page
    assert 'name="joint_plan"' in page
    assert re.search(r'name="profile_time_horizon"[^>]*>.*?<option value="2" selected', page, re.S)
    form = {
        "on": "2026-11-30", "reason": "the pilot proved the fit", "version": atlas.version,
        "executive_sponsor": "Dana Chen", "partner_executive_sponsor": "Kim Varga",
        "relationship_manager": "Ravi Alliance", "steering_committee": "on",
        "joint_plan": "on", "success_metrics_defined": "on", "review_cadence_days": "90",
        "escalation_path": "Alliance managers\nSponsors",
        "override_reason": "readiness is judged by the steering committee",
        **{f"profile_{d}": "5" for d in (
            "time_horizon", "objective_alignment", "resource_commitment", "risk_reward",
            "relationship_depth", "governance", "exit_difficulty", "innovation_potential")},
    }  # fmt: skip
    answer = mia.post(url, form)
    assert answer.status_code == 302, answer.content.decode()
    atlas.refresh_from_db()
    assert (atlas.type, atlas.time_horizon, atlas.relationship_manager) == (
        "strategic", 5, "Ravi Alliance",
    )  # fmt: skip
    result = _assessed(atlas.pk)
    assert result.classification.type.value == "strategic"
    assert result.governance_fit.missing == ()


def test_a_blank_promotion_field_keeps_what_was_recorded(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    Partnership.objects.filter(pk=atlas.pk).update(time_horizon=4, relationship_manager="Ravi")
    atlas.refresh_from_db()
    answer = client_for("mia").post(
        f"/partnerships/{atlas.pk}/promote/",
        {"on": "2026-11-30", "reason": "fit", "version": atlas.version,
         "override_reason": "board decision", "profile_time_horizon": ""},
    )  # fmt: skip
    assert answer.status_code == 302
    atlas.refresh_from_db()
    assert (atlas.type, atlas.time_horizon, atlas.relationship_manager) == ("strategic", 4, "Ravi")


def test_only_a_manager_overrides_the_promotion_guards(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    body = {"on": "2026-11-30", "reason": "fit", "version": atlas.version,
            "override_reason": "I say so"}  # fmt: skip
    refused = client_for("cole").post(f"/partnerships/{atlas.pk}/promote/", body)
    assert refused.status_code == 403
    assert "only a manager or an administrator may override a guard" in refused.content.decode()
    guarded = client_for("cole").post(
        f"/partnerships/{atlas.pk}/promote/", {**body, "override_reason": ""}
    )
    assert guarded.status_code == 409  # the guards, explained
    assert Partnership.objects.get(pk=atlas.pk).type == "tactical"
