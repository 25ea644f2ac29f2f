"""Append-only audit records: written beside every change, never edited or deleted."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from partnerfolio.operations import context


class AuditRecordIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit record."""


class AuditQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditRecordIsAppendOnly("audit records cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditRecordIsAppendOnly("audit records cannot be deleted")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[AuditRecord]:
        from partnerfolio.audit import revision

        revision.raise_on_commit()
        return super().bulk_create(*args, **kwargs)


class AuditRecord(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, help_text="Kept when the account is gone")
    action = models.CharField(
        max_length=60, help_text="The service that wrote it, e.g. stage_change"
    )
    entity = models.CharField(max_length=60, help_text="What changed, e.g. partnership, commitment")
    entity_id = models.BigIntegerField(null=True)
    # No foreign key: the trail outlives the partnership it describes.
    partnership_id = models.BigIntegerField(null=True, db_index=True)
    partnership_name = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    note = models.TextField(blank=True)
    # The request that made the change (its X-Request-ID and log lines): None outside a
    # request, and for records from before it was kept. Nullable so that adding the column
    # never rebuilds the table and its append-only guard (migration 0004).
    request_id = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, default=context.request_id
    )

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.entity}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditRecordIsAppendOnly("audit records cannot be changed")
        from partnerfolio.audit import revision

        revision.raise_on_commit()  # a record means a change: answers kept from before retire
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditRecordIsAppendOnly("audit records cannot be deleted")


class DataRevision(models.Model):
    """One row (id 1) whose value rises after every committed change: caches of answers
    computed from the record (`partnerfolio.audit.revision`) are valid while it stands."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data revision {self.value}"
