from __future__ import annotations

from partnerfolio.domain.enums import EventKind, PartnershipType, PitfallCode, Severity
from partnerfolio.domain.snapshot import Event
from tests.domain.pitfalls.helpers import pitfalls, rules_fired
from tests.factories import days_ago, promoted, strategic, with_governance

CODE = PitfallCode.NEGLECTED_TRANSITION


def unformalized(**changes):
    return with_governance(
        strategic(**changes),
        steering_committee=False,
        escalation_path=(),
        success_metrics_defined=False,
    )


def test_it_flags_a_promotion_left_unformalized_past_the_grace_period():
    snapshot = unformalized(events=(promoted(days_ago(91)),))
    found = pitfalls(snapshot)[CODE]
    assert found.severity is Severity.HIGH
    assert found.triggers[0].facts["missing"] == (
        "steering_committee",
        "success_metrics",
        "escalation_path",
    )
    assert found.triggers[0].facts["days"] == 91


def test_the_grace_period_is_ninety_days():
    assert rules_fired(unformalized(events=(promoted(days_ago(90)),)), CODE) == []


def test_a_formalized_promotion_is_fine():
    assert rules_fired(strategic(events=(promoted(days_ago(400)),)), CODE) == []


def test_only_the_latest_type_change_counts():
    demoted = Event(days_ago(30), EventKind.TYPE_CHANGED, "strategic", "tactical")
    snapshot = unformalized(events=(promoted(days_ago(200)), demoted))
    assert rules_fired(snapshot, CODE) == []


def test_partnerships_never_promoted_are_not_watched():
    assert rules_fired(unformalized(events=()), CODE) == []
    still_hybrid = unformalized(type=PartnershipType.HYBRID, events=(promoted(days_ago(200)),))
    assert rules_fired(still_hybrid, CODE) == []
