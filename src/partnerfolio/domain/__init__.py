"""The framework: pure, standard-library-only rules over frozen partnership snapshots."""

from partnerfolio.domain.assessment import Assessment, assess
from partnerfolio.domain.playbook import Playbook, PlaybookError, default_playbook, load_playbook
from partnerfolio.domain.snapshot import PartnershipSnapshot

__all__ = [
    "Assessment",
    "PartnershipSnapshot",
    "Playbook",
    "PlaybookError",
    "assess",
    "default_playbook",
    "load_playbook",
]
