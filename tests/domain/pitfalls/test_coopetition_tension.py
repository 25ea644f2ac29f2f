from __future__ import annotations

from partnerfolio.domain.enums import AgreementKind, Category, PitfallCode
from partnerfolio.domain.snapshot import Agreement, Partner
from tests.domain.pitfalls.helpers import pitfalls, rules_fired
from tests.factories import strategic

CODE = PitfallCode.COOPETITION_TENSION


def test_it_flags_a_partner_that_competes_with_us():
    rival = Partner("Stratus Cloud", competes_with_us=True, competes_in=("observability", "APM"))
    snapshot = strategic(partners=(Partner("Globex", competes_with_us=False), rival))
    facts = pitfalls(snapshot)[CODE].triggers[0].facts
    assert facts["partners"] == ("Stratus Cloud",)
    assert facts["markets"] == ("APM", "observability")


def test_a_technological_partnership_needs_ip_protection():
    bare = strategic(
        category=Category.TECHNOLOGICAL, agreements=(Agreement(AgreementKind.CONTRACT),)
    )
    assert rules_fired(bare, CODE) == ["ip_unprotected"]
    licensed = strategic(
        category=Category.TECHNOLOGICAL, agreements=(Agreement(AgreementKind.LICENCE),)
    )
    assert rules_fired(licensed, CODE) == []
    ip_clause = strategic(
        category=Category.TECHNOLOGICAL,
        agreements=(Agreement(AgreementKind.CONTRACT, covers_ip=True),),
    )
    assert rules_fired(ip_clause, CODE) == []


def test_commercial_partners_that_do_not_compete_are_fine():
    assert rules_fired(strategic(partners=(Partner("Globex"),)), CODE) == []
