"""Evidence recorded over a partnership's life, each row belonging to one partnership."""

from django.db import models

from partnerfolio.choices import choices, max_length
from partnerfolio.domain.enums import (
    Attribution,
    EngagementKind,
    OpportunityStage,
    ReviewDecision,
    SurveySide,
)

PARTNERSHIP = "partnerships.Partnership"


class Evidence(models.Model):
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        label = getattr(self, "title", "") or getattr(self, "kind", "") or getattr(self, "side", "")
        on = getattr(self, "on", None) or getattr(self, "due_on", None)
        return f"{self._meta.verbose_name} {label} {on or ''}".strip()


class Commitment(Evidence):
    partnership = models.ForeignKey(
        PARTNERSHIP, on_delete=models.CASCADE, related_name="commitments"
    )
    title = models.CharField(max_length=500, blank=True)
    due_on = models.DateField(null=True, blank=True)
    delivered_on = models.DateField(null=True, blank=True)
    met_quality = models.BooleanField(null=True)


class Engagement(Evidence):
    partnership = models.ForeignKey(
        PARTNERSHIP, on_delete=models.CASCADE, related_name="engagements"
    )
    on = models.DateField()
    kind = models.CharField(max_length=max_length(EngagementKind), choices=choices(EngagementKind))
    summary = models.CharField(max_length=500, blank=True)


class Review(Evidence):
    partnership = models.ForeignKey(PARTNERSHIP, on_delete=models.CASCADE, related_name="reviews")
    on = models.DateField()
    decision = models.CharField(
        max_length=max_length(ReviewDecision), choices=choices(ReviewDecision), blank=True
    )
    notes = models.TextField(blank=True)


class SurveyResponse(Evidence):
    """One respondent's answers; a round is every response with the same date."""

    partnership = models.ForeignKey(
        PARTNERSHIP, on_delete=models.CASCADE, related_name="survey_responses"
    )
    on = models.DateField()
    side = models.CharField(max_length=max_length(SurveySide), choices=choices(SurveySide))
    respondent = models.CharField(max_length=500, blank=True)
    scores = models.JSONField(help_text="{question code: score from 1 to 5}")


class Opportunity(Evidence):
    partnership = models.ForeignKey(
        PARTNERSHIP, on_delete=models.CASCADE, related_name="opportunities"
    )
    title = models.CharField(max_length=500, blank=True)
    stage = models.CharField(
        max_length=max_length(OpportunityStage), choices=choices(OpportunityStage), blank=True
    )
    requires_deeper_collaboration = models.BooleanField(null=True)
    value = models.FloatField(null=True, blank=True)
    attribution = models.CharField(
        max_length=max_length(Attribution), choices=choices(Attribution), blank=True
    )

    class Meta(Evidence.Meta):
        verbose_name_plural = "opportunities"


class JointOutcome(Evidence):
    partnership = models.ForeignKey(
        PARTNERSHIP, on_delete=models.CASCADE, related_name="joint_outcomes"
    )
    title = models.CharField(max_length=500, blank=True)
    on = models.DateField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
