"""Tactical vendors and contractors: an event producer, testers and a help desk for extra
capacity, a localisation vendor that has earned a promotion, an over-governed penetration
test, a cost audit about to end, and a hosting contract being wound down.
"""

from __future__ import annotations

from partnerfolio.demo.cast import tactical_governance, them, us, who
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
    TypeChange,
)
from partnerfolio.demo.stories.common import (
    DONE,
    STATUS_NOTES,
    TACTICAL_ANSWERS,
)

STORIES: tuple[Story, ...] = (
    Story(
        name="Northwind Summit launch event production",
        partners=("stagecraft",),
        type="tactical",
        category="operational",
        path=(
            Step(
                "negotiation",
                470,
                "Julia Santos",
                "Three producers pitched; Stagecraft chosen for its hybrid studio.",
            ),
            Step("active", 440, "Julia Santos", "Production contract signed."),
            Step(
                "winding_down",
                330,
                "Julia Santos",
                "Summit delivered; closing invoices and footage hand-over.",
            ),
            Step("ended", 300, "Julia Santos", "All deliverables accepted."),
        ),
        profile=(1, 2, 2, 1, 1, 1, 1, 2),
        term_months=5,
        opportunity={**TACTICAL_ANSWERS, "joint_campaign": True},
        governance=tactical_governance(us("Julia Santos"), cadence=14),
        agreements=(Agreement("sow", "Summit production statement of work", 445, ends_in=-300),),
        commitments=Commitments(
            titles=(
                "Venue and stage design approved",
                "Streaming rehearsal",
                "Keynote production",
                "Live event (1,200 on site, 1,650 online)",
                "Edited session recordings delivered",
            ),
            first=420,
            last=320,
        ),
        rhythm=Rhythm(
            check_in=7,
            topics=("run of show", "speaker rehearsals", "streaming set-up", "venue logistics"),
        ),
        reviews=Reviews(every=30, last=310, notes=("Production review: on budget.",)),
        surveys=Surveys(
            ours=(4.5, 4.5),
            partner=(4.5, 4.5),
            last=315,
            respondents=(("Julia Santos",), (who("stagecraft", 1),)),
        ),
        outcomes=(Outcome("Summit: 2,850 attendees and 310 sales meetings", 340, 520000),),
        metrics=(
            Track("budget_adherence", 1.0, 1.0, 0.96, every=30, since=400),
            Track("satisfaction_score", 4.0),
            Track(
                "attendees",
                2500,
                1200,
                2850,
                every=30,
                since=380,
                name="Summit attendees (on site and online)",
                category="strategic_value",
                direction="higher",
                leading=False,
                unit="people",
            ),
        ),
        types=(TypeChange("tactical", 470, "Julia Santos", "A one-off event production."),),
    ),
    Story(
        name="TestForge regression-testing capacity",
        partners=("testforge",),
        type="tactical",
        category="operational",
        path=(
            Step(
                "active", 450, "Samuel Adeyemi", "Capacity contract signed for the release train."
            ),
        ),
        profile=(2, 2, 2, 1, 2, 1, 1, 2),
        term_months=24,
        opportunity={**TACTICAL_ANSWERS, "capacity_supplement": True},
        governance=tactical_governance(us("Samuel Adeyemi")),
        agreements=(
            Agreement("sow", "Regression-testing capacity statement of work", 455, ends_in=280),
        ),
        commitments=Commitments(
            titles=tuple(f"Regression cycle for release 24.{n}" for n in range(1, 13)),
            first=430,
            last=12,
            late=frozenset({7}),
        ),
        rhythm=Rhythm(
            check_in=14, topics=("test-case backlog", "flaky tests", "release-readiness sign-off")
        ),
        reviews=Reviews(every=30, last=16, notes=STATUS_NOTES),
        surveys=Surveys(
            ours=(3.9, 4.1),
            partner=(3.9, 4.0),
            every=182,
            respondents=(("Samuel Adeyemi",), (who("testforge", 1),)),
        ),
        metrics=(
            Track("on_time_completion", 0.95, 0.9, 0.96, every=30),
            Track("deliverable_quality", 0.95, 0.92, 0.97, every=30),
            Track("budget_adherence", 1.0, 0.97, 0.99, every=91),
            Track(
                "escaped_defects",
                5,
                9,
                4,
                every=30,
                whole=True,
                name="Defects found in production per release",
                category="innovation",
                direction="lower",
                leading=False,
                unit="defects",
            ),
        ),
    ),
    Story(
        name="LinguaBridge localisation of release waves",
        partners=("linguabridge",),
        type="tactical",
        category="operational",
        path=(
            Step("negotiation", 630, "Chloé Martin", "Localisation vendor for 24 languages."),
            Step(
                "active",
                600,
                "Chloé Martin",
                "Framework agreement and first statement of work signed.",
            ),
        ),
        profile=(3, 3, 3, 2, 3, 2, 3, 3),
        term_months=24,
        opportunity=TACTICAL_ANSWERS,
        governance=tactical_governance(
            us("Chloé Martin"), ours_commit=True, partner_commit=True, criteria=True
        ),
        due_diligence=DONE,
        agreements=(Agreement("sow", "Localisation framework agreement", 605, ends_in=130),),
        commitments=Commitments(
            titles=tuple(
                f"Release wave {n}: UI and help centre in all live languages" for n in range(1, 15)
            ),
            first=560,
            last=10,
            late=frozenset({2}),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=120,
            workshop=120,
            topics=(
                "terminology questions",
                "translation memory clean-up",
                "in-context review",
                "new languages",
            ),
        ),
        reviews=Reviews(
            every=30,
            last=12,
            notes=STATUS_NOTES,
            special=(
                (
                    40,
                    "continue",
                    "Both sides propose a joint machine-translation module; readiness review next.",
                ),
            ),
        ),
        surveys=Surveys(
            ours=(3.8, 4.4),
            partner=(3.9, 4.4),
            questions={"trust": {"ours": (3.5, 4.5), "partner": (3.5, 4.5)}},
            respondents=(
                ("Chloé Martin", "Martin Achebe"),
                (who("linguabridge", 1), who("linguabridge")),
            ),
        ),
        opportunities=(
            Opportunity(
                "Machine-translation module for DocAssist (co-developed)",
                "qualified",
                900000,
                "ours",
                deeper=True,
            ),
            Opportunity("Localisation for the public-sector edition", "identified", 150000, "ours"),
        ),
        outcomes=(
            Outcome("Time to market for a new language cut from nine to three weeks", 200, 310000),
        ),
        metrics=(
            Track("on_time_completion", 0.9, 0.85, 0.95, every=30),
            Track("deliverable_quality", 0.95, 0.93, 0.98, every=30),
            Track("satisfaction_score", 4.0),
            Track("trust_score", 4.2),
            Track(
                "languages_live",
                24,
                12,
                22,
                every=30,
                whole=True,
                name="Languages live in the product",
                category="innovation",
                direction="higher",
                leading=False,
                unit="languages",
            ),
        ),
        types=(TypeChange("tactical", 600, "Chloé Martin", "A scoped localisation vendor."),),
    ),
    Story(
        name="Ironbridge penetration testing of the customer portal",
        partners=("ironbridge",),
        type="tactical",
        category="operational",
        path=(
            Step(
                "active",
                150,
                "Yusuf Demir",
                "Penetration-testing contract signed after a board request.",
            ),
        ),
        profile=(1, 1, 2, 2, 1, 3, 1, 1),
        term_months=9,
        opportunity=TACTICAL_ANSWERS,
        governance=tactical_governance(
            us("Ravi Menon"),
            sponsor=us("Yusuf Demir"),
            partner_sponsor=them("ironbridge"),
            steering=True,
            escalation=("Test lead: Nina Sorensen", "CISO: Yusuf Demir"),
        ),
        agreements=(Agreement("sow", "Penetration-testing statement of work", 155, ends_in=120),),
        commitments=Commitments(
            titles=(
                "External perimeter test",
                "Customer-portal application test",
                "API test",
                "Retest of critical findings",
            ),
            first=120,
            last=15,
        ),
        rhythm=Rhythm(
            check_in=14, executive=60, steering=30, topics=("findings triage", "retest scheduling")
        ),
        reviews=Reviews(
            every=30,
            last=10,
            notes=("Steering committee for a four-week test: findings reviewed.",),
        ),
        metrics=(
            Track("on_time_completion", 0.95, 1.0, 1.0, every=30, since=110),
            Track("deliverable_quality", 0.95, 1.0, 1.0, every=30, since=110),
            Track("budget_adherence", 1.0, 1.0, 0.92, every=30, since=110),
        ),
    ),
    Story(
        name="CallNest helpdesk overflow support",
        partners=("callnest",),
        type="tactical",
        category="operational",
        path=(
            Step("active", 300, "Greta Lindholm", "Overflow support for peak season contracted."),
        ),
        profile=(2, 2, 2, 1, 2, 2, 1, 1),
        term_months=12,
        opportunity={**TACTICAL_ANSWERS, "capacity_supplement": True},
        governance=tactical_governance(us("Greta Lindholm")),
        agreements=(Agreement("contract", "Overflow support services contract", 305, ends_in=90),),
        rhythm=Rhythm(
            check_in=14,
            topics=("ticket routing", "escalations back to Northwind", "knowledge base gaps"),
        ),
        reviews=Reviews(
            every=30, last=20, notes=("Service review: SLA missed on complex tickets.",)
        ),
        surveys=Surveys(
            ours=(3.8, 3.8),
            partner=(3.6, 3.4),
            every=60,
            questions={"satisfaction": {"ours": (4.0, 4.0), "partner": (3.5, 2.5)}},
            respondents=(("Greta Lindholm",), (who("callnest", 1),)),
        ),
        metrics=(
            Track("sla_compliance", 0.9, 0.92, 0.78, every=7, since=180),
            Track("satisfaction_score", 4.0),
            Track(
                "first_contact_resolution",
                0.75,
                0.7,
                0.61,
                every=30,
                name="Tickets resolved on first contact",
                category="strategic_value",
                direction="higher",
                leading=False,
                unit="ratio",
            ),
        ),
    ),
    Story(
        name="Cloudwise FinOps cloud-cost audit",
        partners=("finops",),
        type="tactical",
        category="operational",
        path=(Step("active", 130, "Felix Wagner", "Cost audit of the production cloud estate."),),
        profile=(1, 2, 1, 1, 1, 1, 1, 2),
        term_months=5,
        opportunity=TACTICAL_ANSWERS,
        governance=tactical_governance(us("Felix Wagner"), cadence=60),
        agreements=(Agreement("sow", "Cloud-cost audit statement of work", 135, ends_in=30),),
        commitments=Commitments(
            titles=(
                "Cost-allocation baseline",
                "Rightsizing recommendations",
                "Savings-plan proposal",
            ),
            first=100,
            last=20,
        ),
        rhythm=Rhythm(check_in=14, topics=("tagging coverage", "rightsizing", "savings plans")),
        reviews=Reviews(
            every=60, last=50, notes=("Audit review: savings identified ahead of plan.",)
        ),
        metrics=(
            Track("cost_savings", 500000, 80000, 430000, every=30, since=110, unit="EUR per year"),
            Track("budget_adherence", 1.0, 1.0, 1.0, every=30, since=110),
        ),
    ),
    Story(
        name="RackHaven legacy data-centre hosting",
        partners=("rackhaven",),
        type="tactical",
        category="operational",
        path=(
            Step(
                "active",
                726,
                "Kenji Watanabe",
                "Hosting contract recorded when the portfolio was set up.",
            ),
            Step(
                "winding_down",
                120,
                "Kenji Watanabe",
                "Workloads move to Nimbus Grid; exit by the contract's end.",
            ),
        ),
        profile=(3, 2, 2, 1, 2, 2, 3, 1),
        governance=tactical_governance(us("Kenji Watanabe")),
        agreements=(Agreement("contract", "Managed hosting contract", 725, ends_in=150),),
        rhythm=Rhythm(
            check_in=30, topics=("migration cut-overs", "decommissioning", "backup retention")
        ),
        reviews=Reviews(
            every=30,
            last=15,
            notes=("Service review: no incidents.",),
            special=((120, "wind_down", "Exit plan: migrate remaining servers by month four."),),
        ),
        metrics=(
            Track("sla_compliance", 0.999, 0.999, 0.998, every=30),
            Track(
                "task_completion", 1.0, 0.05, 0.55, every=30, since=110, name="Servers migrated out"
            ),
        ),
    ),
)
