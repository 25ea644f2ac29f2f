"""The partner organizations of the demo portfolio (all fictional).

Each is described once here, so every partnership it is in says the same about it: the
record shares partner organizations between partnerships and refuses a contradiction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Organization:
    name: str
    sector: str
    assets: tuple[str, ...]
    people: tuple[tuple[str, str], ...]  # (name, role), the executive sponsor first
    competes_in: tuple[str, ...] = ()

    def document(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "name": self.name,
            "sector": self.sector,
            "assets": list(self.assets),
            "competes_with_us": bool(self.competes_in),
        }
        if self.competes_in:
            item["competes_in"] = list(self.competes_in)
        return item


def _org(
    name: str,
    sector: str,
    assets: tuple[str, ...],
    people: tuple[tuple[str, str], ...],
    competes_in: tuple[str, ...] = (),
) -> Organization:
    return Organization(name, sector, assets, people, competes_in)


ORGANIZATIONS: dict[str, Organization] = {
    "nimbus": _org(
        "Nimbus Grid Cloud Services",
        "private",
        (
            "Public cloud regions in 11 countries",
            "Cloud marketplace with 40,000 enterprise buyers",
            "Co-sell programme with committed-spend drawdown",
        ),
        (
            ("Carla Jennings", "SVP Global ISV Partnerships"),
            ("Owen Price", "Partner Development Manager"),
        ),
    ),
    "brightline": _org(
        "Brightline Consulting Group",
        "private",
        (
            "9,000 consultants in 14 countries",
            "ERP implementation practice certified on Northwind ERP Cloud",
            "Retail and consumer-goods client base",
        ),
        (
            ("Rohan Mehta", "Managing Partner, Enterprise Applications"),
            ("Svenja Kraus", "Alliance Director"),
        ),
    ),
    "paylume": _org(
        "Paylume Payments",
        "private",
        (
            "E-money licence passported to 28 European markets",
            "Card acquiring and instant bank payments",
            "Fraud-scoring models trained on 2 billion transactions",
        ),
        (
            ("Marek Dvořák", "Chief Commercial Officer"),
            ("Ines Carvalho", "Head of Platform Partnerships"),
        ),
    ),
    "veridian": _org(
        "Veridian Telecom",
        "private",
        (
            "IoT connectivity in 30 countries",
            "3 million small-business customers",
            "Retail shops and field sales force",
        ),
        (("Gianluca Ferri", "Chief Digital Officer"), ("Hana Kim", "Head of IoT Partnerships")),
        ("field-service management software for small businesses",),
    ),
    "eastmark_university": _org(
        "Technical University of Eastmark",
        "academic",
        (
            "Natural-language processing research group (4 professors, 22 doctoral students)",
            "Access to EU research-grant programmes",
            "Graduate recruitment pipeline",
        ),
        (
            ("Prof. Annika Voss", "Chair of Language Technology"),
            ("Dr. Luis Romero", "Research Lead"),
        ),
    ),
    "westmarch": _org(
        "Westmarch Regional Energy Agency",
        "public",
        (
            "Regional mandate for the energy transition",
            "Grid and consumption data of 410,000 households",
            "Funding from the national flexibility programme",
        ),
        (("Dr. Marit Ek", "Director"), ("Jonas Pelt", "Programme Manager, Flexibility")),
    ),
    "lowvale": _org(
        "Lowvale Energy Cooperative",
        "nonprofit",
        (
            "12,000 member households with rooftop solar",
            "Community outreach and member trust",
        ),
        (("Ruth Mallory", "Chair of the Board"), ("Ade Bello", "Member Services Lead")),
    ),
    "kestrel": _org(
        "Kestrel Robotics",
        "private",
        (
            "Autonomous mobile robots for warehouses",
            "Six patents on vision-based navigation",
            "Installed base at 90 distribution centres",
        ),
        (("Dr. Farah Qureshi", "CEO and co-founder"), ("Ben Harlow", "VP Engineering")),
    ),
    "quillon": _org(
        "Quillon Document Services",
        "private",
        (
            "Print-and-mail hubs in four countries",
            "Bulk postal rates",
        ),
        (("Gordon Pike", "Managing Director"), ("Sasha Lund", "Account Manager")),
    ),
    "helix": _org(
        "Helix Data Exchange",
        "private",
        (
            "Open-banking API hub with 2,300 bank connections",
            "Licensed account-information service provider",
            "Categorisation models for business transactions",
        ),
        (("Tariq Aziz", "Chief Executive"), ("Elise Moreau", "Partnerships Lead")),
    ),
    "orbitra": _org(
        "Orbitra Logistics",
        "private",
        (
            "Freight network in 14 countries",
            "Telematics data from 25,000 trucks",
            "Shipper customer base in manufacturing",
        ),
        (
            ("Katarzyna Nowak", "Chief Strategy Officer"),
            ("Dev Patel", "Head of Digital Partnerships"),
        ),
    ),
    "kinetica": _org(
        "Kinetica Sensors",
        "private",
        (
            "Industrial vibration and temperature sensors",
            "1,200 manufacturing plants as customers",
            "Failure-signature library for rotating equipment",
        ),
        (("Henrik Dahl", "Chief Technology Officer"), ("Zoe Andersen", "Partner Engineering Lead")),
    ),
    "meridian": _org(
        "Meridian Health Systems",
        "private",
        (
            "48 hospitals and 300 clinics",
            "Clinical workflow and scheduling expertise",
            "Reference sites for healthcare buyers",
        ),
        (
            ("Dr. Paul Okonkwo", "Chief Operating Officer"),
            ("Lisa Brennan", "Director of Digital Health"),
        ),
    ),
    "tessaract": _org(
        "Tessaract Security",
        "private",
        (
            "24/7 security operations centre",
            "Threat-intelligence feeds",
            "Detection rules for ERP and SaaS audit logs",
        ),
        (
            ("Nikolai Petrov", "Chief Executive"),
            ("Amy Chen", "Director of Technology Partnerships"),
        ),
    ),
    "castellan": _org(
        "Castellan Insurance Group",
        "private",
        (
            "Licensed insurer for small-business cover in nine markets",
            "Underwriting and claims capacity",
            "Broker network",
        ),
        (
            ("Edward Vance", "Chief Distribution Officer"),
            ("Maya Singh", "Head of Embedded Insurance"),
        ),
    ),
    "solstice": _org(
        "Solstice Retail Cloud",
        "private",
        (
            "Point-of-sale software in 6,000 stores",
            "Retail merchandising know-how",
        ),
        (("Victoria Ashby", "Chief Executive"), ("Jamal Wright", "VP Partnerships")),
        ("e-commerce platforms for mid-market retailers",),
    ),
    "cobalt": _org(
        "Cobalt Mobile",
        "private",
        (
            "Cross-platform mobile SDK",
            "Offline data synchronisation engine",
        ),
        (("Lucas Moreno", "Chief Product Officer"), ("Emma Novak", "Developer Relations Lead")),
    ),
    "port_ansel": _org(
        "City of Port Ansel, Mobility Department",
        "public",
        (
            "Traffic, parking and transit data of a city of 600,000",
            "Mandate for the urban mobility plan",
        ),
        (
            ("Deputy Mayor Clara Hughes", "Deputy Mayor for Mobility"),
            ("Sam Olsen", "Head of Smart City Programme"),
        ),
    ),
    "harbour_cycling": _org(
        "Harbour Cycling Trust",
        "nonprofit",
        (
            "Bike-share scheme with 4,000 bicycles",
            "Volunteer network and community reach",
        ),
        (("Nell Fairbairn", "Chief Executive"), ("Otis Reyes", "Operations Lead")),
    ),
    "aldercrest": _org(
        "Aldercrest Bank",
        "private",
        (
            "Banking licence and 180,000 small-business clients",
            "Credit-risk models for SME lending",
        ),
        (
            ("Fiona Gallagher", "Chief Digital Officer"),
            ("Hugo Lambert", "Head of Fintech Partnerships"),
        ),
    ),
    "stagecraft": _org(
        "Stagecraft Live Productions",
        "private",
        (
            "Event production and staging",
            "Hybrid-event streaming studio",
        ),
        (("Marta Gil", "Director"), ("Connor Walsh", "Senior Producer")),
    ),
    "testforge": _org(
        "TestForge QA",
        "private",
        (
            "300 test engineers on demand",
            "Test-automation framework for web and mobile",
        ),
        (("Anil Kapoor", "Managing Director"), ("Petra Horvat", "Delivery Manager")),
    ),
    "linguabridge": _org(
        "LinguaBridge Language Services",
        "private",
        (
            "Translation into 60 languages",
            "Domain-tuned machine-translation engines",
            "Terminology management for software products",
        ),
        (("Sophie Laurent", "Chief Executive"), ("Karim Benali", "Head of Software Localisation")),
    ),
    "pennylane": _org(
        "Penny Lane Media",
        "private",
        (
            "B2B webinar platform",
            "Audience of 120,000 finance and operations subscribers",
        ),
        (("Dylan Foster", "Publisher"), ("Grace Kim", "Campaign Manager")),
    ),
    "datamigr8": _org(
        "DataMigr8",
        "private",
        (
            "Migration tooling for legacy ERP databases",
            "Nearshore delivery centre with 80 engineers",
        ),
        (("Radu Ionescu", "Chief Executive"), ("Alina Popa", "Migration Lead")),
    ),
    "ironbridge": _org(
        "Ironbridge Cyber",
        "private",
        (
            "CREST-certified penetration testers",
            "Cloud and API security testing methodology",
        ),
        (("Callum Reid", "Managing Director"), ("Nina Sorensen", "Lead Penetration Tester")),
    ),
    "atlas": _org(
        "Atlas Geodata",
        "private",
        (
            "Street-level map data for 120 countries",
            "Geocoding and routing APIs",
        ),
        (
            ("Pieter de Vries", "Chief Commercial Officer"),
            ("Yara Nasser", "Partner Success Manager"),
        ),
    ),
    "callnest": _org(
        "CallNest Contact Centres",
        "private",
        (
            "Multilingual contact centres in three countries",
            "Seasonal capacity of 150 agents",
        ),
        (("Brendan Doyle", "Chief Operating Officer"), ("Lucía Herrera", "Account Director")),
    ),
    "finops": _org(
        "Cloudwise FinOps Advisory",
        "private",
        (
            "Certified FinOps practitioners",
            "Cost-allocation tooling for multi-cloud estates",
        ),
        (("Maximilian Roth", "Founder"), ("Ella Turner", "Engagement Lead")),
    ),
    "brightpath": _org(
        "Brightpath Learning Studio",
        "private",
        (
            "Instructional designers and video studio",
            "Learning-management system integrations",
        ),
        (("Naomi Clarke", "Studio Director"), ("Felipe Duarte", "Production Lead")),
    ),
    "rackhaven": _org(
        "RackHaven Hosting",
        "private",
        (
            "Two Tier III data centres",
            "Managed hosting and backup services",
        ),
        (("Graham Holt", "Managing Director"), ("Irene Vogel", "Service Delivery Manager")),
    ),
    "oberon": _org(
        "Studio Oberon",
        "private",
        (
            "Digital product design agency",
            "Design-system expertise for B2B portals",
        ),
        (("Leo Marchetti", "Creative Director"), ("Ava Lindgren", "Design Lead")),
    ),
    "eastmark_transit": _org(
        "Eastmark Transit Authority",
        "public",
        (
            "Regional bus and tram network",
            "Ticketing and ridership data",
            "Mandate to publish open transport data",
        ),
        (("Gwen Harper", "Chief Digital Officer"), ("Mohammed Saleh", "Open Data Lead")),
    ),
    "sonara": _org(
        "Sonara Labs",
        "private",
        (
            "Speech-recognition models in nine languages",
            "On-device inference runtime",
            "Research team of 18",
        ),
        (("Dr. Ilse Bakker", "Chief Executive"), ("Rui Tanaka", "Head of Applied Research")),
    ),
    "fjordline": _org(
        "Fjordline Digital",
        "private",
        (
            "Reseller with 1,800 small-business customers in the Nordics",
            "Local support desk in four languages",
        ),
        (("Astrid Nilsen", "Chief Executive"), ("Erik Haugen", "Channel Manager")),
    ),
    "carecircuit": _org(
        "CareCircuit",
        "private",
        (
            "Remote patient-monitoring devices",
            "Medical-device certification",
            "Home-care provider customers",
        ),
        (("Dr. Omar Faris", "Chief Executive"), ("Kate Morrison", "Integration Lead")),
    ),
    "tidewater": _org(
        "Tidewater County Council",
        "public",
        (
            "Municipal waste and recycling services for 14 towns",
            "Procurement power for regional logistics",
        ),
        (
            ("Cllr. Joan Whitaker", "Cabinet Member for Environment"),
            ("Ryan Cole", "Waste Strategy Officer"),
        ),
    ),
    "reloop": _org(
        "ReLoop Materials",
        "nonprofit",
        (
            "Materials-exchange network of 300 local businesses",
            "Circular-economy expertise",
        ),
        (("Priscilla Osei-Bonsu", "Executive Director"), ("Tom Radley", "Network Coordinator")),
    ),
    "vantage": _org(
        "Vantage Payroll",
        "private",
        (
            "Payroll engine certified in eight countries",
            "40,000 employer customers",
        ),
        (("Harriet Quinn", "Chief Product Officer"), ("Sven Eriksson", "API Product Manager")),
    ),
    "mosaic": _org(
        "Mosaic Commerce",
        "private",
        (
            "Online marketplace for business supplies",
            "Seller base of 9,000 wholesalers",
        ),
        (
            ("Jonah Reiss", "Chief Operating Officer"),
            ("Bianca Costa", "Partner Integrations Manager"),
        ),
    ),
    "lattice": _org(
        "Lattice AI",
        "private",
        (
            "Conversational-AI platform",
            "Pre-trained customer-service intents",
        ),
        (("Ethan Brooks", "Chief Executive"), ("Layla Haddad", "Solutions Architect")),
    ),
    "orchard": _org(
        "Orchard Retail Alliance",
        "nonprofit",
        (
            "Association of 700 independent retailers",
            "Member events and newsletters",
        ),
        (("Martha Quinlan", "Director General"), ("Ivo Petrov", "Member Programmes Manager")),
    ),
}
