"""Strategic alliances exposed to one risk each: a partner that competes with us, a research
lab whose reviews lapsed, a programme whose agreement runs out, and a bank still in due
diligence.
"""

from __future__ import annotations

from partnerfolio.demo.cast import strategic_governance, them, us, who
from partnerfolio.demo.plot import (
    Agreement,
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
    DONE,
    QBR_NOTES,
)

STORIES: tuple[Story, ...] = (
    Story(
        name="Veridian Telecom IoT field-service bundle",
        partners=("veridian",),
        type="strategic",
        category="commercial",
        path=(
            Step(
                "proposed",
                560,
                "Hiroshi Sato",
                "Veridian proposed bundling Northwind Field Service with IoT SIMs.",
            ),
            Step(
                "due_diligence",
                540,
                "Hiroshi Sato",
                "Overlap with Veridian FieldOps to be assessed.",
            ),
            Step(
                "negotiation",
                510,
                "Daniel Osei",
                "Bundle terms and a non-solicitation clause under negotiation.",
            ),
            Step(
                "active",
                480,
                "Daniel Osei",
                "Bundle agreement signed; FieldOps stays out of the bundle's segments.",
            ),
        ),
        profile=(4, 4, 4, 4, 3, 4, 3, 3),
        term_months=36,
        governance=strategic_governance(
            us("Hiroshi Sato"),
            us("Daniel Osei"),
            them("veridian"),
            (
                "Alliance managers: Hiroshi Sato / Hana Kim",
                "Joint steering committee",
                "Executive sponsors: Daniel Osei / Gianluca Ferri",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement(
                "contract",
                "Reseller and bundle agreement with segment carve-outs",
                485,
                ends_in=610,
                renewal_in=520,
            ),
        ),
        rhythm=Rhythm(
            check_in=21,
            executive=60,
            steering=91,
            topics=(
                "bundle sales in retail shops",
                "channel conflict with FieldOps",
                "SIM activation rates",
            ),
        ),
        reviews=Reviews(every=90, last=52, notes=QBR_NOTES),
        surveys=Surveys(
            ours=(3.4, 3.6),
            partner=(3.6, 3.8),
            respondents=(("Hiroshi Sato",), (who("veridian", 1),)),
        ),
        opportunities=(
            Opportunity(
                "Bundle for plumbing and electrical trades", "won", 420000, "partner_sourced"
            ),
            Opportunity("Fleet-tracking add-on", "qualified", 610000, "partner_influenced"),
        ),
        outcomes=(Outcome("9,400 small businesses on the bundle", 60, 880000),),
        metrics=(
            Track("joint_pipeline", 3000000, 600000, 2100000, every=30, unit="EUR"),
            Track("revenue_growth", 12, 2, 8, every=91),
            Track("executive_engagement", 3, 3, 2, every=91, whole=True),
        ),
    ),
    Story(
        name="Eastmark University applied language-AI research lab",
        partners=("eastmark_university",),
        type="strategic",
        category="technological",
        path=(
            Step(
                "negotiation",
                720,
                "Priya Raman",
                "Joint lab proposed with the Chair of Language Technology.",
            ),
            Step(
                "active",
                690,
                "Priya Raman",
                "Research collaboration agreement signed; two doctoral positions funded.",
            ),
        ),
        profile=(5, 4, 3, 3, 4, 3, 4, 5),
        term_months=48,
        governance=strategic_governance(
            us("Aisha Rahman"),
            us("Priya Raman"),
            them("eastmark_university"),
            (
                "Lab leads: Aisha Rahman / Dr. Luis Romero",
                "Joint steering board",
                "Executive sponsors: Priya Raman / Prof. Annika Voss",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement(
                "contract",
                "Research collaboration agreement (joint IP, publication rights)",
                695,
                ends_in=770,
                covers_ip=True,
            ),
        ),
        rhythm=Rhythm(
            check_in=30,
            executive=90,
            steering=182,
            workshop=91,
            topics=(
                "doctoral projects",
                "benchmark datasets",
                "paper submissions",
                "student internships",
            ),
        ),
        reviews=Reviews(
            every=90,
            last=160,
            notes=("Lab review: research agenda confirmed.", "Publication plan reviewed."),
        ),
        surveys=Surveys(
            ours=(3.8, 4.0),
            partner=(4.0, 4.2),
            every=182,
            respondents=(("Aisha Rahman",), (who("eastmark_university", 1),)),
        ),
        opportunities=(
            Opportunity(
                "EU research grant for multilingual document AI",
                "proposal",
                1600000,
                "partner_sourced",
                deeper=True,
            ),
        ),
        outcomes=(Outcome("Table-extraction model transferred into DocAssist", 210, 300000),),
        metrics=(
            Track("joint_patents", 3, 0, 1, every=91, whole=True),
            Track("co_developed_products", 2, 0, 1, every=91, whole=True),
            Track(
                "research_papers",
                6,
                0,
                4,
                every=91,
                whole=True,
                name="Joint peer-reviewed publications",
                category="innovation",
                direction="higher",
                leading=False,
                unit="papers",
            ),
            Track("executive_engagement", 2, 1, 1, every=91, whole=True),
            Track("trust_score", 4.0),
        ),
    ),
    Story(
        name="Westmarch smart-grid flexibility programme",
        partners=("westmarch", "lowvale"),
        type="strategic",
        category="public_private",
        path=(
            Step(
                "proposed",
                700,
                "Tobias Lindqvist",
                "Regional call for a household flexibility platform.",
            ),
            Step(
                "due_diligence",
                690,
                "Tobias Lindqvist",
                "Data-protection and procurement checks with the agency.",
            ),
            Step(
                "negotiation",
                665,
                "Peter Novak",
                "Programme agreement for phase 1 under negotiation.",
            ),
            Step(
                "active", 640, "Peter Novak", "Phase 1 signed with the agency and the cooperative."
            ),
        ),
        profile=(4, 4, 4, 3, 4, 5, 3, 4),
        term_months=48,
        governance=strategic_governance(
            us("Tobias Lindqvist"),
            us("Peter Novak"),
            them("westmarch"),
            (
                "Programme managers: Tobias Lindqvist / Jonas Pelt",
                "Programme board (agency, cooperative, Northwind)",
                "Sponsors: Peter Novak / Dr. Marit Ek",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement("contract", "Programme agreement, phase 1", 645, ends_in=40),
            Agreement(
                "other", "Data-sharing agreement for household consumption data", 640, ends_in=800
            ),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=91,
            steering=91,
            workshop=91,
            topics=(
                "household enrolment",
                "cooperative member outreach",
                "grid operator data feed",
                "tariff pilot",
            ),
        ),
        reviews=Reviews(
            every=90,
            last=75,
            notes=(
                "Programme board: enrolment behind plan in rural areas.",
                "Phase 2 scope discussed.",
            ),
        ),
        surveys=Surveys(
            ours=(3.6, 3.9),
            partner=(3.7, 3.9),
            respondents=(("Tobias Lindqvist",), (who("westmarch", 1), who("lowvale", 1))),
        ),
        opportunities=(
            Opportunity(
                "Phase 2: flexibility market for small businesses",
                "proposal",
                2600000,
                "partner_sourced",
                deeper=True,
            ),
        ),
        outcomes=(Outcome("Winter peak reduced by 24 MW in the pilot districts", 280, 950000),),
        metrics=(
            Track(
                "households_enrolled",
                20000,
                1500,
                16800,
                every=30,
                name="Households enrolled in demand response",
                category="strategic_value",
                direction="higher",
                leading=True,
                unit="households",
            ),
            Track(
                "peak_load_shifted_mw",
                40,
                4,
                31,
                every=30,
                name="Peak load shifted",
                category="strategic_value",
                direction="higher",
                leading=False,
                unit="MW",
            ),
            Track("executive_engagement", 3, 2, 2, every=91, whole=True),
            Track("trust_score", 4.5),
        ),
    ),
    Story(
        name="Aldercrest Bank small-business lending marketplace",
        partners=("aldercrest",),
        type="strategic",
        category="commercial",
        path=(
            Step(
                "proposed",
                120,
                "Beatriz Lima",
                "Offer Aldercrest credit lines inside Northwind ERP.",
            ),
            Step(
                "due_diligence",
                50,
                "Beatriz Lima",
                "Credit-risk, culture and incentive checks before any commitment.",
            ),
        ),
        profile=(4, 4, 4, 4, 3, 4, 4, 3),
        opportunity={
            "sustained_collaboration": True,
            "new_market_entry": True,
            "joint_capability": True,
            "well_defined_need": True,
            "proven_track_record": False,
            "due_diligence_complete": False,
        },
        governance=strategic_governance(
            us("Beatriz Lima"),
            us("Daniel Osei"),
            them("aldercrest"),
            (),
            steering=False,
            joint_plan=False,
            metrics_defined=False,
        ),
        due_diligence=("pending", "done", "pending"),
        agreements=(Agreement("other", "Mutual non-disclosure agreement", 110),),
        rhythm=Rhythm(
            check_in=21,
            workshop=30,
            topics=("credit-decision API", "data-sharing consent", "pricing model"),
        ),
        opportunities=(
            Opportunity(
                "Embedded credit lines for 30,000 ERP customers",
                "identified",
                4000000,
                "partner_sourced",
                deeper=True,
            ),
        ),
    ),
)
