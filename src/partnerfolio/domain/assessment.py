"""The whole judgement on one partnership at one date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partnerfolio.domain.advisor import Recommendation, recommend
from partnerfolio.domain.classification import Classification, classify
from partnerfolio.domain.enums import ClassifiedType, PartnershipType
from partnerfolio.domain.findings import Pitfall
from partnerfolio.domain.governance import GovernanceFit, governance_fit, review_cadence_days
from partnerfolio.domain.pitfalls import Context, pitfalls
from partnerfolio.domain.playbook import Playbook
from partnerfolio.domain.readiness import Readiness, readiness
from partnerfolio.domain.scorecard import Scorecard, scorecard
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.domain.timeline import as_of_view, survey_rounds


@dataclass(frozen=True, slots=True)
class Assessment:
    name: str
    as_of: date
    classification: Classification
    recommendation: Recommendation | None
    governance_fit: GovernanceFit
    readiness: Readiness
    pitfalls: tuple[Pitfall, ...]
    scorecard: Scorecard


def assess(snapshot: PartnershipSnapshot, as_of: date, playbook: Playbook) -> Assessment:
    """Classify, advise, check governance and readiness, find pitfalls, score the metrics."""
    view = as_of_view(snapshot, as_of)
    rounds = survey_rounds(view.surveys)
    classification = classify(view, playbook.classification)
    card = scorecard(view, playbook, rounds)
    kind = view.type
    if kind is None and classification.type is not ClassifiedType.UNKNOWN:
        kind = PartnershipType(classification.type.value)
    context = Context(
        as_of=as_of,
        playbook=playbook,
        classification=classification,
        rounds=rounds,
        scorecard=card,
        cadence_days=review_cadence_days(view, playbook.governance, kind),
    )
    return Assessment(
        name=snapshot.name,
        as_of=as_of,
        classification=classification,
        recommendation=recommend(view, playbook),
        governance_fit=governance_fit(
            view, classification.type, planned=len(view.commitments) < len(snapshot.commitments)
        ),
        readiness=readiness(view, as_of, playbook.readiness, rounds),
        pitfalls=pitfalls(view, context),
        scorecard=card,
    )
