"""Invitations by email link: signed, used once, expiring; the password is checked."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from partnerfolio.accounts.invitations import invitation_create
from partnerfolio.accounts.models import Invitation, User
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partners.models import PartnerOrganization

pytestmark = pytest.mark.django_db
GOOD = "correct horse battery staple"


@pytest.fixture
def lumen(db) -> PartnerOrganization:
    return PartnerOrganization.objects.create(name="Lumen Vector Labs", sector="private")


def link_in_mail() -> str:
    assert len(mail.outbox) == 1
    found = re.search(r"https?://\S+(/accounts/invitations/\S+/)", mail.outbox[0].body)
    assert found, mail.outbox[0].body
    return found.group(1)


def accept(client: Client, link: str, username: str = "carla", password: str = GOOD):
    return client.post(link, {"username": username, "password1": password, "password2": password})


def test_a_manager_invites_by_email_and_the_link_works_once(client, ana, settings):
    settings.PARTNERFOLIO_BASE_URL = "https://partners.example.org"
    client.force_login(ana)
    response = client.post(
        "/accounts/invite/",
        {"email": "carla@example.org", "role": "viewer"},
        headers={"Host": "testserver"},
    )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["carla@example.org"]
    link = link_in_mail()
    # the installation's address, never the Host header a request happened to carry
    assert "https://partners.example.org/accounts/invitations/" in mail.outbox[0].body
    assert "testserver" not in mail.outbox[0].body
    record = AuditRecord.objects.get(action="invitation_create")
    assert record.actor == ana
    assert record.after["email"] == "carla@example.org"

    stranger = Client()
    page = stranger.get(link)
    assert page.status_code == 200
    assert "carla@example.org" in page.content.decode()
    response = accept(stranger, link)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    carla = User.objects.get(username="carla")
    assert (carla.email, carla.role, carla.organization) == ("carla@example.org", "viewer", None)
    assert carla.password.startswith(("argon2", "md5"))  # hashed, never kept
    assert AuditRecord.objects.filter(action="invitation_accept", entity_id=carla.pk).exists()
    assert (
        stranger.post("/accounts/login/", {"username": "carla", "password": GOOD}).status_code
        == 302
    )

    # the link is spent
    again = Client()
    assert again.get(link).status_code == 410
    response = accept(again, link, username="mallory")
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert not User.objects.filter(username="mallory").exists()


def test_a_bad_password_or_a_taken_username_is_refused(client, ana):
    invitation = invitation_create(actor=ana, email="dev@example.org", role="contributor")
    link = f"/accounts/invitations/{invitation.token}/"
    response = accept(client, link, password="password123")
    assert response.status_code == 400
    page = response.content.decode()
    assert "too short" in page or "too common" in page
    response = client.post(link, {"username": "dev", "password1": GOOD, "password2": GOOD + "x"})
    assert response.status_code == 400
    assert "differ" in response.content.decode()
    assert accept(client, link, username="ana").status_code == 400
    assert accept(client, link, username="bad name!").status_code == 400
    assert User.objects.count() == 1
    assert accept(client, link, username="dev").status_code == 302  # still usable


def test_an_expired_or_altered_link_is_refused(client, ana):
    invitation = invitation_create(actor=ana, email="late@example.org", role="viewer")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(f"/accounts/invitations/{invitation.token}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert accept(client, f"/accounts/invitations/{invitation.token}/").status_code == 410

    other = invitation_create(actor=ana, email="other@example.org", role="viewer")
    altered = other.token[:-2] + ("AA" if not other.token.endswith("AA") else "BB")
    assert client.get(f"/accounts/invitations/{altered}/").status_code == 410
    assert User.objects.filter(email="other@example.org").count() == 0


def test_the_signature_expires_with_the_invitation_days(client, ana, settings):
    invitation = invitation_create(actor=ana, email="slow@example.org", role="viewer")
    settings.PARTNERFOLIO_INVITATION_DAYS = 0  # any signed link is now too old
    assert client.get(f"/accounts/invitations/{invitation.token}/").status_code == 410


def test_a_partner_invitation_names_an_organization(client, ana, lumen):
    with pytest.raises(ValidationError) as refused:
        invitation_create(actor=ana, email="kim@lumen.example", role="partner")
    assert "organization" in refused.value.message_dict
    with pytest.raises(ValidationError):
        invitation_create(actor=ana, email="kim@lumen.example", role="viewer", organization=lumen)
    assert Invitation.objects.count() == 0
    assert mail.outbox == []

    client.force_login(ana)
    response = client.post("/accounts/invite/", {"email": "kim@lumen.example", "role": "partner"})
    assert response.status_code == 400
    assert "partner organization" in response.content.decode()

    # the partner portal links here with the form filled in
    page = client.get(f"/accounts/invite/?role=partner&organization={lumen.pk}").content.decode()
    assert re.search(r'<option value="partner" selected>', page)
    assert re.search(rf'<option value="{lumen.pk}" selected>', page)
    response = client.post(
        "/accounts/invite/",
        {"email": "kim@lumen.example", "role": "partner", "organization": lumen.pk},
    )
    assert response.status_code == 302
    accept(Client(), link_in_mail(), username="kim")
    kim = User.objects.get(username="kim")
    assert (kim.role, kim.organization) == ("partner", lumen)


def test_who_may_invite_whom(client, ana, ben, root):
    with pytest.raises(PermissionDenied):
        invitation_create(actor=ben, email="x@example.org", role="viewer")
    with pytest.raises(PermissionDenied):
        invitation_create(actor=ana, email="x@example.org", role="admin")
    assert invitation_create(actor=root, email="x@example.org", role="admin").pk
    client.force_login(ben)
    assert client.get("/accounts/invite/").status_code == 403
    assert (
        client.post("/accounts/invite/", {"email": "y@example.org", "role": "viewer"}).status_code
        == 403
    )
    with pytest.raises(ValidationError) as refused:
        invitation_create(actor=root, email="ana@example.org", role="viewer")
    assert "already has an account" in str(refused.value)
    with pytest.raises(ValidationError):
        invitation_create(actor=root, email="not an address", role="viewer")


def test_an_administrator_changes_roles_on_the_people_page(client, ana, ben, root):
    client.force_login(ben)
    assert client.get("/accounts/people/").status_code == 403
    assert client.post(f"/accounts/people/{ben.pk}/role/", {"role": "admin"}).status_code == 403
    client.force_login(root)
    page = client.get("/accounts/people/").content.decode()
    assert "ana" in page
    assert "ben" in page
    response = client.post(f"/accounts/people/{ben.pk}/role/", {"role": "contributor"})
    assert response.status_code == 302
    ben.refresh_from_db()
    assert ben.role == "contributor"
    record = AuditRecord.objects.get(action="role_change")
    assert (record.before, record.after, record.actor) == (
        {"role": "viewer"},
        {"role": "contributor"},
        root,
    )
    client.post(f"/accounts/people/{ben.pk}/role/", {"role": "partner"})
    client.post(f"/accounts/people/{root.pk}/role/", {"role": "viewer"})
    ben.refresh_from_db()
    root.refresh_from_db()
    assert (ben.role, root.role) == ("contributor", "admin")
