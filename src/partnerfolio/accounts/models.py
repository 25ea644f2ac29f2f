import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac


class Role(models.TextChoices):
    """What a person may do (docs/access.md)."""

    ADMIN = "admin", "administrator"
    MANAGER = "manager", "manager"
    CONTRIBUTOR = "contributor", "contributor"
    VIEWER = "viewer", "viewer"
    PARTNER = "partner", "partner user"


class User(AbstractUser):
    """A person on our side, or at a partner organization (role `partner`, portal only)."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    organization = models.ForeignKey(
        "partners.PartnerOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text="For partner users: the organization they belong to",
    )
    session_token = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="Part of every session's check: a new one signs the person out everywhere",
    )

    class Meta:
        db_table = "accounts_user"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role="partner") & models.Q(organization__isnull=False))
                | (~models.Q(role="partner") & models.Q(organization__isnull=True)),
                name="partner_users_belong_to_an_organization",
            )
        ]

    @property
    def effective_role(self) -> str:
        """Superusers are administrators whatever their role says."""
        return Role.ADMIN if self.is_superuser else self.role

    # Django checks each request's session against this hash; it covers the password (a
    # changed password ends other sessions) and the session token (`sign_out_everywhere`).
    # With no token yet it is Django's own hash, so existing sessions stay valid.
    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            self.password + self.session_token,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def rotate_session_token(self) -> None:
        self.session_token = secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An email link to create an account: signed, used once, valid until `expires_at`."""

    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        "partners.PartnerOrganization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    nonce = models.CharField(max_length=64, help_text="In the link; unknown to anyone else")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
        help_text="The account created by accepting it",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role="partner") & models.Q(organization__isnull=False))
                | (~models.Q(role="partner") & models.Q(organization__isnull=True)),
                name="partner_invitations_name_an_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} as {self.role}"


def new_link_token() -> str:
    return secrets.token_urlsafe(24)


class PartnerIdentityProvider(models.Model):
    """A partner organization's own OpenID Connect provider (docs/sso.md): its people sign
    in through it, as partner users of that organization only. Administrators manage it
    (`accounts.partner_providers`); its sign-in link holds `link_token`, which nobody
    else knows, and the link answers 404 while the provider is turned off."""

    organization = models.OneToOneField(
        "partners.PartnerOrganization",
        on_delete=models.CASCADE,
        related_name="identity_provider",
    )
    name = models.CharField(max_length=100, help_text="Shown on its sign-in button")
    issuer = models.CharField(max_length=500)
    client_id = models.CharField(max_length=200)
    client_secret = models.CharField(max_length=500, help_text="Never shown once saved")
    email_claim = models.CharField(max_length=100, default="email")
    domains = models.JSONField(
        default=list, help_text="The e-mail domains it may vouch for, lower case"
    )
    enabled = models.BooleanField(default=True)
    link_token = models.CharField(max_length=64, unique=True, default=new_link_token)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"

    @property
    def provider_id(self) -> str:
        """allauth's id of its app: in its sign-in and callback URLs, and on each account
        it links."""
        return f"partner-{self.link_token}"


class UsedAssertion(models.Model):
    """A SAML assertion that was accepted (partnerfolio.accounts.saml), kept until it expires
    so that it signs in once: the same assertion again is a replay, refused."""

    assertion_id = models.CharField(max_length=255, unique=True)
    not_on_or_after = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.assertion_id
