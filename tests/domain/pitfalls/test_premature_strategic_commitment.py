from __future__ import annotations

import pytest

from partnerfolio.domain.enums import (
    DueDiligenceArea,
    DueDiligenceStatus,
    PitfallCode,
    Severity,
    Stage,
)
from partnerfolio.domain.messages import pitfall_evidence
from tests.domain.pitfalls.helpers import pitfalls, rules_fired
from tests.factories import strategic, tactical

CODE = PitfallCode.PREMATURE_STRATEGIC_COMMITMENT
A, S = DueDiligenceArea, DueDiligenceStatus


def diligence(culture=S.DONE, capabilities=S.DONE, incentives=S.DONE):
    return ((A.CULTURE, culture), (A.CAPABILITIES, capabilities), (A.INCENTIVES, incentives))


@pytest.mark.parametrize("stage", [Stage.NEGOTIATION, Stage.ACTIVE, Stage.UNDER_REVIEW])
def test_it_flags_a_strategic_commitment_made_before_due_diligence_is_done(stage):
    snapshot = strategic(stage=stage, due_diligence=diligence(culture=S.PENDING))
    found = pitfalls(snapshot)[CODE]
    assert found.severity is Severity.HIGH
    assert found.triggers[0].facts["open"] == ("culture",)
    assert "culture: pending" in pitfall_evidence(found)


def test_failed_or_unrecorded_diligence_is_not_done():
    snapshot = strategic(due_diligence=((A.CULTURE, S.DONE), (A.CAPABILITIES, S.FAILED)))
    facts = pitfalls(snapshot)[CODE].triggers[0].facts
    assert facts["open"] == ("capabilities", "incentives")
    assert facts["incentives"] is None


@pytest.mark.parametrize("stage", [Stage.PROPOSED, Stage.DUE_DILIGENCE, Stage.WINDING_DOWN])
def test_it_stays_quiet_before_negotiation_and_when_winding_down(stage):
    assert rules_fired(strategic(stage=stage, due_diligence=()), CODE) == []


def test_it_stays_quiet_when_diligence_is_done_or_the_partnership_is_tactical():
    assert rules_fired(strategic(due_diligence=diligence()), CODE) == []
    assert rules_fired(tactical(due_diligence=()), CODE) == []
