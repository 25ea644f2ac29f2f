"""Saved column mappings, external IDs of imported records, and uploads awaiting confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SavedMapping(models.Model):
    """How the columns of a kind of file map onto fields, kept to be used again."""

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(
        max_length=20,
        blank=True,
        help_text="the kind of every row, or blank: a `record` column says",
    )
    source = models.CharField(
        max_length=40, default="spreadsheet", help_text="the system external IDs come from"
    )
    columns = models.JSONField(default=dict, help_text="{header: field key, or '' to ignore}")
    values = models.JSONField(default=dict, help_text="{field key: {cell text: value}}")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExternalKey(models.Model):
    """The ID a record has in another system (a CRM, a spreadsheet), so a second import finds it."""

    source = models.CharField(max_length=40)
    kind = models.CharField(max_length=20)
    external_id = models.CharField(max_length=200)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "external_id"], name="external_key_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.source}:{self.kind}:{self.external_id}"


class PendingImport(models.Model):
    """An uploaded file between its upload and the confirmation of its import (web)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    kind = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=40, default="spreadsheet")
    columns = models.JSONField(default=dict)
    values = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class ImportJob(models.Model):
    """A confirmed import too large to run in the request: queued, run by the worker.

    The progress of the running job (records written so far) and its worker's heartbeat
    are kept in the task queue's storage, outside the database, since the import writes in
    one transaction that other connections cannot see into; this row has the status and,
    once finished, the result.
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    class Failure(models.TextChoices):
        REFUSED = "refused", "rows refused"
        ERROR = "error", "an error"
        WORKER_LOST = "worker_lost", "the worker stopped"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    pending = models.ForeignKey(
        PendingImport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="the upload, deleted once its records are written",
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField(
        blank=True, help_text="the file; emptied once done, refused, or run again"
    )
    mapping = models.JSONField(default=dict)
    skip_invalid = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    failure = models.CharField(
        max_length=20, choices=Failure.choices, blank=True, help_text="why a failed job failed"
    )
    written = models.BooleanField(
        default=False,
        help_text="set inside the import's own write transaction: true exactly when its "
        "records are committed, even if the worker stopped before recording the report",
    )
    rerun_as = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rerun_of",
        help_text="the job that ran this failed one again",
    )
    summary = models.TextField(blank=True)
    result = models.JSONField(default=dict, help_text="the report: outcomes, issues, counts")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def can_run_again(self) -> bool:
        """Failed for a reason that running the same file again may not meet (its worker
        stopped, an error), and not run again yet; its file is still kept."""
        return (
            self.status == self.Status.FAILED
            and self.failure in (self.Failure.WORKER_LOST, self.Failure.ERROR)
            and self.rerun_as_id is None
        )


class ExportJob(models.Model):
    """An export too large for the request: written by the worker, kept for its asker.

    The file is stored in the database in parts (`ExportPart`), so that every application
    server can hand it out and none holds it whole in memory; it is removed KEEP_HOURS
    after it was asked for (`spreadsheets.export_jobs`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    class What(models.TextChoices):
        LIST = "list", "the partnerships list"
        PORTFOLIO = "portfolio", "the portfolio's records"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    what = models.CharField(max_length=10, choices=What.choices)
    fmt = models.CharField(max_length=5)
    query = models.TextField(blank=True, help_text="the list's filters, as a query string")
    revision = models.BigIntegerField(
        null=True, blank=True, help_text="the data revision when it was asked for"
    )
    partnerships = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    filename = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "what", "fmt", "revision"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ExportPart(models.Model):
    """One part of an export's file, in order."""

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="export_part_unique")]

    def __str__(self) -> str:
        return f"part {self.index} of export {self.job_id}"
