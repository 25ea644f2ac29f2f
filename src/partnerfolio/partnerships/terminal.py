"""An assessment as a readable terminal report (rich)."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from partnerfolio.domain.assessment import Assessment
from partnerfolio.domain.enums import ReadinessVerdict, Severity
from partnerfolio.domain.messages import (
    driver_text,
    element_label,
    indicator_evidence,
    indicator_next_step,
    label,
    pitfall_evidence_lines,
    pitfall_message,
    pitfall_recommendation,
    question_text,
    reason_text,
)
from partnerfolio.domain.snapshot import PartnershipSnapshot

SEVERITY_STYLE = {Severity.HIGH: "bold red", Severity.MEDIUM: "yellow", Severity.LOW: "cyan"}
VERDICT_STYLE = {
    ReadinessVerdict.READY: "bold green",
    ReadinessVerdict.NOT_READY: "yellow",
    ReadinessVerdict.NOT_APPLICABLE: "dim",
}


def _item(mark: str, text: Text | str, mark_style: str = "", indent: int = 2) -> Table:
    """A line whose wrapped continuation stays aligned after its mark (hanging indent)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=indent + len(mark), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(" " * indent + mark, style=mark_style), text)
    return grid


def _number(value: float | None) -> str:
    """Compact figures for the terminal: 0.97, 23.5, 48.2 k, 10.6 M."""
    if value is None:
        return "–"
    for limit, suffix in ((1e9, " G"), (1e6, " M"), (1e4, " k")):
        if abs(value) >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def _summary(snapshot: PartnershipSnapshot, assessment: Assessment) -> Text:
    declared = snapshot.type.value if snapshot.type else "no declared type"
    parts = [declared]
    if snapshot.category:
        parts.append(label(snapshot.category.value))
    if snapshot.stage:
        parts.append(label(snapshot.stage.value))
    partners = ", ".join(p.name for p in snapshot.partners) or "no partner named"
    return Text(f"{' · '.join(parts)}  —  with {partners}", style="dim")


def _classification(assessment: Assessment) -> RenderableType:
    c = assessment.classification
    line = Text("Classification: ")
    line.append(c.type.value.upper(), style="bold")
    if c.score is not None:
        line.append(
            f"  score {round(c.score, 3):g} (strategic ≥ {c.strategic_min:g}, tactical ≤ {c.tactical_max:g})"
        )
    else:
        line.append(f"  only {c.scored} of the {c.min_scored} dimensions needed are scored")
    rows: list[RenderableType] = [line]
    if c.derived_time_horizon is not None:
        derived = (
            f"time horizon {c.derived_time_horizon}/5, derived from a {c.term_months}-month term"
        )
        rows.append(_item("·", Text(derived, style="dim")))
    for driver in c.drivers:
        rows.append(_item("•", driver_text(driver)))
    if c.missing:
        missing = f"not scored: {', '.join(label(d.value) for d in c.missing)}"
        rows.append(_item("·", Text(missing, style="dim")))
    return Group(*rows)


def _recommendation(assessment: Assessment) -> RenderableType | None:
    r = assessment.recommendation
    if r is None:
        return None
    rows: list[RenderableType] = [Text.assemble("Recommendation: ", (r.type.value.upper(), "bold"))]
    rows.extend(_item("•", reason_text(reason)) for reason in r.reasons)
    rows.extend(_item("?", question_text(q.value), "bold") for q in r.questions)
    model = r.governance_model
    if model is not None:
        elements = ", ".join(element_label(e) for e in model.elements)
        cadence = f"governance: {elements}; review every {model.review_cadence_days} days"
        rows.append(_item("·", cadence))
        if model.due_diligence:
            checks = ", ".join(f"{a.value} {s.value}" for a, s in model.due_diligence)
            rows.append(_item("·", f"due diligence: {checks}"))
    if r.metric_set:
        rows.append(_item("·", f"starter metrics: {', '.join(r.metric_set)}"))
    return Group(*rows)


