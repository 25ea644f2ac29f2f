from django.contrib.auth.models import AbstractUser
from django.db import models


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
