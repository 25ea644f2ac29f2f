"""Strategic on paper, not yet in practice: a co-development signed before due diligence, a
print vendor labelled strategic, an alliance without a steering committee, and two
promotions whose formal governance never followed.
"""

from __future__ import annotations

from partnerfolio.demo.cast import strategic_governance, them, us, who
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
    QBR_NOTES,
)

STORIES: tuple[Story, ...] = (
    Story(
        name="Kestrel Robotics warehouse automation co-development",
        partners=("kestrel",),
        type="strategic",
        category="technological",
        path=(
            Step(
                "proposed",
                210,
                "Nadia Kowalczyk",
                "Kestrel robots plus Northwind WMS could automate picking end to end.",
            ),
            Step(
                "due_diligence",
                170,
                "Nadia Kowalczyk",
                "Capabilities checked on site; culture and incentives still open.",
            ),
            Step(
                "negotiation",
                60,
                "Priya Raman",
                "Board wants the co-development signed this quarter.",
            ),
        ),
        profile=(5, 4, 5, 4, 3, 4, 5, 5),
        opportunity={
            "sustained_collaboration": True,
            "new_market_entry": True,
            "platform_codevelopment": True,
            "ip_sharing": True,
            "joint_capability": True,
            "well_defined_need": False,
            "time_bound": False,
            "proven_track_record": False,
            "due_diligence_complete": False,
        },
        governance=strategic_governance(
            us("Nadia Kowalczyk"),
            us("Priya Raman"),
            them("kestrel"),
            (),
            steering=False,
            joint_plan=False,
            metrics_defined=False,
        ),
        due_diligence=("pending", "done", "pending"),
        agreements=(
            Agreement("other", "Mutual non-disclosure agreement", 205),
            Agreement(
                "mou", "Memorandum of understanding: warehouse automation co-development", 55
            ),
        ),
        rhythm=Rhythm(
            check_in=21,
            executive=45,
            topics=("term sheet", "IP ownership of joint components", "pilot site selection"),
        ),
        opportunities=(
            Opportunity(
                "Autonomous picking module for Northwind WMS",
                "identified",
                3500000,
                "ours",
                deeper=True,
            ),
        ),
    ),
    Story(
        name="Quillon invoice print-and-mail service",
        partners=("quillon",),
        type="strategic",
        category="operational",
        path=(
            Step(
                "active",
                560,
                "Ingrid Solberg",
                "Framework contract signed; Quillon listed as a strategic supplier.",
            ),
        ),
        profile=(2, 2, 2, 1, 2, 2, 2, 1),
        term_months=36,
        governance={
            "owner": us("Ingrid Solberg"),
            "steering_committee": False,
            "escalation_path": ["Account manager: Sasha Lund", "Managing Director: Gordon Pike"],
            "review_cadence_days": 90,
        },
        due_diligence=DONE,
        agreements=(
            Agreement("contract", "Print-and-mail services framework contract", 565, ends_in=520),
        ),
        rhythm=Rhythm(check_in=30, topics=("mail volumes", "postal rate changes", "returned mail")),
        reviews=Reviews(
            every=90, last=30, notes=("Supplier review: SLA met.", "Volume forecast shared.")
        ),
        surveys=Surveys(
            ours=(3.8, 4.0),
            partner=(4.0, 4.0),
            every=182,
            respondents=(("Ingrid Solberg",), (who("quillon", 1),)),
        ),
        metrics=(
            Track("sla_compliance", 0.98, 0.97, 0.985, every=30),
            Track("budget_adherence", 1.0, 0.99, 0.97, every=91),
            Track("cost_savings", 120000, 20000, 131000, every=91, unit="EUR"),
        ),
    ),
    Story(
        name="Helix Data Exchange open-banking alliance",
        partners=("helix",),
        type="strategic",
        category="technological",
        path=(
            Step(
                "negotiation",
                430,
                "Beatriz Lima",
                "Open-banking data for cash-flow forecasting in Northwind ERP.",
            ),
            Step(
                "active",
                400,
                "Rafael Ortega",
                "Licence signed to meet the product launch; culture check deferred.",
            ),
        ),
        profile=(4, 4, 4, 4, 3, 3, 4, 4),
        term_months=36,
        governance=strategic_governance(
            us("Beatriz Lima"),
            us("Rafael Ortega"),
            them("helix"),
            (
                "Alliance managers: Beatriz Lima / Elise Moreau",
                "Executive sponsors: Rafael Ortega / Tariq Aziz",
            ),
            steering=False,
        ),
        due_diligence=("pending", "done", "done"),
        agreements=(
            Agreement(
                "licence",
                "Data licence and joint development agreement",
                405,
                ends_in=690,
                covers_ip=True,
            ),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=60,
            topics=("bank coverage", "categorisation accuracy", "cash-flow forecast beta"),
        ),
        reviews=Reviews(every=90, last=20, notes=QBR_NOTES),
        surveys=Surveys(
            ours=(3.6, 3.9), partner=(3.7, 3.8), respondents=(("Beatriz Lima",), (who("helix", 1),))
        ),
        opportunities=(
            Opportunity(
                "Lending marketplace with bank partners",
                "identified",
                1300000,
                "partner_sourced",
                deeper=True,
            ),
        ),
        outcomes=(Outcome("Cash-flow forecasting launched to 600 customers", 90, 480000),),
        metrics=(
            Track("joint_pipeline", 2000000, 300000, 1600000, every=7, since=200, unit="EUR"),
            Track("co_developed_products", 2, 0, 2, every=91, whole=True),
            Track("revenue_growth", 10, 1, 8, every=91),
            Track("trust_score", 4.0),
        ),
    ),
    Story(
        name="Orbitra Logistics supply-chain visibility alliance",
        partners=("orbitra",),
        type="strategic",
        category="commercial",
        path=(
            Step(
                "active",
                610,
                "Lena Hoffmann",
                "Paid integration of Orbitra tracking data into Northwind ERP.",
            ),
        ),
        profile=(4, 4, 4, 3, 4, 3, 4, 3),
        term_months=36,
        governance=strategic_governance(
            us("Lena Hoffmann"),
            us("Hannah Becker"),
            them("orbitra"),
            (),
            steering=False,
            joint_plan=False,
            metrics_defined=False,
        ),
        due_diligence=DONE,
        agreements=(
            Agreement("sow", "Tracking-data integration statement of work", 615, ends_in=-250),
            Agreement("contract", "Three-year alliance agreement", 195, ends_in=900),
        ),
        rhythm=Rhythm(
            check_in=30,
            executive=60,
            topics=("shipment tracking accuracy", "joint customer onboarding", "data contract"),
        ),
        reviews=Reviews(
            every=90,
            last=35,
            notes=QBR_NOTES,
            special=(
                (
                    205,
                    "promote",
                    "Readiness indicators met; promote to strategic, formal governance to follow.",
                ),
            ),
        ),
        surveys=Surveys(
            ours=(3.8, 4.1),
            partner=(3.9, 4.0),
            respondents=(("Lena Hoffmann",), (who("orbitra", 1),)),
        ),
        commitments=Commitments(
            titles=(
                "Tracking API connected to ERP Cloud sandbox",
                "Shipment events mapped to sales orders",
                "Pilot with three shippers",
                "Exception alerts in the order cockpit",
                "Carbon-per-shipment report",
                "General availability of the tracking connector",
            ),
            first=560,
            last=230,
        ),
        opportunities=(
            Opportunity(
                "Visibility suite for Orbitra's shipper customers",
                "proposal",
                2200000,
                "partner_sourced",
                deeper=True,
            ),
            Opportunity("Customs-document automation", "identified", 700000, "ours"),
        ),
        outcomes=(Outcome("Late-delivery penalties down 30 % for pilot shippers", 260, 410000),),
        metrics=(
            Track("joint_pipeline", 4000000, 500000, 2900000, every=30, unit="EUR"),
            Track("on_time_completion", 0.95, 0.9, 0.92, every=91),
            Track("trust_score", 4.2),
        ),
        types=(
            TypeChange("tactical", 610, "Lena Hoffmann", "Started as a paid integration project."),
            TypeChange(
                "hybrid", 420, "Lena Hoffmann", "Run as a deliberate test of fit for an alliance."
            ),
            TypeChange(
                "strategic", 200, "Hannah Becker", "Both boards approved a three-year alliance."
            ),
        ),
    ),
    Story(
        name="Kinetica Sensors predictive-maintenance alliance",
        partners=("kinetica",),
        type="strategic",
        category="technological",
        path=(
            Step(
                "negotiation",
                570,
                "Nadia Kowalczyk",
                "Sensor data could drive maintenance orders in Northwind ERP.",
            ),
            Step("active", 540, "Nadia Kowalczyk", "Pilot licence signed for twelve plants."),
        ),
        profile=(4, 4, 4, 4, 4, 4, 4, 5),
        term_months=48,
        governance=strategic_governance(
            us("Nadia Kowalczyk"),
            us("Priya Raman"),
            them("kinetica"),
            (),
            metrics_defined=False,
        ),
        due_diligence=DONE,
        agreements=(
            Agreement(
                "licence",
                "Sensor-data licence and joint development agreement",
                545,
                ends_in=1000,
                covers_ip=True,
            ),
        ),
        rhythm=Rhythm(
            check_in=14,
            executive=60,
            steering=91,
            topics=("failure-prediction accuracy", "plant roll-out", "edge gateway firmware"),
        ),
        reviews=Reviews(
            every=90,
            last=50,
            notes=QBR_NOTES,
            special=(
                (145, "promote", "All five readiness indicators met; promoted to strategic."),
            ),
        ),
        surveys=Surveys(
            ours=(3.8, 4.3),
            partner=(3.9, 4.4),
            respondents=(("Nadia Kowalczyk",), (who("kinetica", 1),)),
        ),
        opportunities=(
            Opportunity(
                "Predictive maintenance suite for food plants",
                "qualified",
                1900000,
                "ours",
                deeper=True,
            ),
        ),
        outcomes=(Outcome("Unplanned downtime down 18 % in twelve pilot plants", 200, 720000),),
        metrics=(
            Track("executive_engagement", None, 1, 2, every=91, whole=True),
            Track("joint_pipeline", None, 200000, 1900000, every=30, unit="EUR"),
        ),
        types=(
            TypeChange("hybrid", 540, "Nadia Kowalczyk", "A paid pilot run as a test of fit."),
            TypeChange(
                "strategic", 140, "Priya Raman", "Pilot exceeded its success criteria; promoted."
            ),
        ),
    ),
)
