"""A manager outside a confidential partnership's team learns nothing of the organization
hidden with it: the invitation form does not offer it, an invitation naming it is refused
as if it did not exist, and an organization's delete refusal counts no hidden partnership."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from partnerfolio.accounts.invitations import invitation_create
from partnerfolio.accounts.models import Invitation, User
from partnerfolio.partners import services as partner_services
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import services
from partnerfolio.partnerships.errors import RecordError
from partnerfolio.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def _partnership(name: str, partners: list[str], *, confidential: bool) -> Partnership:
    created = services.partnership_import(
        actor="test",
        document={
            "name": name,
            "type": "tactical",
            "stage": "active",
            "partners": [{"name": p} for p in partners],
        },
    )
    Partnership.objects.filter(pk=created.pk).update(confidential=confidential)
    return created


@pytest.fixture
def world(db) -> dict[str, object]:
    _partnership("Open deal", ["Shared Co"], confidential=False)
    _partnership("Secret deal", ["Hidden Co", "Shared Co"], confidential=True)
    return {
        "mia": User.objects.create_user(username="mia", role="manager"),
        "hidden": PartnerOrganization.objects.get(name="Hidden Co"),
        "shared": PartnerOrganization.objects.get(name="Shared Co"),
    }


def test_the_invitation_form_does_not_offer_a_hidden_organization(client, world):
    client.force_login(world["mia"])
    page = client.get("/accounts/invite/").content.decode()
    assert "Shared Co" in page
    assert "Hidden Co" not in page


def test_an_invitation_into_a_hidden_organization_is_refused_as_if_it_did_not_exist(world):
    with pytest.raises(ValidationError) as refused:
        invitation_create(
            actor=world["mia"],
            email="x@example.com",
            role="partner",
            organization=world["hidden"].pk,
        )
    assert refused.value.message_dict["organization"] == ["no such partner organization"]
    with pytest.raises(ValidationError):
        invitation_create(
            actor=world["mia"],
            email="x@example.com",
            role="partner",
            organization=world["hidden"],
        )
    assert not Invitation.objects.exists()


def test_a_delete_refusal_counts_no_partnership_the_caller_cannot_see(world):
    shared = world["shared"]
    with pytest.raises(RecordError) as refused:
        partner_services.partner_organization_delete(
            actor=world["mia"],
            organization=shared,
            expected_version=shared.version,
            reason="tidy up",
        )
    said = str(refused.value)
    assert "2" not in said
    assert "1 partnership" not in said
    assert "partnership" in said
