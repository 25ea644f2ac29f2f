"""Strategic alliances in good health, or close to it: a cloud co-sell alliance, a smart-city
programme, a payments partnership measured only by lagging results, and a global
integrator whose people feel short-changed.
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
        name="Nimbus Grid cloud marketplace co-sell alliance",
        partners=("nimbus",),
        type="strategic",
        category="commercial",
        path=(
            Step(
                "proposed",
                726,
                "Tomas Berg",
                "Nimbus invited Northwind ERP Cloud into its ISV co-sell programme.",
            ),
            Step(
                "due_diligence",
                712,
                "Tomas Berg",
                "Marketplace economics, security review and co-sell incentives to check.",
            ),
            Step(
                "negotiation",
                688,
                "Daniel Osei",
                "Due diligence complete; negotiating marketplace fees and co-sell targets.",
            ),
            Step(
                "active",
                655,
                "Daniel Osei",
                "Co-sell agreement signed; listing live in eleven regions.",
            ),
        ),
        profile=(5, 4, 4, 4, 4, 5, 4, 3),
        term_months=36,
        opportunity={
            "sustained_collaboration": True,
            "new_market_entry": True,
            "joint_capability": True,
            "well_defined_need": False,
            "proven_track_record": True,
            "due_diligence_complete": True,
        },
        governance=strategic_governance(
            us("Tomas Berg"),
            us("Daniel Osei"),
            them("nimbus"),
            (
                "Alliance managers: Tomas Berg / Owen Price",
                "Joint steering committee",
                "Executive sponsors: Daniel Osei / Carla Jennings",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement("other", "Mutual non-disclosure agreement", 720, covers_ip=False),
            Agreement(
                "contract",
                "Marketplace listing and co-sell agreement (year one)",
                660,
                ends_in=-295,
            ),
            Agreement(
                "contract",
                "Co-sell agreement renewal (two years)",
                300,
                ends_in=430,
                renewal_in=340,
            ),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=60,
            steering=91,
            workshop=120,
            topics=(
                "co-sell pipeline review",
                "marketplace listing analytics",
                "field enablement in DACH",
                "private-offer approvals",
                "committed-spend drawdown for joint customers",
            ),
        ),
        reviews=Reviews(
            every=90,
            last=24,
            notes=QBR_NOTES,
            special=(
                (300, "renew", "Year-one targets met; co-sell agreement renewed for two years."),
            ),
        ),
        surveys=Surveys(
            ours=(3.8, 4.4),
            partner=(3.7, 4.3),
            respondents=(("Tomas Berg", "Daniel Osei"), (who("nimbus", 1), who("nimbus"))),
        ),
        opportunities=(
            Opportunity(
                "Halden Foods: ERP Cloud through a marketplace private offer",
                "won",
                840000,
                "partner_sourced",
            ),
            Opportunity(
                "Vireo Pharma finance transformation", "proposal", 1200000, "partner_influenced"
            ),
            Opportunity("Nordhavn Shipping ERP migration", "qualified", 650000, "partner_sourced"),
            Opportunity(
                "Sovereign-cloud edition for public-sector buyers",
                "identified",
                2000000,
                "ours",
                deeper=True,
            ),
            Opportunity("Kelso Retail analytics add-on", "lost", 180000, "partner_influenced"),
        ),
        outcomes=(
            Outcome("First marketplace private offer closed (Halden Foods)", 430, 840000),
            Outcome("Co-funded migration programme: 14 customers moved to ERP Cloud", 120, 1900000),
        ),
        metrics=(
            Track(
                "revenue_growth",
                25,
                4,
                27,
                every=91,
                name="Marketplace revenue growth, year on year",
            ),
            Track("joint_pipeline", 6000000, 900000, 6300000, every=7, since=360, unit="EUR"),
            Track("executive_engagement", 3, 2, 3, every=91, whole=True),
            Track("trust_score", 4.2, name="Two-sided trust (survey rounds)"),
            Track("market_share_gain", 1.5, 0.2, 1.4, every=91),
        ),
    ),
    Story(
        name="Port Ansel smart-mobility data platform",
        partners=("port_ansel", "harbour_cycling"),
        type="strategic",
        category="public_private",
        path=(
            Step(
                "proposed",
                640,
                "Tobias Lindqvist",
                "The city's mobility plan needs a shared data platform.",
            ),
            Step(
                "due_diligence", 620, "Tobias Lindqvist", "Public-procurement and privacy checks."
            ),
            Step(
                "negotiation",
                590,
                "Peter Novak",
                "Partnership agreement with the city and the cycling trust.",
            ),
            Step("active", 560, "Peter Novak", "Signed by the city council."),
        ),
        profile=(4, 5, 4, 3, 4, 5, 4, 4),
        term_months=60,
        governance=strategic_governance(
            us("Tobias Lindqvist"),
            us("Peter Novak"),
            them("port_ansel"),
            (
                "Programme managers: Tobias Lindqvist / Sam Olsen",
                "Mobility board (city, trust, Northwind)",
                "Sponsors: Peter Novak / Deputy Mayor Clara Hughes",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement("contract", "Smart-mobility partnership agreement", 565, ends_in=1260),
            Agreement("other", "Open-data licence for mobility datasets", 540, ends_in=1260),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=91,
            steering=91,
            workshop=91,
            topics=(
                "dataset releases",
                "bike-share integration",
                "citizen dashboard",
                "parking pilot",
            ),
        ),
        reviews=Reviews(
            every=90,
            last=18,
            notes=("Mobility board: targets on track.", "New datasets approved for release."),
        ),
        surveys=Surveys(
            ours=(3.9, 4.3),
            partner=(3.8, 4.2),
            respondents=(("Tobias Lindqvist",), (who("port_ansel", 1), who("harbour_cycling"))),
        ),
        opportunities=(
            Opportunity(
                "Regional roll-out to three neighbouring cities",
                "qualified",
                1800000,
                "partner_sourced",
                deeper=True,
            ),
        ),
        outcomes=(Outcome("Car trips into the centre down 7 %", 150, 1300000),),
        metrics=(
            Track(
                "trips_shifted",
                30000,
                3000,
                24100,
                every=30,
                name="Car trips shifted to bike and transit per month",
                category="strategic_value",
                direction="higher",
                leading=False,
                unit="trips",
            ),
            Track(
                "open_datasets",
                40,
                5,
                38,
                every=30,
                whole=True,
                name="Open datasets published",
                category="innovation",
                direction="higher",
                leading=False,
                unit="datasets",
            ),
            Track("executive_engagement", 2, 2, 2, every=91, whole=True),
            Track("trust_score", 4.0),
        ),
    ),
    Story(
        name="Paylume embedded payments partnership",
        partners=("paylume",),
        type="strategic",
        category="technological",
        path=(
            Step(
                "due_diligence",
                580,
                "Noor Haddad",
                "Licensing, security and incentive checks for embedded payments.",
            ),
            Step(
                "negotiation",
                550,
                "Martin Achebe",
                "Revenue share and API roadmap under negotiation.",
            ),
            Step(
                "active",
                520,
                "Martin Achebe",
                "Joint development and revenue-share agreement signed.",
            ),
        ),
        profile=(4, 4, 4, 4, 3, 4, 4, 4),
        term_months=48,
        governance=strategic_governance(
            us("Noor Haddad"),
            us("Martin Achebe"),
            them("paylume"),
            (
                "Product leads: Noor Haddad / Ines Carvalho",
                "Joint steering committee",
                "Executive sponsors: Martin Achebe / Marek Dvořák",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement(
                "licence",
                "Joint development, API licence and revenue-share agreement",
                525,
                ends_in=940,
                covers_ip=True,
            ),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=60,
            steering=91,
            topics=(
                "payments API roadmap",
                "merchant onboarding funnel",
                "fraud-model tuning",
                "chargeback handling",
            ),
        ),
        reviews=Reviews(every=90, last=40, notes=QBR_NOTES),
        surveys=Surveys(
            ours=(3.9, 4.2),
            partner=(3.8, 4.1),
            respondents=(("Noor Haddad",), (who("paylume", 1),)),
        ),
        opportunities=(
            Opportunity(
                "Instant payouts for marketplace sellers", "qualified", 750000, "ours", deeper=True
            ),
            Opportunity(
                "Payment terminal bundle for Northwind Commerce",
                "identified",
                400000,
                "partner_sourced",
            ),
        ),
        outcomes=(
            Outcome("Embedded payments live: 2,100 merchants in the first year", 150, 1350000),
        ),
        metrics=(
            Track("revenue_growth", 15, 3, 13.5, every=91, name="Payments revenue growth"),
            Track("cost_synergies", 400000, 60000, 310000, every=91, unit="EUR"),
            Track("joint_roi", 2.5, 0.6, 2.2, every=91),
        ),
    ),
    Story(
        name="Brightline global systems-integrator alliance",
        partners=("brightline",),
        type="strategic",
        category="commercial",
        path=(
            Step(
                "negotiation",
                640,
                "Elena Marsh",
                "Brightline wants a global alliance after three joint projects.",
            ),
            Step(
                "active",
                610,
                "Elena Marsh",
                "Alliance agreement signed: certification, lead sharing and joint go-to-market.",
            ),
        ),
        profile=(4, 4, 4, 3, 4, 4, 3, 3),
        term_months=36,
        governance=strategic_governance(
            us("Lena Hoffmann"),
            us("Elena Marsh"),
            them("brightline"),
            (
                "Alliance managers: Lena Hoffmann / Svenja Kraus",
                "Joint steering committee",
                "Executive sponsors: Elena Marsh / Rohan Mehta",
            ),
        ),
        due_diligence=DONE,
        agreements=(
            Agreement(
                "contract",
                "Global alliance agreement with lead-sharing rules",
                615,
                ends_in=480,
                renewal_in=390,
            ),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=60,
            steering=91,
            topics=(
                "lead registration disputes",
                "certification numbers",
                "joint account plans",
                "delivery capacity",
            ),
        ),
        reviews=Reviews(every=90, last=33, notes=QBR_NOTES),
        surveys=Surveys(
            ours=(3.8, 4.0),
            partner=(3.7, 3.6),
            questions={
                "fairness": {"ours": (4.0, 4.0), "partner": (3.5, 2.5)},
                "value_delivered": {"ours": (4.0, 4.0), "partner": (3.5, 3.0)},
            },
            respondents=(
                ("Lena Hoffmann", "Elena Marsh"),
                (who("brightline", 1), who("brightline")),
            ),
        ),
        opportunities=(
            Opportunity("Halden Foods ERP rollout", "won", 2300000, "partner_sourced"),
            Opportunity(
                "Arkwright Engineering finance and supply chain",
                "proposal",
                1700000,
                "partner_influenced",
            ),
            Opportunity("Sable Cosmetics retail cloud", "qualified", 900000, "ours"),
            Opportunity("Lorne Group shared-services centre", "lost", 1100000, "partner_sourced"),
        ),
        outcomes=(
            Outcome(
                "Joint retail accelerator launched (pre-configured ERP for retailers)", 260, 650000
            ),
        ),
        metrics=(
            Track("revenue_growth", 20, 6, 15, every=91, name="Partner-influenced revenue growth"),
            Track("joint_pipeline", 5000000, 1500000, 3600000, every=30, unit="EUR"),
            Track("renewal_rate", 0.9, 0.88, 0.86, every=91),
            Track("trust_score", 4.0),
        ),
    ),
)
