"""Properties that hold for every partnership, checked on generated ones (hypothesis)."""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from partnerfolio.domain import assess, default_playbook
from partnerfolio.domain.enums import ClassifiedType, Dimension
from partnerfolio.domain.snapshot import (
    Commitment,
    Engagement,
    Event,
    JointOutcome,
    Observation,
    PartnershipSnapshot,
    Review,
    Survey,
)
from partnerfolio.interchange.output import assessment_json
from tests import strategies as gen

PLAYBOOK = default_playbook()
AS_OF = gen.AS_OF


def verdict(snapshot: PartnershipSnapshot, as_of=AS_OF) -> dict:
    return assessment_json(assess(snapshot, as_of, PLAYBOOK), PLAYBOOK)


@given(gen.snapshots)
def test_the_same_document_and_date_always_give_the_same_answer(snapshot):
    assert verdict(snapshot) == verdict(snapshot)
    assert assess(snapshot, AS_OF, PLAYBOOK) == assess(snapshot, AS_OF, PLAYBOOK)


@st.composite
def later_evidence(draw: st.DrawFn) -> dict:
    later = gen.later_dates()
    return {
        "commitments": draw(
            st.lists(
                st.builds(
                    Commitment,
                    due_on=later,
                    delivered_on=st.none() | later,
                    met_quality=gen.maybe_bool,
                ),
                max_size=3,
            )
        ),
        "surveys": draw(
            st.lists(
                st.builds(
                    Survey,
                    on=later,
                    side=st.sampled_from(list(gen.SurveySide)),
                    scores=st.just((("trust", 1.0), ("satisfaction", 1.0))),
                ),
                max_size=3,
            )
        ),
        "engagements": draw(
            st.lists(
                st.builds(Engagement, on=later, kind=st.sampled_from(list(gen.EngagementKind))),
                max_size=3,
            )
        ),
        "reviews": draw(st.lists(st.builds(Review, on=later), max_size=2)),
        "joint_outcomes": draw(
            st.lists(st.builds(JointOutcome, on=later, value=st.just(1e6)), max_size=2)
        ),
        "events": draw(
            st.lists(
                st.builds(
                    Event,
                    on=later,
                    kind=st.just(gen.EventKind.TYPE_CHANGED),
                    to=st.just("strategic"),
                ),
                max_size=2,
            )
        ),
        "agreements": draw(
            st.lists(
                st.builds(
                    gen.Agreement,
                    kind=st.just(gen.AgreementKind.LICENCE),
                    signed_on=later,
                    ends_on=st.none() | later,
                ),
                max_size=2,
            )
        ),
        "observations": draw(st.lists(later, max_size=3, unique=True)),
    }


@given(gen.snapshots, later_evidence())
def test_evidence_dated_after_as_of_never_changes_the_answer(snapshot, extra):
    """Except for one thing: a commitment due later is planned work, so it is a recorded
    deliverable for governance fit (and for nothing else)."""
    delivered_late = tuple(
        dataclasses.replace(c, delivered_on=AS_OF + timedelta(days=3), met_quality=True)
        if c.delivered_on is None and c.due_on is not None and c.due_on <= AS_OF
        else c
        for c in snapshot.commitments
    )
    metrics = tuple(
        dataclasses.replace(
            m,
            observations=m.observations + tuple(Observation(d, 1e9) for d in extra["observations"]),
        )
        for m in snapshot.metrics
    )
    grown = dataclasses.replace(
        snapshot,
        commitments=delivered_late + tuple(extra["commitments"]),
        surveys=snapshot.surveys + tuple(extra["surveys"]),
        engagements=snapshot.engagements + tuple(extra["engagements"]),
        reviews=snapshot.reviews + tuple(extra["reviews"]),
        joint_outcomes=snapshot.joint_outcomes + tuple(extra["joint_outcomes"]),
        events=snapshot.events + tuple(extra["events"]),
        agreements=snapshot.agreements + tuple(extra["agreements"]),
        metrics=metrics,
    )
    expected = verdict(snapshot)
    if extra["commitments"]:
        fit = expected["governance_fit"]
        fit["missing"] = [e for e in fit["missing"] if e != "deliverables"]
    assert verdict(grown) == expected


ORDER = {ClassifiedType.TACTICAL: 0, ClassifiedType.HYBRID: 1, ClassifiedType.STRATEGIC: 2}


@given(gen.snapshots, st.sampled_from(list(Dimension)), st.integers(1, 4))
def test_raising_a_dimension_never_moves_the_classification_toward_tactical(
    snapshot, dimension, step
):
    scores = dict(snapshot.profile)
    if dimension not in scores or scores[dimension] == 5:
        scores[dimension] = scores.get(dimension, 1)
    raised = dict(scores)
    raised[dimension] = min(5, scores[dimension] + step)
    before = assess(dataclasses.replace(snapshot, profile=tuple(scores.items())), AS_OF, PLAYBOOK)
    after = assess(dataclasses.replace(snapshot, profile=tuple(raised.items())), AS_OF, PLAYBOOK)
    b, a = before.classification, after.classification
    if b.type is ClassifiedType.UNKNOWN:
        assert a.type is ClassifiedType.UNKNOWN
    else:
        assert ORDER[a.type] >= ORDER[b.type]
        assert a.score >= b.score


def shuffled(snapshot: PartnershipSnapshot, seed: int) -> PartnershipSnapshot:
    rng = random.Random(seed)

    def mix(items):
        items = list(items)
        rng.shuffle(items)
        return tuple(items)

    return dataclasses.replace(
        snapshot,
        partners=mix(snapshot.partners),
        agreements=mix(snapshot.agreements),
        profile=mix(snapshot.profile),
        opportunity=None if snapshot.opportunity is None else mix(snapshot.opportunity),
        due_diligence=mix(snapshot.due_diligence),
        commitments=mix(snapshot.commitments),
        surveys=mix(dataclasses.replace(s, scores=mix(s.scores)) for s in snapshot.surveys),
        engagements=mix(snapshot.engagements),
        reviews=mix(snapshot.reviews),
        opportunities=mix(snapshot.opportunities),
        joint_outcomes=mix(snapshot.joint_outcomes),
        metrics=mix(
            dataclasses.replace(m, observations=mix(m.observations)) for m in snapshot.metrics
        ),
        events=mix(snapshot.events),
    )


@given(gen.snapshots, st.integers(0, 2**32))
def test_reordering_lists_never_changes_the_answer(snapshot, seed):
    assert verdict(shuffled(snapshot, seed)) == verdict(snapshot)
