"""The playbook: every number of the framework, loaded from TOML and validated once.

The shipped `playbook.toml` is complete. An installation's file overrides any subset of
it: its tables are merged key by key over the defaults, then the whole is validated, so
a misspelt key or a value of the wrong type is reported with its dotted path.
"""

from __future__ import annotations

import itertools
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from partnerfolio.domain.enums import (
    Dimension,
    MetricCategory,
    PartnershipType,
    PitfallCode,
    Severity,
)


class PlaybookError(ValueError):
    """A playbook file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class ClassificationRules:
    strategic_min: float
    tactical_max: float
    min_scored_dimensions: int
    drivers_per_pole: int
    time_horizon_months: tuple[int, ...]
    weights: Mapping[Dimension, float]


@dataclass(frozen=True, slots=True)
class AdvisorRules:
    min_signals: int
    metric_sets: Mapping[PartnershipType, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class GovernanceRules:
    strategic_review_cadence_days: int
    tactical_review_cadence_days: int
    hybrid_review_cadence_days: int

    def review_cadence_days(self, partnership_type: PartnershipType | None) -> int:
        """The default review cadence of a type; an untyped partnership is read as tactical."""
        if partnership_type is PartnershipType.STRATEGIC:
            return self.strategic_review_cadence_days
        if partnership_type is PartnershipType.HYBRID:
            return self.hybrid_review_cadence_days
        return self.tactical_review_cadence_days


@dataclass(frozen=True, slots=True)
class SeverityOnly:
    severity: Severity


@dataclass(frozen=True, slots=True)
class UnderinvestedTacticalRules:
    severity: Severity
    quiet_cadences: float
    min_satisfaction: float


@dataclass(frozen=True, slots=True)
class NeglectedTransitionRules:
    severity: Severity
    grace_days: int


@dataclass(frozen=True, slots=True)
class CollaborativeInertiaRules:
    severity: Severity
    window_days: int
    min_engagement_ratio: float
    max_trust: float


@dataclass(frozen=True, slots=True)
class ReviewOverdueRules:
    severity: Severity
    cadence_multiple: float


@dataclass(frozen=True, slots=True)
class AgreementExpiringRules:
    severity: Severity
    horizon_days: int
    review_lead_days: int


@dataclass(frozen=True, slots=True)
class PerceptionGapRules:
    severity: Severity
    min_gap: float


@dataclass(frozen=True, slots=True)
class PitfallRules:
    premature_strategic_commitment: SeverityOnly
    underinvested_tactical: UnderinvestedTacticalRules
    misclassified: SeverityOnly
    governance_mismatch: SeverityOnly
    neglected_transition: NeglectedTransitionRules
    collaborative_inertia: CollaborativeInertiaRules
    coopetition_tension: SeverityOnly
    lagging_only_measurement: SeverityOnly
    review_overdue: ReviewOverdueRules
    agreement_expiring: AgreementExpiringRules
    perception_gap: PerceptionGapRules

    def severity(self, code: PitfallCode) -> Severity:
        rules: SeverityOnly = getattr(self, code.value)
        return rules.severity


@dataclass(frozen=True, slots=True)
class ScorecardRules:
    trend_points: int
    steady_tolerance: float
    weights: Mapping[MetricCategory, float]


@dataclass(frozen=True, slots=True)
class ConsistentDeliveryRules:
    window_days: int
    min_commitments: int
    min_on_time: float
    min_quality: float


@dataclass(frozen=True, slots=True)
class GrowingTrustRules:
    min_trust: float
    window_days: int


@dataclass(frozen=True, slots=True)
class NewOpportunitiesRules:
    min_opportunities: int


@dataclass(frozen=True, slots=True)
class CombinedValueRules:
    min_outcomes: int


@dataclass(frozen=True, slots=True)
class ReadinessRules:
    consistent_delivery: ConsistentDeliveryRules
    growing_trust: GrowingTrustRules
    new_opportunities: NewOpportunitiesRules
    combined_value: CombinedValueRules


@dataclass(frozen=True, slots=True)
class SurveyRules:
    questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CatalogMetric:
    category: MetricCategory
    type: PartnershipType
    unit: str
    leading: bool


@dataclass(frozen=True, slots=True)
class Playbook:
    classification: ClassificationRules
    advisor: AdvisorRules
    governance: GovernanceRules
    pitfalls: PitfallRules
    scorecard: ScorecardRules
    readiness: ReadinessRules
    surveys: SurveyRules
    metrics: Mapping[str, CatalogMetric]
    source: str = "default"


def default_playbook() -> Playbook:
    """The playbook shipped with the package."""
    return _load_default()


def load_playbook(path: str | os.PathLike[str] | None = None) -> Playbook:
    """The default playbook, overridden by `path` when given (an installation's comes from
    its PARTNERFOLIO_PLAYBOOK setting, read with the rest of its configuration)."""
    if path is None:
        return _load_default()
    return _load_override(str(Path(path).resolve()))


@lru_cache(maxsize=1)
def _load_default() -> Playbook:
    text = resources.files("partnerfolio.domain").joinpath("playbook.toml").read_text("utf-8")
    return _validated(_parse(text, "playbook.toml"), "playbook.toml")


@lru_cache(maxsize=8)
def _load_override(path: str) -> Playbook:
    try:
        text = Path(path).read_text("utf-8")
    except OSError as error:
        raise PlaybookError(f"{path}: cannot read the playbook: {error.strerror}") from None
    except UnicodeDecodeError:
        raise PlaybookError(f"{path}: the playbook is not UTF-8 text") from None
    base_text = resources.files("partnerfolio.domain").joinpath("playbook.toml").read_text("utf-8")
    merged = _merge(_parse(base_text, "playbook.toml"), _parse(text, path))
    return _validated(merged, path)


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PlaybookError(f"{source}: not valid TOML: {error}") from None


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _validated(raw: dict[str, Any], source: str) -> Playbook:
    if "source" in raw:
        raise PlaybookError(f"{source}: source: unknown key")
    playbook = _build(Playbook, {**raw, "source": source}, "", source)
    problems = list(_consistency_problems(playbook))
    if problems:
        raise PlaybookError(f"{source}: {problems[0]}")
    return typing.cast(Playbook, playbook)


def _build(kind: Any, raw: Any, path: str, source: str) -> Any:
    """Check `raw` against the type `kind` and build it; errors name the dotted key."""
    where = path or "(top level)"
    origin = typing.get_origin(kind)
    if is_dataclass(kind) and isinstance(kind, type):
        if not isinstance(raw, dict):
            raise PlaybookError(f"{source}: {where}: expected a table, got {_describe(raw)}")
        hints = typing.get_type_hints(kind)
        names = {f.name for f in fields(kind)}
        for key in raw:
            if key not in names:
                raise PlaybookError(f"{source}: {_join(path, key)}: unknown key")
        values = {}
        for f in fields(kind):
            if f.name not in raw:
                raise PlaybookError(f"{source}: {_join(path, f.name)}: missing")
            values[f.name] = _build(hints[f.name], raw[f.name], _join(path, f.name), source)
        return kind(**values)
    if origin in (Mapping, dict):
        key_kind, value_kind = typing.get_args(kind)
        if not isinstance(raw, dict):
            raise PlaybookError(f"{source}: {where}: expected a table, got {_describe(raw)}")
        built = {}
        for key, value in raw.items():
            if isinstance(key_kind, type) and issubclass(key_kind, Enum):
                if key not in {member.value for member in key_kind}:
                    raise PlaybookError(f"{source}: {_join(path, key)}: unknown key")
                built[key_kind(key)] = _build(value_kind, value, _join(path, key), source)
            else:
                built[key] = _build(value_kind, value, _join(path, key), source)
        return types.MappingProxyType(built)
    if origin is tuple:
        (item_kind, _ellipsis) = typing.get_args(kind)
        if not isinstance(raw, list):
            raise PlaybookError(f"{source}: {where}: expected a list, got {_describe(raw)}")
        return tuple(_build(item_kind, item, f"{where}[{i}]", source) for i, item in enumerate(raw))
    if isinstance(kind, type) and issubclass(kind, Enum):
        allowed = [member.value for member in kind]
        if raw not in allowed:
            raise PlaybookError(
                f"{source}: {where}: expected one of {', '.join(allowed)}, got {_describe(raw)}"
            )
        return kind(raw)
    if kind is bool:
        if not isinstance(raw, bool):
            raise PlaybookError(f"{source}: {where}: expected true or false, got {_describe(raw)}")
        return raw
    if kind is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise PlaybookError(f"{source}: {where}: expected a whole number, got {_describe(raw)}")
        return raw
    if kind is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise PlaybookError(f"{source}: {where}: expected a number, got {_describe(raw)}")
        return float(raw)
    if kind is str:
        if not isinstance(raw, str):
            raise PlaybookError(f"{source}: {where}: expected text, got {_describe(raw)}")
        return raw
    raise TypeError(f"playbook field of unsupported type {kind!r}")  # pragma: no cover


def _consistency_problems(playbook: Playbook) -> typing.Iterator[str]:
    """Values that have the right type but cannot work together."""
    c = playbook.classification
    if not c.tactical_max < c.strategic_min:
        yield "classification.tactical_max must be below classification.strategic_min"
    if not 1 <= c.min_scored_dimensions <= len(Dimension):
        yield f"classification.min_scored_dimensions must be between 1 and {len(Dimension)}"
    if c.drivers_per_pole < 0:
        yield "classification.drivers_per_pole must not be negative"
    months = c.time_horizon_months
    if len(months) != 4 or any(b <= a for a, b in itertools.pairwise(months)):
        yield "classification.time_horizon_months must list 4 increasing month counts"
    yield from _weight_problems("classification.weights", c.weights, Dimension)
    yield from _weight_problems("scorecard.weights", playbook.scorecard.weights, MetricCategory)
    if playbook.advisor.min_signals < 1:
        yield "advisor.min_signals must be at least 1"
    for kind, keys in playbook.advisor.metric_sets.items():
        for key in keys:
            if key not in playbook.metrics:
                yield f"advisor.metric_sets.{kind}: {key!r} is not in the metric catalog"
    for name in ("strategic", "tactical", "hybrid"):
        if getattr(playbook.governance, f"{name}_review_cadence_days") < 1:
            yield f"governance.{name}_review_cadence_days must be at least 1"
    yield from _positive_problems(playbook)
    if playbook.scorecard.trend_points < 2:
        yield "scorecard.trend_points must be at least 2"


def _positive_problems(playbook: Playbook) -> typing.Iterator[str]:
    p, r = playbook.pitfalls, playbook.readiness
    checks = {
        "pitfalls.underinvested_tactical.quiet_cadences": p.underinvested_tactical.quiet_cadences,
        "pitfalls.collaborative_inertia.window_days": p.collaborative_inertia.window_days,
        "pitfalls.review_overdue.cadence_multiple": p.review_overdue.cadence_multiple,
        "pitfalls.agreement_expiring.horizon_days": p.agreement_expiring.horizon_days,
        "pitfalls.perception_gap.min_gap": p.perception_gap.min_gap,
        "readiness.consistent_delivery.window_days": r.consistent_delivery.window_days,
        "readiness.consistent_delivery.min_commitments": r.consistent_delivery.min_commitments,
        "readiness.growing_trust.window_days": r.growing_trust.window_days,
    }
    for key, value in checks.items():
        if value <= 0:
            yield f"{key} must be positive"
    if p.neglected_transition.grace_days < 0:
        yield "pitfalls.neglected_transition.grace_days must not be negative"
    fractions = {
        "pitfalls.collaborative_inertia.min_engagement_ratio": p.collaborative_inertia.min_engagement_ratio,
        "readiness.consistent_delivery.min_on_time": r.consistent_delivery.min_on_time,
        "readiness.consistent_delivery.min_quality": r.consistent_delivery.min_quality,
        "scorecard.steady_tolerance": playbook.scorecard.steady_tolerance,
    }
    for key, value in fractions.items():
        if not 0 <= value <= 1:
            yield f"{key} must be a fraction between 0 and 1"


def _weight_problems(
    path: str, weights: Mapping[Any, float], members: type[Enum]
) -> typing.Iterator[str]:
    for member in members:
        if member not in weights:
            yield f"{path}.{member.value}: missing"
    if any(weight < 0 for weight in weights.values()):
        yield f"{path}: weights must not be negative"
    elif not any(weight > 0 for weight in weights.values()):
        yield f"{path}: at least one weight must be positive"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    return str(value)
