"""The partner portal's records: two-sided survey rounds, their answers, shared metrics.

A round's answers wait here, sealed, while it is open; when it closes each one becomes a
`SurveyResponse` of the partnership (dated the closing day, so the record's round is the
portal's round) and `response` points at it (docs/portal.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnerfolio.choices import choices, max_length
from partnerfolio.domain.enums import SurveySide


class SurveyRound(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="survey_rounds"
    )
    opened_on = models.DateField()
    closes_on = models.DateField(help_text="The last day answers are taken")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_on = models.DateField(
        null=True, blank=True, help_text="The round's date in the record: its answers' date"
    )
    questions = models.JSONField(help_text="The playbook's survey questions when it opened")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_rounds_opened",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_rounds_closed",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "opened_on"], name="one_round_opened_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opened_on")),
                name="round_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"survey round of {self.opened_on} ({self.partnership_id})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RoundAnswer(models.Model):
    """One person's answers to a round; one per person per round."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    respondent = models.CharField(max_length=500)
    side = models.CharField(max_length=max_length(SurveySide), choices=choices(SurveySide))
    organization = models.ForeignKey(
        "partners.PartnerOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For the partner side: the respondent's organization",
    )
    scores = models.JSONField(help_text="{question code: score from 1 to 5}")
    answered_at = models.DateTimeField(auto_now_add=True)
    response = models.OneToOneField(
        "evidence.SurveyResponse",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="round_answer",
    )

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_answer_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.side} answer to round {self.round_id}"


class SharedMetric(models.Model):
    """A metric our side chose to show partners on the shared scorecard.

    `trust_score` and `satisfaction_score` need no row: both sides feed them, so they are
    always shared.
    """

    metric = models.OneToOneField(
        "metrics.Metric", on_delete=models.CASCADE, related_name="portal_share"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"metric {self.metric_id} shared with partners"
