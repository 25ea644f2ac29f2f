from __future__ import annotations

import pytest

from partnerfolio.domain.enums import AgreementKind, PitfallCode
from partnerfolio.domain.messages import pitfall_evidence
from partnerfolio.domain.snapshot import Agreement, Review
from tests.domain.pitfalls.helpers import pitfalls, rules_fired
from tests.factories import days_ago, days_ahead, strategic

CODE = PitfallCode.AGREEMENT_EXPIRING


def ending_in(days: int, **fields):
    return Agreement(
        AgreementKind.CONTRACT, signed_on=days_ago(700), ends_on=days_ahead(days), **fields
    )


@pytest.mark.parametrize(
    ("days", "fires"), [(-1, False), (0, True), (30, True), (60, True), (61, False)]
)
def test_it_flags_agreements_ending_within_sixty_days(days, fires):
    snapshot = strategic(agreements=(ending_in(days),), reviews=(Review(days_ago(100)),))
    assert (CODE in pitfalls(snapshot)) is fires


def test_a_review_in_the_sixty_days_before_the_end_prepares_it():
    # ends in 30 days: a review from 30 days ago on counts
    assert (
        rules_fired(strategic(agreements=(ending_in(30),), reviews=(Review(days_ago(30)),)), CODE)
        == []
    )
    assert rules_fired(
        strategic(agreements=(ending_in(30),), reviews=(Review(days_ago(31)),)), CODE
    ) == ["expiring"]


def test_each_expiring_agreement_is_named_soonest_first():
    snapshot = strategic(
        agreements=(
            ending_in(50, title="Reseller addendum"),
            ending_in(10, title="Master agreement"),
        ),
        reviews=(),
    )
    found = pitfalls(snapshot)[CODE]
    assert [t.facts["agreement"] for t in found.triggers] == [
        "Master agreement",
        "Reseller addendum",
    ]
    assert "Master agreement ends on" in pitfall_evidence(found)
