"""Invitations: a manager or administrator asks someone in by email; the link creates the
account once, before it expires (docs/security.md)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnerfolio.accounts import access
from partnerfolio.accounts.access import role_of
from partnerfolio.accounts.models import Invitation, Role, User
from partnerfolio.audit.services import audit_record
from partnerfolio.partners.models import PartnerOrganization

SALT = "partnerfolio.accounts.invitation"


class InvitationInvalid(Exception):
    """The link is unknown, tampered with, expired or already used."""


def may_invite(actor: Any, role: str | None = None) -> bool:
    """Managers and administrators invite; only an administrator invites an administrator."""
    inviter = role_of(actor)
    if inviter not in (Role.ADMIN, Role.MANAGER):
        return False
    return role != Role.ADMIN or inviter == Role.ADMIN


def token_for(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT, compress=True)


def invitation_create(
    *,
    actor: User,
    email: str,
    role: str,
    organization: PartnerOrganization | int | None = None,
    site_url: str = "",
) -> Invitation:
    """Record an invitation and email its link (`site_url` + the acceptance page).

    The returned invitation carries its link's `token` (never stored in the clear: the
    link is signed with the secret key and names a random nonce).
    """
    email = (email or "").strip()
    errors: dict[str, str] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "must be an email address"
    if role not in Role.values:
        errors["role"] = f"must be one of {', '.join(Role.values)}"
    elif not may_invite(actor, role):
        raise PermissionDenied("only managers and administrators invite; admins only by admins")
    if isinstance(organization, PartnerOrganization):
        organization = organization.pk
    if isinstance(organization, int | str) and organization != "":
        # one the inviter may not see does not exist for them (docs/access.md)
        organization = access.visible_organizations(actor).filter(pk=organization).first()
        if organization is None:
            errors["organization"] = "no such partner organization"
    elif organization == "":
        organization = None
    if role == Role.PARTNER and organization is None and "organization" not in errors:
        errors["organization"] = "a partner user belongs to a partner organization"
    if role != Role.PARTNER and organization is not None:
        errors["organization"] = "only partner users belong to a partner organization"
    if not errors.get("email") and User.objects.filter(email__iexact=email).exists():
        errors["email"] = "someone with this email address already has an account"
    if errors:
        raise ValidationError(errors)
    assert organization is None or isinstance(organization, PartnerOrganization)

    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            role=role,
            organization=organization,
            nonce=secrets.token_urlsafe(24),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.PARTNERFOLIO_INVITATION_DAYS),
        )
        audit_record(
            actor=actor,
            action="invitation_create",
            entity="invitation",
            entity_id=invitation.pk,
            after={
                "email": email,
                "role": role,
                "organization": None if organization is None else organization.pk,
                "expires_at": invitation.expires_at.isoformat(),
            },
        )
    token = token_for(invitation)
    invitation.token = token  # type: ignore[attr-defined]
    link = site_url.rstrip("/") + reverse("invitation_accept", args=[token])
    where = f" for {organization.name}" if organization is not None else ""
    send_mail(
        subject="You are invited to Partnerfolio",
        message=(
            f"{actor.get_full_name() or actor.get_username()} invites you to Partnerfolio as "
            f"{Role(role).label}{where}.\n\n"
            f"Choose your username and password here (the link works once, until "
            f"{invitation.expires_at:%Y-%m-%d %H:%M %Z}):\n\n{link}\n"
        ),
        from_email=None,
        recipient_list=[email],
    )
    return invitation


def invitation_for(token: str) -> Invitation:
    """The open invitation a link names, or InvitationInvalid."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=timedelta(days=settings.PARTNERFOLIO_INVITATION_DAYS)
        )
    except signing.SignatureExpired:
        raise InvitationInvalid("This invitation has expired.") from None
    except signing.BadSignature:
        raise InvitationInvalid("This invitation link is not valid.") from None
    invitation = Invitation.objects.filter(pk=data.get("i"), nonce=data.get("n")).first()
    if invitation is None:
        raise InvitationInvalid("This invitation link is not valid.")
    if invitation.accepted_at is not None:
        raise InvitationInvalid("This invitation has already been used.")
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid("This invitation has expired.")
    return invitation


def invitation_accept(*, token: str, username: str, password: str) -> User:
    """Create the invited account; the link is spent. Refused input raises ValidationError."""
    with transaction.atomic():
        invitation = invitation_for(token)
        # lock the row: two submissions of one link create one account
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationInvalid("This invitation has already been used.")
        username = (username or "").strip()
        errors: dict[str, list[str]] = {}
        username_field = User._meta.get_field("username")
        try:
            username_field.run_validators(username)
            if not username:
                raise ValidationError("a username is required")
        except ValidationError as error:
            errors["username"] = error.messages
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = ["this username is taken"]
        candidate = User(
            username=username,
            email=invitation.email,
            role=invitation.role,
            organization=invitation.organization,
        )
        try:
            validate_password(password, user=candidate)
        except ValidationError as error:
            errors["password"] = error.messages
        if errors:
            raise ValidationError(errors)
        candidate.set_password(password)
        candidate.save()
        invitation.accepted_at = timezone.now()
        invitation.user = candidate
        invitation.save(update_fields=["accepted_at", "user"])
        audit_record(
            actor=candidate,
            action="invitation_accept",
            entity="user",
            entity_id=candidate.pk,
            after={"username": username, "role": invitation.role, "invitation": invitation.pk},
        )
    return candidate
