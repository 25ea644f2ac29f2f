from __future__ import annotations

from datetime import date

from partnerfolio.domain import assess, default_playbook
from partnerfolio.domain.enums import PitfallCode
from partnerfolio.domain.findings import Pitfall
from partnerfolio.domain.snapshot import PartnershipSnapshot
from tests.factories import AS_OF

PLAYBOOK = default_playbook()


def pitfalls(snapshot: PartnershipSnapshot, as_of: date = AS_OF) -> dict[PitfallCode, Pitfall]:
    return {p.code: p for p in assess(snapshot, as_of, PLAYBOOK).pitfalls}


def rules_fired(snapshot: PartnershipSnapshot, code: PitfallCode, as_of: date = AS_OF) -> list[str]:
    """The triggers of one pitfall, or [] when it does not fire."""
    found = pitfalls(snapshot, as_of).get(code)
    return [] if found is None else [t.rule for t in found.triggers]
