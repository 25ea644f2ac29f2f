from django.db import models

from partnerfolio.choices import choices, max_length
from partnerfolio.domain.enums import Sector


class PartnerOrganization(models.Model):
    """An organization we partner with; it can be in several partnerships."""

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=max_length(Sector), choices=choices(Sector), blank=True)
    assets = models.JSONField(
        default=list, blank=True, help_text="What it brings: products, markets, IP, …"
    )
    competes_with_us = models.BooleanField(null=True)
    competes_in = models.JSONField(
        default=list, blank=True, help_text="Markets or product lines where it competes with us"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
