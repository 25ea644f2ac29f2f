"""Tests of fit not yet begun, in doubt or failed, and a proposal nobody has typed yet."""

from __future__ import annotations

from partnerfolio.demo.cast import tactical_governance, us, who
from partnerfolio.demo.plot import (
    Agreement,
    Commitments,
    Opportunity,
    Reviews,
    Rhythm,
    Step,
    Story,
    Surveys,
    Track,
    TypeChange,
)
from partnerfolio.demo.stories.common import (
    HYBRID_ANSWERS,
    PILOT_NOTES,
)

STORIES: tuple[Story, ...] = (
    Story(
        name="Vantage Payroll data-connector pilot",
        partners=("vantage",),
        type="hybrid",
        category="technological",
        path=(
            Step("proposed", 90, "Ravi Menon", "Customers ask for payroll data in Northwind ERP."),
            Step("due_diligence", 40, "Ravi Menon", "API sandbox evaluation and incentive check."),
        ),
        profile=(3, 3, 3, 2, 2, 2, 3, 3),
        opportunity={
            "platform_codevelopment": True,
            "sustained_collaboration": True,
            "well_defined_need": True,
            "proven_track_record": False,
            "due_diligence_complete": False,
        },
        governance=tactical_governance(us("Ravi Menon")),
        due_diligence=("pending", "pending", "done"),
        agreements=(
            Agreement(
                "licence",
                "Evaluation licence for the payroll API sandbox",
                38,
                ends_in=150,
                covers_ip=True,
            ),
        ),
        rhythm=Rhythm(check_in=None, workshop=21, topics=("sandbox",)),
        opportunities=(
            Opportunity(
                "Payroll journal connector for ERP Cloud", "identified", 450000, "ours", deeper=True
            ),
        ),
        types=(TypeChange("hybrid", 90, "Ravi Menon", "Start with a scoped connector pilot."),),
    ),
    Story(
        name="Mosaic Commerce marketplace connector pilot",
        partners=("mosaic",),
        type="hybrid",
        category="commercial",
        path=(
            Step(
                "negotiation",
                460,
                "Lena Hoffmann",
                "Connector to sell ERP customers' stock on Mosaic.",
            ),
            Step("active", 440, "Lena Hoffmann", "Pilot agreement signed."),
            Step("under_review", 70, "Daniel Osei", "Marketplace sales at a third of plan."),
        ),
        profile=(3, 3, 2, 3, 2, 2, 2, 3),
        term_months=18,
        opportunity={**HYBRID_ANSWERS, "new_market_entry": True},
        governance=tactical_governance(us("Lena Hoffmann"), criteria=True),
        due_diligence=("done", "done", "done"),
        agreements=(
            Agreement("contract", "Marketplace connector pilot agreement", 445, ends_in=100),
        ),
        rhythm=Rhythm(check_in=21, topics=("seller onboarding", "order sync errors", "fees")),
        reviews=Reviews(
            every=30,
            last=50,
            notes=PILOT_NOTES,
            special=(
                (70, "escalate", "Sales below plan; decide whether to continue the test of fit."),
            ),
        ),
        surveys=Surveys(
            ours=(3.8, 3.3),
            partner=(3.8, 3.4),
            respondents=(("Lena Hoffmann",), (who("mosaic", 1),)),
        ),
        opportunities=(Opportunity("Wholesale catalogue sync", "lost", 300000, "partner_sourced"),),
        metrics=(
            Track(
                "marketplace_gmv",
                2000000,
                100000,
                700000,
                every=30,
                name="Gross merchandise value through the connector",
                category="financial_impact",
                direction="higher",
                leading=False,
                unit="EUR",
            ),
            Track(
                "connector_orders",
                5000,
                300,
                2300,
                every=30,
                name="Orders synchronised",
                category="strategic_value",
                direction="higher",
                leading=False,
                unit="orders",
            ),
            Track("satisfaction_score", 4.0),
        ),
        types=(
            TypeChange("hybrid", 440, "Lena Hoffmann", "Test of fit for a marketplace alliance."),
        ),
    ),
    Story(
        name="Lattice AI customer-service chatbot pilot",
        partners=("lattice",),
        type="hybrid",
        category="technological",
        path=(
            Step(
                "negotiation",
                725,
                "Greta Lindholm",
                "Chatbot to deflect first-line support tickets.",
            ),
            Step("active", 700, "Greta Lindholm", "Pilot signed."),
            Step("under_review", 420, "Oliver Grant", "Intent accuracy stuck at 71 %."),
            Step(
                "winding_down",
                380,
                "Oliver Grant",
                "Test of fit failed; knowledge base handed back.",
            ),
            Step("ended", 330, "Oliver Grant", "Pilot closed."),
        ),
        profile=(3, 3, 3, 3, 2, 2, 2, 4),
        term_months=12,
        opportunity=HYBRID_ANSWERS,
        governance=tactical_governance(us("Greta Lindholm"), criteria=True),
        due_diligence=("done", "done", "done"),
        agreements=(
            Agreement(
                "licence",
                "Pilot licence for the conversational-AI platform",
                705,
                ends_in=-330,
                covers_ip=True,
            ),
        ),
        commitments=Commitments(
            titles=(
                "Intent model trained",
                "Web chat live",
                "Hand-over to agents",
                "Accuracy above 85 %",
                "Ticket deflection 20 %",
                "Multilingual intents",
            ),
            first=660,
            last=360,
            late=frozenset({2, 3, 4}),
            poor=frozenset({3, 4}),
        ),
        rhythm=Rhythm(
            check_in=14, topics=("intent accuracy", "hand-over failures", "training data")
        ),
        reviews=Reviews(
            every=30,
            last=460,
            notes=PILOT_NOTES,
            special=(
                (420, "escalate", "Intent accuracy stuck at 71 %; test of fit failing."),
                (380, "wind_down", "Wind down the pilot."),
                (332, "exit", "Pilot closed; lessons learned recorded."),
            ),
        ),
        surveys=Surveys(
            ours=(3.8, 2.8),
            partner=(3.8, 3.2),
            last=390,
            respondents=(("Greta Lindholm",), (who("lattice", 1),)),
        ),
        metrics=(
            Track(
                "intent_accuracy",
                0.9,
                0.62,
                0.71,
                every=30,
                name="Intent recognition accuracy",
                category="innovation",
                direction="higher",
                leading=False,
                unit="ratio",
            ),
            Track("deliverable_quality", 0.9, 0.8, 0.5, every=30),
            Track(
                "cost_savings", 300000, 10000, 45000, every=30, name="Support cost avoided per year"
            ),
            Track("satisfaction_score", 4.0),
        ),
        types=(
            TypeChange(
                "hybrid", 700, "Greta Lindholm", "Test of fit for a conversational-AI partnership."
            ),
        ),
    ),
    Story(
        name="Orchard Retail Alliance member campaign proposal",
        partners=("orchard",),
        type=None,
        category="commercial",
        path=(
            Step(
                "proposed", 20, "Laura Castellanos", "Orchard suggests a member discount campaign."
            ),
        ),
        profile=(1, 2, 2, 1, 2, 1, 1, 2),
        opportunity={
            "joint_campaign": True,
            "time_bound": True,
            "well_defined_need": True,
            "new_market_entry": True,
        },
        governance=tactical_governance(us("Laura Castellanos")),
        rhythm=Rhythm(check_in=None, workshop=30, topics=("campaign",)),
        opportunities=(
            Opportunity(
                "Member discount for 700 independent retailers",
                "identified",
                250000,
                "partner_sourced",
            ),
        ),
    ),
)
