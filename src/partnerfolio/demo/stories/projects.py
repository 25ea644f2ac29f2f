"""Tactical projects, campaigns and licences: a campaign nobody owns, a migration factory
gone quiet, a map licence that is strategic in all but name, a course production under
review, an agency pitch, a joint ERP roll-out and an open-data pilot.
"""

from __future__ import annotations

from partnerfolio.demo.cast import tactical_governance, us, who
from partnerfolio.demo.plot import (
    Agreement,
    Commitments,
    Opportunity,
    Outcome,
    Reviews,
    Rhythm,
    Step,
    Story,
    Surveys,
    Track,
)
from partnerfolio.demo.stories.common import (
    STATUS_NOTES,
    TACTICAL_ANSWERS,
)

STORIES: tuple[Story, ...] = (
    Story(
        name="Penny Lane Media webinar series",
        partners=("pennylane",),
        type="tactical",
        category="commercial",
        path=(
            Step(
                "active",
                160,
                "Laura Castellanos",
                "Six-webinar sponsorship for finance leaders signed.",
            ),
        ),
        profile=(1, 2, 1, 1, 1, 1, 1, 2),
        term_months=9,
        opportunity={**TACTICAL_ANSWERS, "joint_campaign": True},
        governance=tactical_governance(None),
        agreements=(Agreement("contract", "Webinar sponsorship agreement", 165, ends_in=110),),
        rhythm=Rhythm(
            check_in=30, topics=("speaker line-up", "registration numbers", "lead hand-over")
        ),
        reviews=Reviews(
            every=30,
            last=15,
            notes=(
                "Campaign review: owner moved to product marketing; nobody named since.",
                "Lead quality discussed.",
            ),
        ),
        surveys=Surveys(
            ours=(3.5, 3.5),
            partner=(3.8, 3.8),
            every=60,
            respondents=(("Laura Castellanos",), (who("pennylane", 1),)),
        ),
        outcomes=(Outcome("Webinar 3 sourced four enterprise demos", 40, 60000),),
        metrics=(
            Track(
                "webinar_registrations",
                3000,
                700,
                1900,
                every=30,
                name="Webinar registrations",
                category="strategic_value",
                direction="higher",
                leading=True,
                unit="people",
            ),
            Track(
                "marketing_qualified_leads",
                400,
                60,
                210,
                every=30,
                name="Marketing-qualified leads",
                category="strategic_value",
                direction="higher",
                leading=False,
                unit="leads",
            ),
            Track("satisfaction_score", 4.0),
        ),
    ),
    Story(
        name="DataMigr8 legacy ERP migration factory",
        partners=("datamigr8",),
        type="tactical",
        category="operational",
        path=(
            Step(
                "active",
                380,
                "Marcus Feld",
                "Migration factory contracted for 40 on-premises customers.",
            ),
        ),
        profile=(2, 2, 2, 2, 2, 1, 2, 1),
        term_months=18,
        opportunity={**TACTICAL_ANSWERS, "capacity_supplement": True},
        governance=tactical_governance(us("Marcus Feld")),
        agreements=(Agreement("sow", "Migration factory statement of work", 385, ends_in=170),),
        commitments=Commitments(
            titles=tuple(f"Migration wave {n} (five customers)" for n in range(1, 9)),
            first=340,
            last=30,
            late=frozenset({4, 6}),
            open=frozenset({7}),
        ),
        rhythm=Rhythm(
            check_in=21,
            quiet=75,
            topics=("wave cut-over", "data-quality defects", "customer sign-offs"),
        ),
        reviews=Reviews(every=30, last=80, notes=STATUS_NOTES),
        surveys=Surveys(
            ours=(3.8, 3.2),
            partner=(3.8, 3.4),
            respondents=(("Marcus Feld",), (who("datamigr8", 1),)),
        ),
        metrics=(
            Track("on_time_completion", 0.95, 1.0, 0.45, every=30),
            Track("budget_adherence", 1.0, 1.0, 0.72, every=30),
            Track(
                "task_completion", 1.0, 0.1, 0.4, every=30, name="Customers migrated against plan"
            ),
        ),
    ),
    Story(
        name="Atlas Geodata mapping and routing licence",
        partners=("atlas",),
        type="tactical",
        category="technological",
        path=(
            Step(
                "active",
                700,
                "Hiroshi Sato",
                "Map licence bought for route planning in Field Service.",
            ),
        ),
        profile=(5, 4, 4, 3, 3, 3, 5, 3),
        term_months=60,
        governance=tactical_governance(us("Hiroshi Sato")),
        agreements=(
            Agreement(
                "licence",
                "Map data and routing API licence (five years)",
                705,
                ends_in=1120,
                covers_ip=True,
            ),
        ),
        rhythm=Rhythm(
            check_in=30, topics=("routing quality", "map updates", "API quotas", "joint roadmap")
        ),
        reviews=Reviews(every=30, last=14, notes=("Licence review: usage within quota.",)),
        surveys=Surveys(
            ours=(3.8, 4.0),
            partner=(4.0, 4.0),
            every=182,
            respondents=(("Hiroshi Sato",), (who("atlas", 1),)),
        ),
        outcomes=(
            Outcome("Route planning cut drive time 12 % for field technicians", 300, 900000),
        ),
        metrics=(
            Track("sla_compliance", 0.999, 0.998, 0.9985, every=30),
            Track(
                "geocoding_match_rate",
                0.97,
                0.92,
                0.95,
                every=30,
                name="Addresses geocoded at rooftop accuracy",
                category="innovation",
                direction="higher",
                leading=False,
                unit="ratio",
            ),
            Track("budget_adherence", 1.0, 1.0, 0.8, every=91),
        ),
    ),
    Story(
        name="Brightpath course production for Northwind Academy",
        partners=("brightpath",),
        type="tactical",
        category="operational",
        path=(
            Step(
                "negotiation",
                420,
                "Oliver Grant",
                "Course production outsourced for the new Academy.",
            ),
            Step("active", 400, "Oliver Grant", "Statement of work signed for ten courses."),
            Step(
                "under_review",
                35,
                "Oliver Grant",
                "Three modules late and one failed its quality review.",
            ),
        ),
        profile=(2, 2, 2, 2, 2, 2, 2, 2),
        term_months=15,
        opportunity=TACTICAL_ANSWERS,
        governance=tactical_governance(us("Oliver Grant")),
        agreements=(
            Agreement("sow", "Academy course production statement of work", 405, ends_in=75),
        ),
        commitments=Commitments(
            titles=tuple(f"Academy course {n}" for n in range(1, 11)),
            first=360,
            last=20,
            late=frozenset({5, 7, 8}),
            poor=frozenset({7}),
        ),
        rhythm=Rhythm(
            check_in=14, topics=("storyboard approvals", "studio bookings", "LMS upload")
        ),
        reviews=Reviews(
            every=30,
            last=8,
            notes=STATUS_NOTES,
            special=((35, "escalate", "Put under review: delays and a failed quality review."),),
        ),
        surveys=Surveys(
            ours=(3.8, 3.2),
            partner=(3.6, 3.4),
            questions={"satisfaction": {"ours": (4.0, 3.0), "partner": (3.5, 3.5)}},
            respondents=(("Oliver Grant",), (who("brightpath", 1),)),
        ),
        metrics=(
            Track("on_time_completion", 0.9, 1.0, 0.6, every=30),
            Track("deliverable_quality", 0.95, 1.0, 0.8, every=30),
            Track(
                "course_completion_rate",
                0.7,
                0.4,
                0.52,
                every=30,
                name="Learners completing a course",
                category="strategic_value",
                direction="higher",
                leading=False,
                unit="ratio",
            ),
        ),
    ),
    Story(
        name="Studio Oberon partner-portal redesign",
        partners=("oberon",),
        type="tactical",
        category="operational",
        path=(
            Step(
                "proposed",
                25,
                "Oliver Grant",
                "Three agencies asked to pitch a partner-portal redesign.",
            ),
        ),
        profile=(1, 2, 1, 1, 1, 1, 1, 2),
        opportunity=TACTICAL_ANSWERS,
        governance=tactical_governance(us("Oliver Grant")),
        rhythm=Rhythm(check_in=None, workshop=30, topics=("brief",)),
    ),
    Story(
        name="Brightline Halden Foods ERP roll-out",
        partners=("brightline",),
        type="tactical",
        category="commercial",
        path=(
            Step(
                "active",
                260,
                "Mateo Rossi",
                "Joint delivery: Brightline implements, Northwind licenses.",
            ),
        ),
        profile=(2, 3, 3, 2, 3, 2, 2, 2),
        term_months=12,
        opportunity=TACTICAL_ANSWERS,
        governance=tactical_governance(us("Mateo Rossi")),
        agreements=(
            Agreement("sow", "Halden Foods joint delivery statement of work", 265, ends_in=110),
        ),
        commitments=Commitments(
            titles=(
                "Blueprint signed off",
                "Finance module configured",
                "Supply-chain module configured",
                "Data migration rehearsal",
                "User-acceptance testing",
                "Go-live of wave 1 (three plants)",
                "Hypercare exit",
            ),
            first=230,
            last=15,
            late=frozenset({4}),
        ),
        rhythm=Rhythm(
            check_in=7, topics=("cut-over plan", "defect burn-down", "key-user training")
        ),
        reviews=Reviews(every=30, last=9, notes=STATUS_NOTES),
        surveys=Surveys(
            ours=(3.9, 4.1),
            partner=(3.8, 4.0),
            respondents=(("Mateo Rossi",), (who("brightline", 1),)),
        ),
        metrics=(
            Track("on_time_completion", 0.95, 1.0, 0.86, every=30),
            Track("budget_adherence", 1.0, 1.0, 0.94, every=30),
            Track("project_margin", 22, 24, 19, every=30),
            Track("satisfaction_score", 4.0),
        ),
    ),
    Story(
        name="Eastmark Transit open-data ticketing pilot",
        partners=("eastmark_transit",),
        type="tactical",
        category="public_private",
        path=(
            Step(
                "active",
                330,
                "Tobias Lindqvist",
                "Pilot contract awarded under the open-data programme.",
            ),
        ),
        profile=(2, 3, 2, 2, 3, 2, 2, 3),
        term_months=18,
        governance=tactical_governance(
            us("Tobias Lindqvist"), sponsor=us("Peter Novak"), criteria=True
        ),
        agreements=(Agreement("contract", "Open-data ticketing pilot contract", 335, ends_in=210),),
        commitments=Commitments(
            titles=(
                "Ridership data feed",
                "Open-data API published",
                "Fare-calculation service",
                "Accessibility audit",
                "Developer portal",
                "Pilot evaluation report",
            ),
            first=300,
            last=20,
        ),
        rhythm=Rhythm(check_in=21, topics=("API usage", "data licences", "developer feedback")),
        reviews=Reviews(every=30, last=22, notes=("Pilot review: API adoption ahead of plan.",)),
        surveys=Surveys(
            ours=(3.6, 4.1),
            partner=(3.6, 4.1),
            respondents=(("Tobias Lindqvist",), (who("eastmark_transit", 1),)),
        ),
        opportunities=(
            Opportunity(
                "Region-wide account-based ticketing",
                "identified",
                2400000,
                "partner_sourced",
                deeper=True,
            ),
        ),
        outcomes=(Outcome("Third-party journey planners now use live fares", 60, 180000),),
        metrics=(
            Track(
                "open_data_api_calls",
                2000000,
                100000,
                1650000,
                every=30,
                name="Open-data API calls per month",
                category="strategic_value",
                direction="higher",
                leading=True,
                unit="calls",
            ),
            Track("on_time_completion", 0.9, 1.0, 1.0, every=30),
            Track("satisfaction_score", 4.0),
        ),
    ),
)
