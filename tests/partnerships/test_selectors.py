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
