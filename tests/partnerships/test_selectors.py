"""Reads cost a fixed number of queries, however much evidence there is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnerfolio.partnerships import selectors, services

pytestmark = pytest.mark.django_db
QUERIES = 12  # one per table


def partnership_with(n: int, name: str):
    start = date(2025, 1, 1)
    days = [start + timedelta(days=7 * i) for i in range(n)]
    return services.partnership_import(
        actor="test",
        document={
            "name": name,
            "partners": [{"name": f"{name} partner {i}"} for i in range(min(n, 3))],
            "agreements": [{"kind": "sow", "signed_on": d.isoformat()} for d in days],
            "commitments": [
                {"title": f"C{i}", "due_on": d.isoformat()} for i, d in enumerate(days)
            ],
            "surveys": [
                {"on": d.isoformat(), "side": "ours", "scores": {"trust": 4}} for d in days
            ],
            "engagements": [{"on": d.isoformat(), "kind": "check_in"} for d in days],
            "reviews": [{"on": d.isoformat()} for d in days],
            "opportunities": [{"title": f"O{i}"} for i in range(n)],
            "joint_outcomes": [{"title": f"J{i}", "value": 1} for i in range(n)],
            "metrics": [
                {
                    "key": k,
                    "target": 1,
                    "observations": [{"on": d.isoformat(), "value": 1} for d in days],
                }
                for k in ("revenue_growth", "trust_score")
            ],
            "events": [
                {"on": d.isoformat(), "kind": "stage_changed", "to": "active"} for d in days
            ],
        },
    )


@pytest.mark.parametrize("evidence", [1, 40])
def test_a_partnership_loads_in_a_fixed_number_of_queries(evidence, django_assert_num_queries):
    partnership = partnership_with(evidence, "Alliance")
    with django_assert_num_queries(QUERIES):
        snapshot = selectors.partnership_snapshot(partnership)
    assert len(snapshot.commitments) == evidence
    assert len(snapshot.metrics[0].observations) == evidence


@pytest.mark.parametrize("count", [2, 12])
def test_the_portfolio_loads_in_a_fixed_number_of_queries_per_batch(
    count, django_assert_num_queries
):
    for i in range(count):
        partnership_with(3, f"P{i:02}")
    with django_assert_num_queries(QUERIES + 1):  # + the list of ids
        loaded = list(selectors.portfolio_snapshots())
    assert [s.name for _, s in loaded] == [f"P{i:02}" for i in range(count)]


@pytest.mark.parametrize("as_of", [date(2026, 11, 30), date(2025, 12, 31)])
def test_the_scan_reads_only_recent_observations_yet_reaches_the_same_verdict(as_of):
    from partnerfolio.domain import assess, default_playbook
    from tests.partnerships.conftest import EXAMPLES, example

    playbook = default_playbook()
    for path in EXAMPLES:
        services.partnership_import(actor="test", document=example(path.name))
    recent = selectors.RecentObservations(as_of, playbook.scorecard.trend_points)
    full = dict(selectors.portfolio_snapshots())
    for pid, snapshot in selectors.portfolio_snapshots(recent=recent):
        assert all(len(m.observations) <= recent.count for m in snapshot.metrics)
        lean, whole = assess(snapshot, as_of, playbook), assess(full[pid], as_of, playbook)
        assert lean.pitfalls == whole.pitfalls
        assert lean.scorecard.health == whole.scorecard.health
        assert [(m.latest, m.attainment, m.trend) for m in lean.scorecard.metrics] == [
            (m.latest, m.attainment, m.trend) for m in whole.scorecard.metrics
        ]
