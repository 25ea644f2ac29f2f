"""The portal's world: two partner organizations, their people, our people, and three
partnerships with internal notes that must never reach a partner.

Organizations: Aurora Co (A) and Boreal Co (B). Partnerships: Atlas (with A, public,
Cole's team), Birch (with B, public, no team), Cobalt (with A, confidential, Cole's team),
Delta (with A and B, public). People: Ada the administrator, Mia a manager, Cole a
contributor, Vic a viewer, Pia and Paz partner users at A, Bo a partner user at B.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from partnerfolio.accounts.models import User
from partnerfolio.metrics.models import Metric
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Event, Partnership, TeamMember
from partnerfolio.portal.models import SharedMetric
from tests.browser.conftest import page, steps  # noqa: F401  (Chromium: tests/conftest.py)

PASSWORD = "a long enough passphrase"
A, B = "Aurora Co", "Boreal Co"
# Strings that live only in our internal notes: no portal page may ever show them.
SECRETS = (
    "REVIEW-NOTE-internal",
    "ENGAGEMENT-SUMMARY-internal",
    "EVENT-REASON-internal",
    "OPPORTUNITY-identified-only",
    "OPPORTUNITY-lost",
    "Project margin",
)


def today() -> date:
    return timezone.localdate()


def days_ago(n: int) -> str:
    return (today() - timedelta(days=n)).isoformat()


def document(name: str, partners: list[str]) -> dict:
    return {
        "name": name,
        "type": "tactical",
        "category": "commercial",
        "stage": "active",
        "started_on": days_ago(200),
        "partners": [{"name": p} for p in partners],
        "governance": {"owner": "Mia Lindqvist", "review_cadence_days": 30},
        "commitments": [
            {"title": f"{name} pilot", "due_on": days_ago(30), "delivered_on": days_ago(32)}
        ],
        "reviews": [{"on": days_ago(10), "decision": "continue", "notes": "REVIEW-NOTE-internal"}],
        "engagements": [
            {"on": days_ago(5), "kind": "check_in", "summary": "ENGAGEMENT-SUMMARY-internal"}
        ],
        "opportunities": [
            {"title": f"{name} joint bid", "stage": "proposal", "value": 50000},
            {"title": "OPPORTUNITY-identified-only", "stage": "identified"},
            {"title": "OPPORTUNITY-lost", "stage": "lost"},
        ],
        "metrics": [
            {
                "key": "sla_compliance",
                "target": 0.95,
                "observations": [{"on": days_ago(3), "value": 0.9}],
            },
            {
                "key": "project_margin",
                "target": 0.2,
                "observations": [{"on": days_ago(3), "value": 0.31}],
            },
        ],
    }


@pytest.fixture
def world(db) -> dict[str, int]:
    found: dict[str, int] = {}
    for name, partners, confidential in (
        ("Atlas", [A], False),
        ("Birch", [B], False),
        ("Cobalt", [A], True),
        ("Delta", [A, B], False),
    ):
        p = services.partnership_import(actor="test", document=document(name, partners))
        Partnership.objects.filter(pk=p.pk).update(confidential=confidential)
        Event.objects.create(
            partnership=p,
            on=today() - timedelta(days=100),
            kind="stage_changed",
            from_value="negotiation",
            to_value="active",
            reason="EVENT-REASON-internal",
        )
        # sla_compliance is shared with partners; project_margin is not
        SharedMetric.objects.create(metric=Metric.objects.get(partnership=p, key="sla_compliance"))
        found[name] = p.pk
    found["A"] = PartnerOrganization.objects.get(name=A).pk
    found["B"] = PartnerOrganization.objects.get(name=B).pk
    User.objects.create_superuser(username="ada", password=PASSWORD, email="", first_name="Ada")
    User.objects.create_user(
        username="mia", password=PASSWORD, role="manager", first_name="Mia", last_name="Lindqvist"
    )
    cole = User.objects.create_user(
        username="cole",
        password=PASSWORD,
        role="contributor",
        first_name="Cole",
        last_name="Ostrowski",
    )
    User.objects.create_user(username="vic", password=PASSWORD, role="viewer")
    for username, first, last, org in (
        ("pia", "Pia", "Aurelius", A),
        ("paz", "Paz", "Amberly", A),
        ("bo", "Bo", "Borealsen", B),
    ):
        User.objects.create_user(
            username=username,
            password=PASSWORD,
            role="partner",
            first_name=first,
            last_name=last,
            organization=PartnerOrganization.objects.get(name=org),
        )
    for name in ("Atlas", "Cobalt"):
        TeamMember.objects.create(partnership_id=found[name], user=cole)
    return found


def client_for(person: str) -> Client:
    client = Client()
    if person != "anonymous":
        client.force_login(User.objects.get(username=person))
    return client


def user(person: str) -> User:
    return User.objects.get(username=person)
