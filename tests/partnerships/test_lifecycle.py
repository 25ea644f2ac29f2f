"""Stage moves, their guards, overrides, promotion and exits."""

from __future__ import annotations

from datetime import date

import pytest

from partnerfolio.audit.models import AuditRecord
from partnerfolio.domain.enums import Stage
from partnerfolio.domain.lifecycle import GuardsNotMet, IllegalMove, LifecycleError
from partnerfolio.partnerships import services, transitions
from partnerfolio.partnerships.models import Event

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 30)


def strategic_in_negotiation(actor, **governance):
    return services.partnership_import(
        actor=actor,
        document={
            "name": "Alliance",
            "type": "strategic",
            "stage": "negotiation",
            "governance": governance,
        },
    )


def test_a_strategic_partnership_cannot_go_live_without_its_governance(ana):
    p = strategic_in_negotiation(ana, executive_sponsor="Dana")
    with pytest.raises(GuardsNotMet) as caught:
        transitions.stage_change(
            actor=ana, partnership=p, expected_version=1, to=Stage.ACTIVE, on=ON, reason="signed"
        )
    assert caught.value.problems[0].missing == (
        "steering_committee",
        "success_metrics",
        "escalation_path",
    )
    p.refresh_from_db()
    assert p.stage == "negotiation"
    assert not Event.objects.exists()


def test_with_its_governance_it_goes_live_and_the_event_is_recorded(ana):
    p = strategic_in_negotiation(
        ana,
        executive_sponsor="Dana",
        steering_committee=True,
        success_metrics_defined=True,
        escalation_path=["PMs"],
    )
    p = transitions.stage_change(
        actor=ana, partnership=p, expected_version=1, to=Stage.ACTIVE, on=ON, reason="signed"
    )
    assert p.stage == "active"
    event = Event.objects.get()
    assert (event.from_value, event.to_value, event.by, event.author) == (
        "negotiation",
        "active",
        "ana",
        ana,
    )


def test_a_manager_may_override_a_guard_with_a_written_reason(ana):
    p = strategic_in_negotiation(ana)
    p = transitions.stage_change(
        actor=ana,
        partnership=p,
        expected_version=1,
        to=Stage.ACTIVE,
        on=ON,
        reason="signed",
        override_reason="board approved; governance by end of quarter",
    )
    assert p.stage == "active"
    assert "Guard overridden: board approved" in Event.objects.get().reason
    assert "guards overridden" in AuditRecord.objects.get(action="stage_change").note


def test_illegal_moves_are_refused_whatever_the_override(ana):
    p = strategic_in_negotiation(ana)
    with pytest.raises(
        IllegalMove, match="cannot move from negotiation to under_review; allowed: active, ended"
    ):
        transitions.stage_change(
            actor=ana,
            partnership=p,
            expected_version=1,
            to=Stage.UNDER_REVIEW,
            on=ON,
            reason="x",
            override_reason="y",
        )


def test_ending_a_strategic_partnership_asks_for_an_exit_plan(ana):
    p = strategic_in_negotiation(ana)
    with pytest.raises(GuardsNotMet, match="exit plan"):
        transitions.stage_change(
            actor=ana,
            partnership=p,
            expected_version=1,
            to=Stage.ENDED,
            on=ON,
            reason="walked away",
        )
    p = transitions.stage_change(
        actor=ana,
        partnership=p,
        expected_version=1,
        to=Stage.ENDED,
        on=ON,
        reason="walked away",
        exit_plan="return shared data; notify joint customers",
    )
    assert p.stage == "ended"
    assert "Exit plan: return shared data" in Event.objects.get().reason


def test_a_stage_change_needs_a_reason_and_a_fresh_copy(ana):
    p = strategic_in_negotiation(ana)
    with pytest.raises(services.InvalidChange, match="reason"):
        transitions.stage_change(
            actor=ana,
            partnership=p,
            expected_version=1,
            to=Stage.ENDED,
            on=ON,
            reason=" ",
            exit_plan="x",
        )
    with pytest.raises(services.StaleEdit):
        transitions.stage_change(
            actor=ana,
            partnership=p,
            expected_version=7,
            to=Stage.ENDED,
            on=ON,
            reason="x",
            exit_plan="x",
        )


def pilot(actor):
    return services.partnership_import(
        actor=actor,
        document={
            "name": "Pilot",
            "type": "hybrid",
            "stage": "active",
            "governance": {"owner": "Sam"},
        },
    )


def test_promotion_asks_for_the_formalization_and_records_the_type_change(ana):
    p = pilot(ana)
    with pytest.raises(GuardsNotMet) as caught:
        transitions.partnership_promote(
            actor=ana, partnership=p, expected_version=1, on=ON, reason="ready", formalization={}
        )
    assert caught.value.problems[0].missing == (
        "executive_sponsor",
        "steering_committee",
        "success_metrics",
        "escalation_path",
    )
    p, readiness = transitions.partnership_promote(
        actor=ana,
        partnership=p,
        expected_version=1,
        on=ON,
        reason="ready",
        formalization={
            "executive_sponsor": "Dana",
            "partner_executive_sponsor": "Kim",
            "steering_committee": True,
            "success_metrics_defined": True,
            "escalation_path": ["Alliance managers", "Sponsors"],
        },
    )
    assert p.type == "strategic"
    assert p.steering_committee is True
    assert readiness.verdict.value == "not_ready"  # shown to the person promoting
    event = Event.objects.get()
    assert (event.kind, event.from_value, event.to_value) == ("type_changed", "hybrid", "strategic")
    record = AuditRecord.objects.get(action="partnership_promote")
    assert record.before["type"] == "hybrid"
    assert record.after["readiness"] == "not_ready"


def test_only_tactical_or_hybrid_partnerships_can_be_promoted(ana):
    p = strategic_in_negotiation(ana)
    with pytest.raises(
        LifecycleError, match="only a tactical or hybrid partnership can be promoted"
    ):
        transitions.partnership_promote(
            actor=ana, partnership=p, expected_version=1, on=ON, reason="x", formalization={}
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reason": "x" * 6000}, "must fit in 5000 characters"),
        ({"on": "yesterday"}, "on: must be a date"),
        ({"to": "live"}, "to: must be one of proposed"),
    ],
)
def test_a_stage_change_with_bad_words_or_dates_is_refused(ana, change, message):
    p = strategic_in_negotiation(ana)
    arguments = {"to": Stage.ENDED, "on": ON, "reason": "walked away", "exit_plan": "x", **change}
    with pytest.raises(services.InvalidChange, match=message):
        transitions.stage_change(actor=ana, partnership=p, expected_version=1, **arguments)
    p.refresh_from_db()
    assert p.stage == "negotiation"
