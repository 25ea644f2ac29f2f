from __future__ import annotations

from partnerfolio.domain.enums import (
    Direction,
    MetricCategory,
    PartnershipType,
    PitfallCode,
    Severity,
)
from partnerfolio.domain.snapshot import Metric
from tests.domain.pitfalls.helpers import pitfalls, rules_fired
from tests.factories import strategic

CODE = PitfallCode.LAGGING_ONLY_MEASUREMENT


def test_it_flags_a_strategic_partnership_measured_by_lagging_metrics_only():
    snapshot = strategic(metrics=(Metric("revenue_growth"), Metric("joint_roi")))
    found = pitfalls(snapshot)[CODE]
    assert found.severity is Severity.LOW
    assert found.triggers[0].facts["metrics"] == ("joint_roi", "revenue_growth")


def test_one_leading_indicator_is_enough():
    assert (
        rules_fired(strategic(metrics=(Metric("revenue_growth"), Metric("joint_pipeline"))), CODE)
        == []
    )
    custom = Metric(
        "partner_nps",
        category=MetricCategory.RELATIONSHIP_HEALTH,
        direction=Direction.HIGHER,
        leading=True,
    )
    assert rules_fired(strategic(metrics=(Metric("revenue_growth"), custom)), CODE) == []


def test_no_metrics_or_a_tactical_partnership_is_not_flagged():
    assert rules_fired(strategic(metrics=()), CODE) == []
    assert (
        rules_fired(
            strategic(type=PartnershipType.TACTICAL, metrics=(Metric("project_margin"),)), CODE
        )
        == []
    )
