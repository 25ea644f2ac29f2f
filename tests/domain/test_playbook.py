"""The playbook: shipped defaults, installation overrides, and clear errors."""

from __future__ import annotations

import pytest

from partnerfolio.domain import PlaybookError, default_playbook, load_playbook
from partnerfolio.domain.enums import Dimension, PitfallCode, Severity


def write(tmp_path, text: str):
    path = tmp_path / "playbook.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_playbook_holds_the_spec_defaults():
    playbook = default_playbook()
    assert playbook.classification.strategic_min == 3.5
    assert playbook.classification.tactical_max == 2.5
    assert set(playbook.classification.weights) == set(Dimension)
    assert playbook.pitfalls.severity(PitfallCode.COLLABORATIVE_INERTIA) is Severity.HIGH
    assert playbook.readiness.consistent_delivery.min_commitments == 5
    catalog = {
        ("financial_impact", "strategic"): {"revenue_growth", "cost_synergies", "joint_roi"},
        ("financial_impact", "tactical"): {"project_margin", "cost_savings", "budget_adherence"},
        ("innovation", "strategic"): {"joint_patents", "co_developed_products", "shared_ip"},
        ("innovation", "tactical"): {"deliverable_quality", "on_time_completion"},
        ("relationship_health", "strategic"): {
            "executive_engagement",
            "trust_score",
            "renewal_rate",
        },
        ("relationship_health", "tactical"): {"satisfaction_score", "sla_compliance"},
        ("strategic_value", "strategic"): {
            "market_share_gain",
            "competitive_position",
            "joint_pipeline",
        },
        ("strategic_value", "tactical"): {"task_completion", "scope_fulfillment"},
    }
    shipped: dict[tuple[str, str], set[str]] = {}
    for key, spec in playbook.metrics.items():
        shipped.setdefault((spec.category.value, spec.type.value), set()).add(key)
    assert shipped == catalog
    assert {k for k, m in playbook.metrics.items() if m.leading} == {
        "executive_engagement",
        "joint_pipeline",
        "trust_score",
    }


def test_an_override_changes_only_what_it_names(tmp_path):
    path = write(
        tmp_path,
        "[classification]\nstrategic_min = 4.0\n[pitfalls.review_overdue]\nseverity = 'medium'\n",
    )
    playbook = load_playbook(path)
    assert playbook.classification.strategic_min == 4.0
    assert playbook.classification.tactical_max == 2.5
    assert playbook.pitfalls.severity(PitfallCode.REVIEW_OVERDUE) is Severity.MEDIUM
    assert playbook.source == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[classification]\nstrategic_treshold = 4\n",
            "classification.strategic_treshold: unknown key",
        ),
        (
            "[classification]\nstrategic_min = 'high'\n",
            "classification.strategic_min: expected a number, got 'high'",
        ),
        (
            "[classification]\nmin_scored_dimensions = 4.5\n",
            "classification.min_scored_dimensions: expected a whole number, got 4.5",
        ),
        ("[classification.weights]\ntrust = 2.0\n", "classification.weights.trust: unknown key"),
        (
            "[pitfalls.perception_gap]\nseverity = 'urgent'\n",
            "pitfalls.perception_gap.severity: expected one of high, medium, low, got 'urgent'",
        ),
        (
            "[readiness.growing_trust]\nmin_trust = true\n",
            "readiness.growing_trust.min_trust: expected a number, got true",
        ),
        ("[surveys]\nquestions = 'trust'\n", "surveys.questions: expected a list, got 'trust'"),
        ("classification = 3\n", "classification: expected a table, got 3"),
        (
            "[classification]\ntactical_max = 3.6\n",
            "classification.tactical_max must be below classification.strategic_min",
        ),
        (
            "[advisor.metric_sets]\ntactical = ['velocity']\n",
            "'velocity' is not in the metric catalog",
        ),
        (
            "[readiness.consistent_delivery]\nmin_on_time = 90\n",
            "min_on_time must be a fraction between 0 and 1",
        ),
        ("[classification.weights]\ngovernance = -1.0\n", "weights must not be negative"),
        ("[classification\n", "not valid TOML"),
    ],
)
def test_a_bad_playbook_is_refused_with_the_key_named(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(PlaybookError) as caught:
        load_playbook(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_missing_playbook_file_is_a_clear_error(tmp_path):
    with pytest.raises(PlaybookError, match="cannot read the playbook"):
        load_playbook(tmp_path / "nowhere.toml")


def test_an_installation_can_extend_the_metric_catalog(tmp_path):
    path = write(
        tmp_path,
        "[metrics.partner_nps]\ncategory = 'relationship_health'\ntype = 'strategic'\nunit = 'NPS'\nleading = true\n",
    )
    assert load_playbook(path).metrics["partner_nps"].leading is True
