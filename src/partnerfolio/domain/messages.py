"""The words a person reads, rendered from the facts of each verdict.

Codes stay codes everywhere else; this module is the one place that turns them and their
evidence into sentences, so the terminal, the web pages and the API explain a verdict the
same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from partnerfolio.domain.classification import Driver
from partnerfolio.domain.enums import GovernanceElement, Indicator, PitfallCode
from partnerfolio.domain.findings import Fact, Pitfall, Trigger
from partnerfolio.domain.readiness import IndicatorResult

LABELS: dict[str, str] = {
    # dimensions
    "time_horizon": "time horizon",
    "objective_alignment": "objective alignment",
    "resource_commitment": "resource commitment",
    "risk_reward": "risk and reward",
    "relationship_depth": "relationship depth",
    "governance": "governance",
    "exit_difficulty": "flexibility to exit",
    "innovation_potential": "innovation potential",
    # governance elements
    "executive_sponsor": "our executive sponsor",
    "partner_executive_sponsor": "the partner's executive sponsor",
    "steering_committee": "a joint steering committee",
    "relationship_manager": "a dedicated relationship manager",
    "escalation_path": "a documented escalation path",
    "joint_plan": "a joint plan",
    "success_metrics": "defined success metrics",
    "review_cadence": "a review cadence",
    "owner": "a named owner",
    "scoped_agreement": "a scoped agreement with an end date",
    "deliverables": "recorded deliverables (commitments)",
    "status_check_ins": "status check-ins",
    "success_criteria": "named success criteria for the test of fit",
    # advisor factors
    "sustained_collaboration": "needs sustained collaboration",
    "new_market_entry": "enters a new market",
    "platform_codevelopment": "co-develops a platform",
    "ip_sharing": "shares intellectual property",
    "joint_capability": "builds a capability neither side could alone",
    "well_defined_need": "meets a well-defined need",
    "time_bound": "is time-bound",
    "no_deep_integration": "needs no deep organizational integration",
    "outsourced_deliverable": "outsources a specific deliverable",
    "capacity_supplement": "supplements capacity",
    "joint_campaign": "runs a joint campaign",
    "proven_track_record": "a proven track record with this partner",
    "due_diligence_complete": "completed due diligence (culture, capabilities, incentives)",
    # stages and survey questions
    "due_diligence": "due diligence",
    "under_review": "under review",
    "winding_down": "winding down",
    "value_delivered": "value delivered",
    # agreement kinds, when an agreement has no title
    "mou": "The memorandum of understanding",
    "contract": "The contract",
    "sow": "The statement of work",
    "joint_venture": "The joint venture agreement",
    "licence": "The licence",
    "other": "The agreement",
    # indicators
    "consistent_delivery": "Consistent delivery",
    "growing_trust": "Growing trust",
    "new_opportunities": "New opportunities",
    "governance_willingness": "Governance willingness",
    "combined_value": "Combined value",
}

QUESTIONS: dict[str, str] = {
    "sustained_collaboration": "Does the opportunity need sustained collaboration?",
    "new_market_entry": "Is it about entering a new market?",
    "platform_codevelopment": "Will the partners co-develop a platform?",
    "ip_sharing": "Will intellectual property be shared?",
    "joint_capability": "Does it build a capability neither side could achieve alone?",
    "well_defined_need": "Is the need well defined?",
    "time_bound": "Is it time-bound?",
    "no_deep_integration": "Can it be done without deep organizational integration?",
    "outsourced_deliverable": "Is it a specific deliverable to outsource?",
    "capacity_supplement": "Is it extra capacity, for a release for example?",
    "joint_campaign": "Is it a joint promotional campaign?",
}


def label(code: str) -> str:
    return LABELS.get(code, code.replace("_", " "))


# Facts that hold people's own words (names, titles, markets): shown exactly as written.
VERBATIM = frozenset(
    {"partners", "markets", "titles", "executive_sponsor", "partner_executive_sponsor"}
)


def _number(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    rounded = round(value, 3)
    if rounded == int(rounded):
        return f"{int(rounded):,}" if abs(rounded) >= 10_000 else str(int(rounded))
    return f"{rounded:,}" if abs(rounded) >= 10_000 else f"{rounded:g}"


def _listed(items: list[str]) -> str:
    """a, b and c"""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _fact(value: Fact, verbatim: bool = False) -> str:
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        if not value:
            return "none"
        return _listed([item if verbatim else label(item) for item in value])
    return value if verbatim or value not in LABELS else label(value)


def render(template: str, facts: Mapping[str, Fact]) -> str:
    """Fill a template; `{x_s}` gives "s" unless the count (or list) `x` is exactly one."""
    fields = {key: _fact(value, key in VERBATIM) for key, value in facts.items()}
    for key, value in facts.items():
        if isinstance(value, int | tuple) and not isinstance(value, bool):
            fields[f"{key}_s"] = (
                "" if (len(value) if isinstance(value, tuple) else value) == 1 else "s"
            )
    return template.format_map(fields)


# --- pitfalls ---------------------------------------------------------------------------

PITFALL_MESSAGES: dict[PitfallCode, str] = {
    PitfallCode.PREMATURE_STRATEGIC_COMMITMENT: (
        "Strategic commitment before alignment is validated: due diligence is not done."
    ),
    PitfallCode.UNDERINVESTED_TACTICAL: ("This tactical relationship is being underinvested in."),
    PitfallCode.MISCLASSIFIED: "The declared type contradicts what the profile says.",
    PitfallCode.GOVERNANCE_MISMATCH: "Governance does not match the partnership type.",
    PitfallCode.NEGLECTED_TRANSITION: (
        "Promoted to strategic without formalizing governance, metrics and escalation."
    ),
    PitfallCode.COLLABORATIVE_INERTIA: (
        "Signs of collaborative inertia: leadership attention or trust is fading."
    ),
    PitfallCode.COOPETITION_TENSION: "Tension between cooperation and competition.",
    PitfallCode.LAGGING_ONLY_MEASUREMENT: (
        "Measured by lagging metrics only: no leading indicator is tracked."
    ),
    PitfallCode.REVIEW_OVERDUE: "The partnership review is overdue.",
    PitfallCode.AGREEMENT_EXPIRING: "An agreement expires soon and no review has prepared it.",
    PitfallCode.PERCEPTION_GAP: "The two sides see the partnership differently.",
}

PITFALL_RECOMMENDATIONS: dict[PitfallCode, str] = {
    PitfallCode.PREMATURE_STRATEGIC_COMMITMENT: (
        "Finish due diligence on culture, capabilities and incentives before long-term "
        "commitments, or run the work as a hybrid test of fit until it is done."
    ),
    PitfallCode.UNDERINVESTED_TACTICAL: (
        "Name an owner, keep regular status check-ins and act on the partner's feedback: "
        "clear communication, fair terms and professional relationship management protect "
        "reputation and future options."
    ),
    PitfallCode.MISCLASSIFIED: (
        "Re-classify the partnership or change how it is run: strategic governance on tactical "
        "work is overhead, tactical oversight of a strategic partnership misses opportunities."
    ),
    PitfallCode.GOVERNANCE_MISMATCH: (
        "Give a strategic partnership an executive sponsor and a steering committee; run a "
        "tactical engagement with a project owner and light check-ins instead."
    ),
    PitfallCode.NEGLECTED_TRANSITION: (
        "Formalize the strategic relationship now: executive sponsorship, a steering "
        "committee, success metrics with targets and a documented escalation path."
    ),
    PitfallCode.COLLABORATIVE_INERTIA: (
        "Re-engage leadership on both sides: schedule an executive meeting, revisit the joint "
        "plan and address the causes of distrust before the status quo sets in."
    ),
    PitfallCode.COOPETITION_TENSION: (
        "Agree where you cooperate and where you compete, and protect shared technology with "
        "a licence or IP clauses in the agreement."
    ),
    PitfallCode.LAGGING_ONLY_MEASUREMENT: (
        "Track a leading indicator such as executive engagement frequency, joint pipeline or "
        "trust scores beside the financial results."
    ),
    PitfallCode.REVIEW_OVERDUE: "Hold and record a partnership review with a decision.",
    PitfallCode.AGREEMENT_EXPIRING: (
        "Review the partnership and decide to renew, extend or wind down before the agreement ends."
    ),
    PitfallCode.PERCEPTION_GAP: (
        "Discuss the survey results with the partner and agree actions on the questions where "
        "the sides disagree."
    ),
}

PITFALL_EVIDENCE: dict[tuple[PitfallCode, str], str] = {
    (PitfallCode.PREMATURE_STRATEGIC_COMMITMENT, "due_diligence_open"): (
        'Strategic partnership in stage "{stage}" with due diligence not done on {open} '
        "(culture: {culture}; capabilities: {capabilities}; incentives: {incentives})."
    ),
    (
        PitfallCode.UNDERINVESTED_TACTICAL,
        "no_owner",
    ): "No owner is named for this {type} partnership.",
    (PitfallCode.UNDERINVESTED_TACTICAL, "quiet"): (
        "No engagement for {days} days, since {since}; the limit is {limit} days "
        "({multiple} × the {cadence}-day cadence)."
    ),
    (PitfallCode.UNDERINVESTED_TACTICAL, "quiet_since_start"): (
        "No engagement recorded in the {days} days since the start on {since}; the limit is "
        "{limit} days ({multiple} × the {cadence}-day cadence)."
    ),
    (PitfallCode.UNDERINVESTED_TACTICAL, "low_satisfaction"): (
        "Satisfaction in the survey round of {on}: ours {ours}, partner {partner}; below {min} "
        "on either side signals neglect."
    ),
    (PitfallCode.MISCLASSIFIED, "contradicts"): (
        "Declared {declared}, but the profile scores {score} and classifies as {classified} "
        "(strategic at {strategic_min} or above, tactical at {tactical_max} or below)."
    ),
    (PitfallCode.GOVERNANCE_MISMATCH, "under_governed"): (
        "A strategic partnership in operation without {missing}."
    ),
    (PitfallCode.GOVERNANCE_MISMATCH, "over_governed"): (
        "A tactical engagement carrying a steering committee and {sponsors}."
    ),
    (PitfallCode.NEGLECTED_TRANSITION, "unformalized"): (
        "Promoted to strategic on {promoted_on}, {days} days ago (grace {grace_days} days), "
        "and still missing {missing}."
    ),
    (PitfallCode.COLLABORATIVE_INERTIA, "no_executive_engagement"): (
        "No executive meeting or steering committee for {days} days, since {since}; the limit "
        "is {window} days."
    ),
    (PitfallCode.COLLABORATIVE_INERTIA, "no_executive_engagement_since_start"): (
        "No executive meeting or steering committee in the {days} days since the start on "
        "{since}; the limit is {window} days."
    ),
    (PitfallCode.COLLABORATIVE_INERTIA, "declining_engagement"): (
        "Executive engagements in the last {window} days: {recent}, against {prior} in the "
        "{window} days before: below {ratio_pct} % of the earlier level."
    ),
    (PitfallCode.COLLABORATIVE_INERTIA, "low_trust"): (
        "Trust in the survey round of {on}: ours {ours}, partner {partner}; {max} or below on "
        "either side."
    ),
    (PitfallCode.COOPETITION_TENSION, "competitor"): (
        "Also competing with us: {partners} (markets: {markets})."
    ),
    (PitfallCode.COOPETITION_TENSION, "ip_unprotected"): (
        "A technological partnership whose agreements ({agreements} recorded) include no "
        "licence and none covering IP."
    ),
    (PitfallCode.LAGGING_ONLY_MEASUREMENT, "lagging_only"): (
        "Every tracked metric is lagging ({metrics}); leading indicators: {leading}."
    ),
    (PitfallCode.REVIEW_OVERDUE, "overdue"): (
        "Latest review on {since}, {days} days ago; the limit is {limit} days "
        "({multiple} × the {cadence}-day cadence)."
    ),
    (PitfallCode.REVIEW_OVERDUE, "never_reviewed"): (
        "No review recorded in the {days} days since the start on {since}; the limit is "
        "{limit} days ({multiple} × the {cadence}-day cadence)."
    ),
    (PitfallCode.AGREEMENT_EXPIRING, "expiring"): (
        "{agreement} ends on {ends_on}, {days_left} day{days_left_s} from now (horizon "
        "{horizon} days), and no review is dated on or after {review_from}."
    ),
    (PitfallCode.PERCEPTION_GAP, "gap"): (
        "{question} in the round of {on}: ours {ours}, partner {partner}, a gap of {gap} "
        "(limit {min_gap})."
    ),
}


def pitfall_message(pitfall: Pitfall) -> str:
    return PITFALL_MESSAGES[pitfall.code]


def pitfall_evidence_lines(pitfall: Pitfall) -> tuple[str, ...]:
    """One sentence per reason the pitfall fired."""
    return tuple(_trigger_text(pitfall.code, t) for t in pitfall.triggers)


def pitfall_evidence(pitfall: Pitfall) -> str:
    return " ".join(pitfall_evidence_lines(pitfall))


def _trigger_text(code: PitfallCode, trigger: Trigger) -> str:
    text = render(PITFALL_EVIDENCE[(code, trigger.rule)], trigger.facts)
    return text[0].upper() + text[1:]


def pitfall_recommendation(pitfall: Pitfall) -> str:
    return PITFALL_RECOMMENDATIONS[pitfall.code]


# --- readiness --------------------------------------------------------------------------

INDICATOR_EVIDENCE: dict[tuple[Indicator, str], str] = {
    (Indicator.CONSISTENT_DELIVERY, "met"): (
        "Commitments due in the last {window_days} days: {due} (needs {min_commitments}); "
        "delivered on time: {on_time_pct} % (needs {min_on_time_pct} %); "
        "to quality: {quality_pct} % (needs {min_quality_pct} %)."
    ),
    (Indicator.GROWING_TRUST, "met"): (
        "Trust {mean} in the round of {latest_on} (ours {ours}, partner {partner}), at least "
        "{min_trust} and not below {earliest_mean} on {earliest_on}."
    ),
    (Indicator.GROWING_TRUST, "no_rounds"): "No survey round recorded yet.",
    (Indicator.GROWING_TRUST, "one_sided"): (
        "The latest round, {latest_on}, lacks a trust score from one side or both "
        "(ours {ours}, partner {partner})."
    ),
    (Indicator.GROWING_TRUST, "low"): (
        "Trust {mean} in the round of {latest_on} (ours {ours}, partner {partner}); needs "
        "{min_trust}."
    ),
    (Indicator.GROWING_TRUST, "declining"): (
        "Trust {mean} in the round of {latest_on} is below {earliest_mean} on {earliest_on}."
    ),
    (Indicator.NEW_OPPORTUNITIES, "met"): (
        "Opportunities requiring deeper collaboration: {count} ({titles})."
    ),
    (Indicator.NEW_OPPORTUNITIES, "none"): (
        "Opportunities requiring deeper collaboration: {count} of {recorded} recorded "
        "(needs {min})."
    ),
    (Indicator.GOVERNANCE_WILLINGNESS, "met"): (
        "Our side: sponsor {executive_sponsor}, commitment {our_commitment}; partner: sponsor "
        "{partner_executive_sponsor}, commitment {partner_commitment}."
    ),
    (Indicator.COMBINED_VALUE, "met"): (
        "Joint outcomes with a positive value: {count}, worth {total} in total."
    ),
    (Indicator.COMBINED_VALUE, "none"): (
        "Joint outcomes with a positive value: {count} of {recorded} recorded (needs {min})."
    ),
}
INDICATOR_EVIDENCE[(Indicator.CONSISTENT_DELIVERY, "none_due")] = (
    "No commitments due in the last {window_days} days (needs {min_commitments})."
)
for _rule in ("too_few", "late", "quality"):
    INDICATOR_EVIDENCE[(Indicator.CONSISTENT_DELIVERY, _rule)] = INDICATOR_EVIDENCE[
        (Indicator.CONSISTENT_DELIVERY, "met")
    ]
for _rule in ("ours_missing", "partner_missing", "both_missing"):
    INDICATOR_EVIDENCE[(Indicator.GOVERNANCE_WILLINGNESS, _rule)] = INDICATOR_EVIDENCE[
        (Indicator.GOVERNANCE_WILLINGNESS, "met")
    ]

NEXT_STEPS: dict[tuple[Indicator, str], str] = {
    (Indicator.CONSISTENT_DELIVERY, "none_due"): (
        "Agree dated commitments with the partner ({min_commitments} or more a year) and record "
        "their delivery and quality."
    ),
    (Indicator.CONSISTENT_DELIVERY, "too_few"): (
        "Agree and record {short_by} more dated commitment{short_by_s}, and track delivery and "
        "quality."
    ),
    (Indicator.CONSISTENT_DELIVERY, "late"): (
        "Raise on-time delivery to {min_on_time_pct} %: review late commitments with the partner."
    ),
    (Indicator.CONSISTENT_DELIVERY, "quality"): (
        "Raise delivery to quality to {min_quality_pct} %: agree shared quality standards."
    ),
    (Indicator.GROWING_TRUST, "no_rounds"): (
        "Run a two-sided survey round so both leadership teams rate trust."
    ),
    (Indicator.GROWING_TRUST, "one_sided"): (
        "Ask both sides to answer the trust question in the next survey round."
    ),
    (Indicator.GROWING_TRUST, "low"): (
        "Build trust between leadership teams (joint planning, executive meetings) and survey again."
    ),
    (Indicator.GROWING_TRUST, "declining"): (
        "Find out with the partner why trust fell and act on it before deepening the relationship."
    ),
    (Indicator.NEW_OPPORTUNITIES, "none"): (
        "Identify joint opportunities that need deeper collaboration and record them."
    ),
    (Indicator.GOVERNANCE_WILLINGNESS, "ours_missing"): (
        "Name our executive sponsor or record our commitment to shared governance."
    ),
    (Indicator.GOVERNANCE_WILLINGNESS, "partner_missing"): (
        "Ask the partner to name an executive sponsor or commit to shared governance."
    ),
    (Indicator.GOVERNANCE_WILLINGNESS, "both_missing"): (
        "Both sides should name executive sponsors or commit to shared governance and joint "
        "planning."
    ),
    (Indicator.COMBINED_VALUE, "none"): (
        "Record a joint outcome that shows value neither side could capture alone."
    ),
}


def indicator_evidence(result: IndicatorResult) -> str:
    return render(INDICATOR_EVIDENCE[(result.code, result.evidence.rule)], result.evidence.facts)


def indicator_next_step(result: IndicatorResult) -> str | None:
    if result.met:
        return None
    return render(NEXT_STEPS[(result.code, result.evidence.rule)], result.evidence.facts)


# --- advisor and classification ---------------------------------------------------------

REASONS: dict[str, str] = {
    "strategic_signals": (
        "Strategic signals: {strategic_count}, the opportunity {signals} "
        "(at least {min} needed, more than the {tactical_count} tactical)."
    ),
    "fit_proven": "Fit is established: {signals}.",
    "fit_unproven": (
        "Fit is not yet proven (missing {missing}): start with a scoped tactical engagement to "
        "validate fit before a strategic commitment."
    ),
    "tactical_signals": (
        "Tactical signals: {tactical_count}, the opportunity {signals} "
        "(at least {min} needed, no fewer than the {strategic_count} strategic)."
    ),
    "undecided": (
        "Not enough signals either way: {strategic_count} strategic ({strategic}) and "
        "{tactical_count} tactical ({tactical}); {min} of one kind are needed."
    ),
    "open_questions": "Answering these would decide it: {questions}.",
}


def reason_text(reason: Trigger) -> str:
    return render(REASONS[reason.rule], reason.facts)


def question_text(factor: str) -> str:
    return QUESTIONS.get(factor, label(factor))


def driver_text(driver: Driver) -> str:
    return f"{label(driver.dimension.value)} {driver.score}/5 pulls toward {driver.pole.value}"


def element_label(element: GovernanceElement) -> str:
    return label(element.value)
