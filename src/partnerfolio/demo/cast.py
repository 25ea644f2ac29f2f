"""Who runs the demo portfolio's partnerships (all fictional), and the governance they set up.

Northwind Software is the company whose portfolio it is, as in the bundled examples.
Governance names people as "name (role, organization)".
"""

from __future__ import annotations

from typing import Any

from partnerfolio.demo.organizations import ORGANIZATIONS

US = "Northwind Software"

OUR_PEOPLE = {
    "Elena Marsh": "VP Alliances",
    "Priya Raman": "Chief Technology Officer",
    "Martin Achebe": "Chief Product Officer",
    "Rafael Ortega": "Chief Financial Officer",
    "Hannah Becker": "Chief Operating Officer",
    "Daniel Osei": "Chief Revenue Officer",
    "Sofia Brandt": "Product Director, Document Intelligence",
    "Nadia Kowalczyk": "Director of Technology Alliances",
    "Tobias Lindqvist": "Public Sector Partnerships Manager",
    "Marcus Feld": "IT Programme Manager",
    "Amara Nwosu": "Head of Channel Sales, EMEA",
    "Kenji Watanabe": "Director of Platform Engineering",
    "Laura Castellanos": "Director of Field Marketing",
    "Ingrid Solberg": "Head of Procurement",
    "Oliver Grant": "VP Customer Success",
    "Yusuf Demir": "Chief Information Security Officer",
    "Mateo Rossi": "Senior Programme Manager",
    "Aisha Rahman": "Head of Data Platform",
    "Peter Novak": "Public Sector Sales Director",
    "Lena Hoffmann": "Partner Manager, Commercial Alliances",
    "Ravi Menon": "Engineering Manager, Integrations",
    "Julia Santos": "Events Manager",
    "Chloé Martin": "Localisation Lead",
    "Samuel Adeyemi": "QA Manager",
    "Greta Lindholm": "Support Operations Manager",
    "Victor Hale": "Head of Industry Solutions, Healthcare",
    "Noor Haddad": "Product Manager, Payments",
    "Felix Wagner": "Cloud FinOps Lead",
    "Isabel Cruz": "Product Manager, Mobile",
    "Tomas Berg": "Alliance Manager, Cloud",
    "Hiroshi Sato": "Product Manager, Field Service",
    "Beatriz Lima": "Alliance Manager, Financial Services",
}


def us(name: str) -> str:
    """One of ours, as governance names people: name (role, organization)."""
    return f"{name} ({OUR_PEOPLE[name]}, {US})"


def them(key: str, index: int = 0) -> str:
    """A person of a partner organization, the executive sponsor by default."""
    org = ORGANIZATIONS[key]
    name, role = org.people[index]
    return f"{name} ({role}, {org.name})"


def who(key: str, index: int = 0) -> str:
    """A partner-side person's name alone (survey respondents)."""
    return ORGANIZATIONS[key].people[index][0]


def strategic_governance(
    owner: str,
    sponsor: str | None,
    partner_sponsor: str | None,
    escalation: tuple[str, ...],
    *,
    manager: str | None = None,
    steering: bool = True,
    joint_plan: bool = True,
    metrics_defined: bool = True,
    cadence: int = 90,
) -> dict[str, Any]:
    """Governance of a strategic alliance: sponsors, a steering committee, an alliance manager."""
    return {
        "owner": owner,
        "executive_sponsor": sponsor,
        "partner_executive_sponsor": partner_sponsor,
        "steering_committee": steering,
        "relationship_manager": manager or owner,
        "escalation_path": list(escalation),
        "joint_plan": joint_plan,
        "success_metrics_defined": metrics_defined,
        "review_cadence_days": cadence,
        "partner_governance_commitment": partner_sponsor is not None,
        "our_governance_commitment": sponsor is not None,
    }


def tactical_governance(
    owner: str | None,
    *,
    cadence: int = 30,
    sponsor: str | None = None,
    partner_sponsor: str | None = None,
    steering: bool = False,
    ours_commit: bool = False,
    partner_commit: bool = False,
    criteria: bool = False,
    escalation: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Governance of a scoped engagement: a named owner, check-ins, a review cadence."""
    return {
        "owner": owner,
        "executive_sponsor": sponsor,
        "partner_executive_sponsor": partner_sponsor,
        "steering_committee": steering,
        "relationship_manager": None,
        "escalation_path": list(escalation),
        "joint_plan": criteria,
        "success_metrics_defined": criteria,
        "review_cadence_days": cadence,
        "partner_governance_commitment": partner_commit,
        "our_governance_commitment": ours_commit,
    }
