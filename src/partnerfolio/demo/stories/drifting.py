"""Strategic alliances drifting or ending: executives who stopped meeting, trust that fell,
a programme under review, a joint venture being wound down and an alliance ended after
an acquisition.
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
        name="Meridian Health clinical-scheduling alliance",
        partners=("meridian",),
        type="strategic",
        category="commercial",
        path=(
            Step(
                "proposed",
                726,
                "Victor Hale",
                "Meridian wants to co-sell scheduling to other hospital groups.",
            ),
            Step("due_diligence", 715, "Victor Hale", "Clinical-safety and incentive checks."),
            Step("negotiation", 705, "Oliver Grant", "Reference-site and co-sell terms."),
            Step("active", 690, "Oliver Grant", "Alliance signed at Meridian's annual conference."),
        ),
        profile=(4, 4, 4, 4, 4, 4, 4, 3),
        term_months=36,
        governance=strategic_governance(
            us("Victor Hale"),
            us("Oliver Grant"),
            them("meridian"),
            (
                "Alliance managers: Victor Hale / Lisa Brennan",
                "Joint steering committee",
                "Executive sponsors: Oliver Grant / Dr. Paul Okonkwo",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement(
                "contract", "Co-sell and reference-site agreement", 695, ends_in=400, renewal_in=310
            ),
        ),
        rhythm=Rhythm(
            check_in=21,
            executive=30,
            steering=91,
            executive_recent=100,
            topics=(
                "hospital pipeline",
                "reference visits",
                "integration backlog",
                "clinical-safety case",
            ),
        ),
        reviews=Reviews(
            every=90,
            last=45,
            notes=("Pipeline thin; sponsors to re-commit.", "Two deals slipped a quarter."),
        ),
        surveys=Surveys(
            ours=(4.0, 3.2),
            partner=(4.0, 3.0),
            questions={"trust": {"ours": (4.0, 2.5), "partner": (4.0, 2.0)}},
            respondents=(("Victor Hale", "Oliver Grant"), (who("meridian", 1), who("meridian"))),
        ),
        opportunities=(
            Opportunity("St. Brigid hospital group scheduling", "lost", 900000, "partner_sourced"),
            Opportunity("Northcoast clinics roll-out", "proposal", 600000, "partner_influenced"),
        ),
        outcomes=(Outcome("Operating-theatre utilisation up 9 % at Meridian", 400, 1200000),),
        metrics=(
            Track("revenue_growth", 18, 12, 7, every=91),
            Track("executive_engagement", 3, 4, 1, every=91, whole=True),
            Track("joint_pipeline", 3000000, 2600000, 1200000, every=30, unit="EUR"),
            Track("trust_score", 4.0),
        ),
    ),
    Story(
        name="Tessaract Security managed-detection alliance",
        partners=("tessaract",),
        type="strategic",
        category="technological",
        path=(
            Step(
                "negotiation",
                650,
                "Yusuf Demir",
                "Managed detection for ERP audit logs, sold together.",
            ),
            Step("active", 620, "Yusuf Demir", "Licence and co-sell agreement signed."),
        ),
        profile=(4, 4, 4, 4, 3, 4, 4, 3),
        term_months=36,
        governance=strategic_governance(
            us("Yusuf Demir"),
            us("Priya Raman"),
            them("tessaract"),
            (
                "Alliance managers: Yusuf Demir / Amy Chen",
                "Joint steering committee",
                "Executive sponsors: Priya Raman / Nikolai Petrov",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement(
                "licence",
                "Detection-content licence and co-sell agreement",
                625,
                ends_in=470,
                covers_ip=True,
            ),
        ),
        rhythm=Rhythm(
            check_in=21,
            executive=60,
            steering=91,
            executive_quiet=230,
            topics=("detection rules for ERP", "incident hand-offs", "joint customers' alerts"),
        ),
        reviews=Reviews(
            every=90,
            last=60,
            notes=("Operational review only; sponsors absent.", "Detection rules updated."),
        ),
        surveys=Surveys(
            ours=(3.9, 3.5),
            partner=(3.9, 3.6),
            respondents=(("Yusuf Demir",), (who("tessaract", 1),)),
        ),
        opportunities=(Opportunity("Security add-on for ERP Cloud", "qualified", 800000, "ours"),),
        outcomes=(Outcome("Two ransomware attempts stopped at joint customers", 330, 250000),),
        metrics=(
            Track("revenue_growth", 10, 4, 6, every=91),
            Track("co_developed_products", 3, 1, 2, every=91, whole=True),
            Track(
                "mean_time_to_detect_hours",
                4,
                9,
                6.5,
                every=30,
                name="Mean time to detect on ERP logs",
                category="strategic_value",
                direction="lower",
                leading=False,
                unit="hours",
            ),
            Track("trust_score", 4.0),
        ),
    ),
    Story(
        name="Castellan embedded small-business insurance programme",
        partners=("castellan",),
        type="strategic",
        category="commercial",
        path=(
            Step(
                "proposed",
                720,
                "Beatriz Lima",
                "Offer Castellan cover at checkout in Northwind Commerce.",
            ),
            Step(
                "due_diligence",
                700,
                "Beatriz Lima",
                "Regulatory and incentive checks in nine markets.",
            ),
            Step("negotiation", 665, "Daniel Osei", "Commission and data terms."),
            Step("active", 630, "Daniel Osei", "Programme agreement signed."),
            Step(
                "under_review",
                45,
                "Daniel Osei",
                "Attach rate a third of plan; review the model before renewal.",
            ),
        ),
        profile=(4, 4, 3, 4, 3, 4, 3, 4),
        term_months=36,
        governance=strategic_governance(
            us("Beatriz Lima"),
            us("Daniel Osei"),
            them("castellan"),
            (
                "Programme managers: Beatriz Lima / Maya Singh",
                "Joint steering committee",
                "Executive sponsors: Daniel Osei / Edward Vance",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement("contract", "Embedded insurance programme agreement", 635, ends_in=460),
        ),
        rhythm=Rhythm(
            check_in=21,
            executive=60,
            steering=91,
            topics=("checkout conversion", "claims experience", "broker conflicts"),
        ),
        reviews=Reviews(
            every=90,
            last=40,
            notes=QBR_NOTES,
            special=(
                (
                    44,
                    "escalate",
                    "Programme under review: conversion, pricing and Castellan's resourcing.",
                ),
            ),
        ),
        surveys=Surveys(
            ours=(3.8, 3.4),
            partner=(3.6, 3.2),
            questions={"commitment": {"ours": (4.0, 3.5), "partner": (3.5, 2.0)}},
            respondents=(("Beatriz Lima",), (who("castellan", 1), who("castellan"))),
        ),
        opportunities=(
            Opportunity("Cyber cover for ERP customers", "identified", 500000, "partner_sourced"),
        ),
        outcomes=(Outcome("1,600 policies sold at checkout", 50, 190000),),
        metrics=(
            Track(
                "policies_attached",
                5000,
                200,
                1600,
                every=30,
                name="Policies sold through Northwind checkout",
                category="strategic_value",
                direction="higher",
                leading=False,
                unit="policies",
            ),
            Track("revenue_growth", 12, 1, 4, every=91),
            Track("trust_score", 4.0),
        ),
    ),
    Story(
        name="Solstice Retail joint venture for mid-market commerce",
        partners=("solstice",),
        type="strategic",
        category="commercial",
        path=(
            Step(
                "negotiation",
                726,
                "Elena Marsh",
                "Joint venture to sell Northwind Commerce with Solstice POS.",
            ),
            Step("active", 700, "Elena Marsh", "Joint venture incorporated."),
            Step(
                "winding_down",
                75,
                "Elena Marsh",
                "Solstice launched its own e-commerce suite. Exit plan: customers migrate to Northwind "
                "Commerce by the JV's end date; Solstice keeps the POS connector.",
            ),
        ),
        profile=(5, 4, 5, 5, 4, 5, 5, 3),
        term_months=60,
        governance=strategic_governance(
            us("Elena Marsh"),
            us("Hannah Becker"),
            them("solstice"),
            (
                "JV managing directors",
                "JV board",
                "Shareholder representatives: Hannah Becker / Victoria Ashby",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement("joint_venture", "Joint venture agreement (50/50)", 705, ends_in=40),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=60,
            steering=91,
            topics=("customer migration waves", "staff transfer", "POS connector"),
        ),
        reviews=Reviews(
            every=90,
            last=165,
            notes=("JV board: revenue behind plan.",),
            special=(
                (75, "wind_down", "Wind-down decided by the JV board; exit plan approved."),
                (8, "exit", "Final review before dissolution: 212 of 260 customers migrated."),
            ),
        ),
        surveys=Surveys(
            ours=(4.0, 3.0),
            partner=(4.0, 3.1),
            respondents=(("Elena Marsh",), (who("solstice", 1),)),
        ),
        outcomes=(Outcome("260 retailers live on the joint offer", 300, 2100000),),
        metrics=(
            Track("revenue_growth", 20, 14, 6, every=91),
            Track("joint_pipeline", 4000000, 3200000, 900000, every=30, unit="EUR"),
            Track("trust_score", 4.0),
        ),
    ),
    Story(
        name="Cobalt Mobile SDK alliance",
        partners=("cobalt",),
        type="strategic",
        category="technological",
        path=(
            Step(
                "proposed",
                726,
                "Isabel Cruz",
                "Cobalt's offline sync could power the Northwind mobile apps.",
            ),
            Step("due_diligence", 718, "Isabel Cruz", "SDK code review and licence terms."),
            Step("negotiation", 705, "Martin Achebe", "Co-development terms."),
            Step(
                "active", 690, "Martin Achebe", "SDK licence and co-development agreement signed."
            ),
            Step(
                "winding_down",
                200,
                "Martin Achebe",
                "Cobalt acquired by a competitor. Exit plan: replace the SDK within two releases, licence runs out.",
            ),
            Step("ended", 110, "Martin Achebe", "SDK replaced in all apps; licence ended."),
        ),
        profile=(4, 4, 4, 3, 3, 4, 4, 4),
        term_months=36,
        governance=strategic_governance(
            us("Isabel Cruz"),
            us("Martin Achebe"),
            them("cobalt"),
            (
                "Product leads: Isabel Cruz / Emma Novak",
                "Joint steering committee",
                "Sponsors: Martin Achebe / Lucas Moreno",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement(
                "licence",
                "SDK licence and co-development agreement",
                695,
                ends_in=-110,
                covers_ip=True,
            ),
        ),
        rhythm=Rhythm(
            check_in=30,
            executive=91,
            steering=91,
            topics=("offline sync defects", "SDK upgrade", "replacement plan"),
        ),
        reviews=Reviews(
            every=90,
            last=290,
            notes=QBR_NOTES,
            special=(
                (200, "wind_down", "Cobalt's new owner competes with us; wind down."),
                (112, "exit", "Exit completed."),
            ),
        ),
        surveys=Surveys(
            ours=(4.0, 3.4),
            partner=(4.0, 3.6),
            last=230,
            respondents=(("Isabel Cruz",), (who("cobalt", 1),)),
        ),
        outcomes=(Outcome("Offline mode shipped in the field-service app", 450, 400000),),
        metrics=(
            Track("co_developed_products", 3, 0, 2, every=91, whole=True),
            Track("revenue_growth", 10, 2, 5.5, every=91),
            Track("trust_score", 4.0),
        ),
    ),
)
