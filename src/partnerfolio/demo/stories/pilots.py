"""Hybrid pilots run as tests of fit: two that have earned a strategic commitment, one whose
trust is slipping, and a public-private pilot left to go quiet.
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
    HYBRID_ANSWERS,
    PILOT_NOTES,
)

STORIES: tuple[Story, ...] = (
    Story(
        name="Sonara Labs voice-assistant pilot",
        partners=("sonara",),
        type="hybrid",
        category="technological",
        path=(
            Step(
                "due_diligence",
                520,
                "Isabel Cruz",
                "Sonara's speech models beat two vendors on technicians' recordings.",
            ),
            Step("negotiation", 500, "Martin Achebe", "Pilot terms and background-IP licence."),
            Step(
                "active",
                480,
                "Martin Achebe",
                "Pilot signed as a test of fit for a joint voice assistant.",
            ),
        ),
        profile=(3, 3, 3, 3, 3, 2, 3, 4),
        term_months=24,
        opportunity=HYBRID_ANSWERS,
        governance=tactical_governance(
            us("Isabel Cruz"),
            sponsor=us("Martin Achebe"),
            partner_sponsor=them("sonara"),
            ours_commit=True,
            partner_commit=True,
            criteria=True,
            escalation=(
                "Pilot leads: Isabel Cruz / Rui Tanaka",
                "Sponsors: Martin Achebe / Dr. Ilse Bakker",
            ),
        ),
        due_diligence=("done", "done", "done"),
        agreements=(
            Agreement(
                "sow",
                "Voice-assistant pilot statement of work with success criteria",
                485,
                ends_in=250,
            ),
            Agreement(
                "licence",
                "Background-IP licence and joint-IP terms",
                485,
                ends_in=1340,
                covers_ip=True,
            ),
        ),
        commitments=Commitments(
            titles=(
                "Recording corpus from 40 technicians",
                "Baseline model on field vocabulary",
                "Wake-word on device",
                "Hands-free work-order updates (alpha)",
                "Noise robustness in plant environments",
                "Beta with 120 technicians",
                "Offline mode",
                "German and Polish models",
                "Privacy review",
                "Beta exit report",
                "Latency below 400 ms on mid-range phones",
                "General-availability plan",
            ),
            first=450,
            last=8,
            late=frozenset({1}),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=91,
            workshop=91,
            topics=("word-error rate", "beta feedback", "device performance", "data privacy"),
        ),
        reviews=Reviews(
            every=30,
            last=10,
            notes=PILOT_NOTES,
            special=(
                (
                    25,
                    "escalate",
                    "All success criteria met; sponsors to decide on a strategic partnership.",
                ),
            ),
        ),
        surveys=Surveys(
            ours=(3.6, 4.4),
            partner=(3.7, 4.4),
            questions={"trust": {"ours": (3.5, 4.5), "partner": (3.5, 4.5)}},
            respondents=(("Isabel Cruz", "Martin Achebe"), (who("sonara", 1), who("sonara"))),
        ),
        opportunities=(
            Opportunity(
                "Voice assistant in Northwind Field Service (GA, revenue share)",
                "qualified",
                1800000,
                "ours",
                deeper=True,
            ),
            Opportunity("Voice notes for the CRM app", "identified", 500000, "partner_sourced"),
        ),
        outcomes=(Outcome("Technicians save 11 minutes per job in the beta", 90, 560000),),
        metrics=(
            Track("on_time_completion", 0.9, 0.8, 0.92, every=30),
            Track("deliverable_quality", 0.9, 0.85, 0.95, every=30),
            Track("satisfaction_score", 4.0),
            Track("trust_score", 4.2),
            Track("joint_pipeline", 2500000, 200000, 2300000, every=7, since=200, unit="EUR"),
            Track(
                "word_error_rate",
                8,
                19,
                8.6,
                every=30,
                name="Word error rate on field recordings",
                category="innovation",
                direction="lower",
                leading=False,
                unit="%",
            ),
        ),
        types=(
            TypeChange(
                "hybrid",
                480,
                "Martin Achebe",
                "A deliberate test of fit before any strategic commitment.",
            ),
        ),
    ),
    Story(
        name="Fjordline Digital Nordic reseller pilot",
        partners=("fjordline",),
        type="hybrid",
        category="commercial",
        path=(Step("active", 420, "Amara Nwosu", "Reseller agreement for the Nordics signed."),),
        profile=(3, 3, 3, 3, 3, 2, 2, 3),
        term_months=24,
        opportunity={**HYBRID_ANSWERS, "new_market_entry": True, "platform_codevelopment": False},
        governance=tactical_governance(
            us("Amara Nwosu"), ours_commit=True, partner_commit=True, criteria=True
        ),
        due_diligence=("done", "done", "done"),
        agreements=(
            Agreement("contract", "Nordic reseller agreement with pilot targets", 425, ends_in=310),
        ),
        commitments=Commitments(
            titles=(
                "Reseller certification of 12 consultants",
                "Localised price list",
                "First 10 customers live",
                "Joint marketing plan",
                "25 customers live",
                "Support hand-over process",
                "50 customers live",
                "Norwegian payroll connector tested",
                "75 customers live",
                "100 customers live",
            ),
            first=390,
            last=14,
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=120,
            workshop=91,
            topics=("pipeline by country", "onboarding", "support tickets", "pricing"),
        ),
        reviews=Reviews(
            every=30,
            last=14,
            notes=PILOT_NOTES,
            special=(
                (240, "continue", "Reframed as a test of fit for a Nordic strategic alliance."),
            ),
        ),
        surveys=Surveys(
            ours=(3.8, 4.4),
            partner=(4.0, 4.5),
            questions={"trust": {"ours": (4.0, 4.5), "partner": (4.0, 4.5)}},
            respondents=(("Amara Nwosu",), (who("fjordline"), who("fjordline", 1))),
        ),
        opportunities=(
            Opportunity(
                "Nordic public-sector framework bid (joint)",
                "proposal",
                1400000,
                "partner_sourced",
                deeper=True,
            ),
            Opportunity("Danish accounting-firm channel", "identified", 300000, "partner_sourced"),
        ),
        outcomes=(Outcome("First 100 joint customers live", 60, 380000),),
        metrics=(
            Track(
                "reseller_arr",
                1200000,
                50000,
                1050000,
                every=30,
                name="Annual recurring revenue through Fjordline",
                category="financial_impact",
                direction="higher",
                leading=False,
                unit="EUR",
            ),
            Track("on_time_completion", 0.9, 0.9, 0.9, every=91),
            Track("satisfaction_score", 4.0),
            Track("joint_pipeline", 2000000, 150000, 1700000, every=7, since=240, unit="EUR"),
        ),
        types=(
            TypeChange("tactical", 420, "Amara Nwosu", "A reseller agreement with fixed targets."),
            TypeChange(
                "hybrid",
                240,
                "Amara Nwosu",
                "Run as a test of fit for a Nordic strategic alliance.",
            ),
        ),
    ),
    Story(
        name="CareCircuit remote-monitoring integration pilot",
        partners=("carecircuit",),
        type="hybrid",
        category="technological",
        path=(
            Step(
                "active",
                400,
                "Victor Hale",
                "Integration pilot: device readings into home-care scheduling.",
            ),
        ),
        profile=(3, 3, 3, 3, 3, 3, 3, 4),
        term_months=18,
        opportunity=HYBRID_ANSWERS,
        governance=tactical_governance(
            us("Victor Hale"),
            sponsor=us("Oliver Grant"),
            partner_sponsor=them("carecircuit"),
            criteria=True,
        ),
        due_diligence=("done", "done", "done"),
        agreements=(
            Agreement(
                "licence",
                "Pilot licence and integration agreement",
                405,
                ends_in=150,
                covers_ip=True,
            ),
        ),
        commitments=Commitments(
            titles=tuple(f"Integration milestone {n}" for n in range(1, 9)),
            first=360,
            last=20,
            late=frozenset({5}),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=91,
            topics=("device certification", "alert thresholds", "home-care pilot"),
        ),
        reviews=Reviews(every=30, last=18, notes=PILOT_NOTES),
        surveys=Surveys(
            ours=(4.0, 3.6),
            partner=(4.0, 3.7),
            questions={"trust": {"ours": (4.5, 3.5), "partner": (4.5, 3.5)}},
            respondents=(("Victor Hale",), (who("carecircuit", 1),)),
        ),
        opportunities=(
            Opportunity(
                "Home-care bundle for regional health boards",
                "identified",
                1100000,
                "partner_sourced",
                deeper=True,
            ),
        ),
        outcomes=(Outcome("Hospital readmissions down 6 % in the pilot cohort", 120, 240000),),
        metrics=(
            Track("on_time_completion", 0.9, 1.0, 0.8, every=30),
            Track("deliverable_quality", 0.9, 1.0, 0.85, every=30),
            Track("trust_score", 4.2),
            Track(
                "devices_integrated",
                12,
                2,
                8,
                every=30,
                whole=True,
                name="Device models integrated",
                category="strategic_value",
                direction="higher",
                leading=False,
                unit="devices",
            ),
        ),
        types=(TypeChange("hybrid", 400, "Victor Hale", "Test of fit for a healthcare alliance."),),
    ),
    Story(
        name="Tidewater circular-economy logistics pilot",
        partners=("tidewater", "reloop"),
        type="hybrid",
        category="public_private",
        path=(
            Step(
                "active",
                350,
                "Tobias Lindqvist",
                "Pilot with the county and ReLoop to route reusable materials.",
            ),
        ),
        profile=(3, 4, 2, 3, 3, 2, 2, 3),
        term_months=18,
        governance=tactical_governance(us("Tobias Lindqvist"), criteria=True),
        due_diligence=("done", "pending", "done"),
        agreements=(
            Agreement(
                "mou", "Circular-economy pilot memorandum of understanding", 355, ends_in=200
            ),
        ),
        rhythm=Rhythm(
            check_in=30, quiet=70, topics=("material flows", "business sign-ups", "route planning")
        ),
        reviews=Reviews(
            every=30,
            last=20,
            notes=("Internal pilot review: partners unresponsive since the budget cycle.",),
        ),
        surveys=Surveys(
            ours=(3.6, 3.2),
            partner=(3.6, 3.3),
            every=120,
            respondents=(("Tobias Lindqvist",), (who("tidewater", 1), who("reloop", 1))),
        ),
        outcomes=(Outcome("540 tonnes diverted from landfill", 45, 90000),),
        metrics=(
            Track(
                "tonnes_diverted",
                1200,
                40,
                540,
                every=30,
                name="Material diverted from landfill",
                category="strategic_value",
                direction="higher",
                leading=False,
                unit="tonnes",
            ),
            Track(
                "businesses_participating",
                150,
                12,
                70,
                every=30,
                whole=True,
                name="Businesses exchanging materials",
                category="strategic_value",
                direction="higher",
                leading=True,
                unit="businesses",
            ),
            Track("satisfaction_score", 4.0),
        ),
        types=(
            TypeChange(
                "hybrid",
                350,
                "Tobias Lindqvist",
                "Test of fit for a long-term public-private programme.",
            ),
        ),
    ),
)
