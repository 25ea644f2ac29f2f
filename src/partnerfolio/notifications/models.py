"""Alerts sent, in-app notifications, and outgoing webhooks (docs/alerts.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    PITFALL = "pitfall", "pitfall"
    REVIEW = "review", "review"
    AGREEMENT = "agreement", "agreement"
    SURVEY = "survey", "survey round"


class AlertSent(models.Model):
    """One finding that was announced: never announced twice.

    A finding is (partnership, kind, code, key). For a pitfall the key is its *episode*:
    "1" the first time it is found, "2" when it returns after having cleared, and so on;
    `cleared_on` marks the run that no longer found it. A review is keyed by its due date,
    an agreement by itself and the date, a survey round by itself and the person asked.
    The unique constraints make two runs at once announce each finding once: a run
    inserts its findings with ON CONFLICT DO NOTHING, tagged with its `run`, and announces
    only the rows that came back with its tag.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="alerts_sent"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(max_length=60)
    key = models.CharField(max_length=100, blank=True)
    run = models.CharField(max_length=32, help_text="The run that announced it")
    found_on = models.DateField(help_text="The as-of date of that run")
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_on = models.DateField(
        null=True, blank=True, help_text="Pitfalls: the first run that no longer found it"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "code", "key"], name="one_alert_per_finding"
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind", "code"],
                condition=models.Q(kind="pitfall", cleared_on__isnull=True),
                name="one_open_episode_per_pitfall",
            ),
        ]
        indexes = [models.Index(fields=["run"], name="alert_run")]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} {self.key} on partnership {self.partnership_id}"


class Notification(models.Model):
    """One alert as one person sees it in the application (and got it in their digest)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="notifications"
    )
    alert = models.ForeignKey(
        AlertSent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(max_length=60)
    severity = models.CharField(max_length=10, blank=True)
    message = models.TextField()
    link = models.CharField(max_length=500, blank=True, help_text="A path in the application")
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} for {self.recipient_id}"


class WebhookEndpoint(models.Model):
    """Where this installation POSTs its alert events, signed with `secret` and, during a
    rotation, with `previous_secret` too until `previous_secret_until` (webhooks.py)."""

    url = models.URLField(max_length=2000)
    secret = models.TextField(
        help_text="Shared with the receiver; signs each delivery: whsec_ and the key in base64"
    )
    previous_secret = models.TextField(
        blank=True, help_text="The secret before the last rotation, signing as well until…"
    )
    previous_secret_until = models.DateTimeField(
        null=True, blank=True, help_text="…this time (PARTNERFOLIO_WEBHOOK_ROTATION_HOURS)"
    )
    active = models.BooleanField(default=True)
    event_kinds = models.JSONField(
        default=list,
        blank=True,
        help_text="Event types or kinds to send (pitfall, review.due, …); empty: all",
    )
    confidential = models.BooleanField(
        default=False, help_text="Also send events about confidential partnerships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str, confidential: bool) -> bool:
        if not self.active or (confidential and not self.confidential):
            return False
        kinds = self.event_kinds or []
        return not kinds or event_type in kinds or event_type.split(".")[0] in kinds


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one endpoint."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.CharField(max_length=64)
    event_type = models.CharField(max_length=40)
    attempt = models.PositiveSmallIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    succeeded = models.BooleanField(default=False)
    gave_up = models.BooleanField(default=False, help_text="The last attempt: no retry follows")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["event_id"], name="delivery_event")]

    def __str__(self) -> str:
        return f"{self.event_id} attempt {self.attempt} → {self.status_code or self.error}"
