"""The people the access tests talk about (docs/access.md's roles, one each)."""

from __future__ import annotations

from collections.abc import Iterable

from django.test import Client

from partnerfolio.accounts.models import User
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.models import TeamMember

PASSWORD = "a long enough passphrase"


def personas(*, partner_of: str, teams: Iterable[int]) -> None:
    """Ada the administrator, Mia a manager, Cole a contributor on the teams of the
    partnerships `teams`, Vic a viewer, and Pat a partner user at the organization named
    `partner_of`."""
    User.objects.create_superuser(username="ada", password=PASSWORD, email="")
    User.objects.create_user(username="mia", password=PASSWORD, role="manager")
    cole = User.objects.create_user(username="cole", password=PASSWORD, role="contributor")
    User.objects.create_user(username="vic", password=PASSWORD, role="viewer")
    User.objects.create_user(
        username="pat",
        password=PASSWORD,
        role="partner",
        organization=PartnerOrganization.objects.get(name=partner_of),
    )
    for pk in teams:
        TeamMember.objects.create(partnership_id=pk, user=cole)


def signed_in(person: str) -> Client:
    """A browser signed in as `person` (none for "anonymous")."""
    client = Client()
    if person != "anonymous":
        client.force_login(User.objects.get(username=person))
    return client
