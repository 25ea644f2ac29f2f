"""Reports kept once made: by what they are of, who may read them, and the revision."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class KeptReport(models.Model):
    """A report made by the worker (or being made), kept while its revision stands.

    `audience` says whose view of the record it holds (`reports.keeping.audience`):
    `all` for administrators and for a partnership's review (which reads only that
    partnership, served only to people who may see it), `user:<id>` for anyone else's
    portfolio report. `revision` is the data revision (portfolio) or the partnership's
    own revision (review) it was asked at: a change moves it, so the next request makes
    a new one.
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    kind = models.CharField(max_length=12)  # portfolio, partnership
    subject = models.PositiveBigIntegerField(default=0, help_text="the partnership; 0: all")
    audience = models.CharField(max_length=40)
    period = models.CharField(max_length=40, help_text="start:end:as_of:quarter")
    appendix = models.BooleanField(default=False)
    fmt = models.CharField(max_length=4)  # html, pdf
    revision = models.BigIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.CASCADE,
        help_text="who asked first: the task reads the record as they may see it",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(blank=True, help_text="the report's HTML (its body)")
    pdf = models.BinaryField(null=True, blank=True)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "audience", "period", "appendix", "fmt", "revision"],
                name="kept_report_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} {self.fmt} at {self.revision} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