def _governance(assessment: Assessment) -> RenderableType:
    fit = assessment.governance_fit
    if fit.expected is None:
        return Text("Governance fit: no type declared or classified yet", style="dim")
    line = Text(f"Governance fit (expected {fit.expected.value}): ")
    if not fit.missing and not fit.overhead:
        line.append("in place", style="green")
        return line
    rows: list[RenderableType] = [line]
    if fit.missing:
        missing = f"missing: {', '.join(element_label(e) for e in fit.missing)}"
        rows.append(_item("•", Text(missing, style="yellow")))
    if fit.overhead:
        overhead = f"overhead: {', '.join(element_label(e) for e in fit.overhead)}"
        rows.append(_item("•", Text(overhead, style="yellow")))
    return Group(*rows)


def _readiness(assessment: Assessment) -> RenderableType:
    r = assessment.readiness
    verdict = r.verdict.value.replace("_", " ").upper()
    rows: list[RenderableType] = [
        Text.assemble("Transition readiness: ", (verdict, VERDICT_STYLE[r.verdict]))
    ]
    for indicator in r.indicators:
        line = Text(f"{label(indicator.code.value)}: ", style="bold")
        line.append(indicator_evidence(indicator), style="not bold")
        step = indicator_next_step(indicator)
        if step:
            line.append(f"\n→ {step}", style="italic not bold")
        mark = "✓" if indicator.met else "✗"
        rows.append(_item(mark, line, "green" if indicator.met else "red"))
    return Group(*rows)


def _pitfalls(assessment: Assessment) -> RenderableType:
    if not assessment.pitfalls:
        return Text.assemble("Pitfalls: ", ("none found", "green"))
    rows: list[RenderableType] = [Text(f"Pitfalls ({len(assessment.pitfalls)})")]
    for pitfall in assessment.pitfalls:
        line = Text(f"{pitfall.code.value}: ", style="bold")
        line.append(pitfall_message(pitfall))
        for evidence in pitfall_evidence_lines(pitfall):
            line.append(f"\n{evidence}", style="dim")
        line.append(f"\n→ {pitfall_recommendation(pitfall)}", style="italic")
        severity = f"{pitfall.severity.value.upper():<6}"
        rows.append(_item(severity, line, SEVERITY_STYLE[pitfall.severity]))
    return Group(*rows)


def _scorecard(assessment: Assessment) -> RenderableType:
    card = assessment.scorecard
    health = "no rated metric yet" if card.health is None else f"{card.health:.1f} / 100"
    title = Text.assemble("Scorecard: health ", (health, "bold"))
    if not card.metrics:
        return Group(title, Text("  no metrics tracked", style="dim"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("metric", no_wrap=True)
    for column in ("latest", "on", "target", "reached"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("trend", no_wrap=True, min_width=9)
    for m in card.metrics:
        latest = m.latest
        table.add_row(
            f"{m.key} *" if m.leading else m.key,
            "–" if latest is None else _number(latest.value),
            "–" if latest is None else latest.on.isoformat(),
            _number(m.target),
            "–" if m.attainment is None else f"{100 * m.attainment:.0f}%",
            m.trend.value if m.trend else "–",
        )
    categories = ", ".join(
        f"{label(c.category.value)} {100 * c.attainment:.0f}%"
        for c in card.categories
        if c.attainment is not None
    )
    rows: list[RenderableType] = [title, table]
    if any(m.leading for m in card.metrics):
        rows.append(_item("*", Text("leading indicator", style="dim")))
    if categories:
        rows.append(_item("·", Text(f"by category: {categories}", style="dim")))
    return Group(*rows)


def render_assessment(
    console: Console, snapshot: PartnershipSnapshot, assessment: Assessment
) -> None:
    """Print one partnership's report: classification to scorecard."""
    sections = [
        _summary(snapshot, assessment),
        _classification(assessment),
        _recommendation(assessment),
        _governance(assessment),
        _readiness(assessment),
        _pitfalls(assessment),
        _scorecard(assessment),
    ]
    console.rule(
        Text.assemble((snapshot.name, "bold"), f"  as of {assessment.as_of.isoformat()}"),
        align="left",
    )
    for section in sections:
        if section is not None:
            console.print(section)
            console.print()
