"""The partnership record: one row per alliance, its partners, agreements and events."""

from typing import Any

from django.conf import settings
from django.db import models

from partnerfolio.choices import choices, max_length
from partnerfolio.domain.enums import (
    AgreementKind,
    Category,
    DueDiligenceStatus,
    EventKind,
    PartnershipType,
    Stage,
)

STAGE_OR_TYPE = max(max_length(Stage), max_length(PartnershipType))


def _account() -> Any:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip


def _score() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(null=True, blank=True)


def _diligence() -> models.CharField:
    return models.CharField(
        max_length=max_length(DueDiligenceStatus), choices=choices(DueDiligenceStatus), blank=True
    )


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    type = models.CharField(
        max_length=max_length(PartnershipType), choices=choices(PartnershipType), blank=True
    )
    category = models.CharField(
        max_length=max_length(Category), choices=choices(Category), blank=True
    )
    stage = models.CharField(max_length=max_length(Stage), choices=choices(Stage), blank=True)
    started_on = models.DateField(null=True, blank=True)
    planned_end_on = models.DateField(null=True, blank=True)
    partners = models.ManyToManyField(
        "partners.PartnerOrganization", through="PartnershipPartner", related_name="partnerships"
    )

    # the eight-dimension profile, 1 (tactical pole) to 5 (strategic pole)
    time_horizon = _score()
    objective_alignment = _score()
    resource_commitment = _score()
    risk_reward = _score()
    relationship_depth = _score()
    governance_score = _score()
    exit_difficulty = _score()
    innovation_potential = _score()

    # the opportunity advisor's answers ({factor: bool}); null when never asked
    opportunity = models.JSONField(null=True, blank=True)

    # governance
    owner = models.CharField(max_length=500, blank=True)
    executive_sponsor = models.CharField(max_length=500, blank=True)
    partner_executive_sponsor = models.CharField(max_length=500, blank=True)
    steering_committee = models.BooleanField(null=True)
    relationship_manager = models.CharField(max_length=500, blank=True)
    # the accounts the three names above belong to, when they have one
    # (`partnerships.people`: an account holds while its name is the one written)
    owner_account = _account()
    executive_sponsor_account = _account()
    relationship_manager_account = _account()
    escalation_path = models.JSONField(default=list, blank=True)
    joint_plan = models.BooleanField(null=True)
    success_metrics_defined = models.BooleanField(null=True)
    review_cadence_days = models.PositiveIntegerField(null=True, blank=True)
    partner_governance_commitment = models.BooleanField(null=True)
    our_governance_commitment = models.BooleanField(null=True)

    # due diligence on culture, capabilities and incentives
    diligence_culture = _diligence()
    diligence_capabilities = _diligence()
    diligence_incentives = _diligence()

    confidential = models.BooleanField(
        default=False, help_text="Known only to its team and administrators"
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMember", related_name="partnerships", blank=True
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped by every change; stale edits are refused"
    )
    revision = models.PositiveBigIntegerField(
        default=0,
        help_text="Bumped with every audit record about the partnership, its evidence or its "
        "partners; the snapshot cache holds for one revision",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # `revision` moves only by an atomic increment in the database (`audit_record`);
        # saving a copy loaded earlier must never write its old value back.
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "revision"
            ]
        super().save(*args, **kwargs)


class PartnershipPartner(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    partner = models.ForeignKey(
        "partners.PartnerOrganization", on_delete=models.PROTECT, related_name="memberships"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "partner"], name="one_membership_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} in {self.partnership_id}"


class Agreement(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(
        max_length=max_length(AgreementKind), choices=choices(AgreementKind), blank=True
    )
    title = models.CharField(max_length=500, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    renewal_on = models.DateField(null=True, blank=True)
    covers_ip = models.BooleanField(null=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title or self.kind or "agreement"


class Event(models.Model):
    """A stage or type change: never edited, never deleted."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="events")
    on = models.DateField()
    kind = models.CharField(max_length=max_length(EventKind), choices=choices(EventKind))
    from_value = models.CharField(max_length=STAGE_OR_TYPE, blank=True)
    to_value = models.CharField(max_length=STAGE_OR_TYPE)
    by = models.CharField(max_length=500, blank=True, help_text="Who made the change, as recorded")
    reason = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.kind} {self.from_value} → {self.to_value}"


class SnapshotCache(models.Model):
    """The partnership's snapshot as of one revision (see `snapshot_codec`), for the scan.

    Valid only while `revision` equals the partnership's: every change bumps that in the
    change's transaction (`audit_record`), so a stale row is never read, only replaced.
    """

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, primary_key=True, related_name="snapshot_cache"
    )
    revision = models.PositiveBigIntegerField()
    data = models.TextField()

    def __str__(self) -> str:
        return f"snapshot of partnership {self.partnership_id} at revision {self.revision}"


class AssessmentSummary(models.Model):
    """What lists and the dashboard show of a partnership's assessment on one day.

    Current only while `revision`, `as_of` and `playbook` match the partnership's
    revision, the day asked for and the playbook in force. A write re-assesses its
    partnership when it commits, the worker the whole portfolio on a new day or playbook
    (`summary_upkeep`); pages read them as they stand (`summary_selectors`, docs/summaries.md).
    """

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    revision = models.PositiveBigIntegerField()
    as_of = models.DateField()
    playbook = models.CharField(max_length=64)
    classified_type = models.CharField(max_length=20)
    classification_score = models.FloatField(null=True)
    health = models.FloatField(null=True)
    readiness = models.CharField(max_length=20)
    pitfall_codes = models.CharField(
        max_length=1000, blank=True, help_text="',code,code,': for filtering by pitfall"
    )
    pitfall_count = models.PositiveSmallIntegerField(default=0)
    worst_severity = models.PositiveSmallIntegerField(
        null=True, help_text="0 high, 1 medium, 2 low; null with no pitfall"
    )
    findings = models.JSONField(default=list)
    next_review_on = models.DateField(null=True)
    renewal_on = models.DateField(null=True)
    # what the portfolio report reads of the assessment besides (reports/portfolio.py)
    readiness_met = models.PositiveSmallIntegerField(default=0)
    readiness_indicators = models.PositiveSmallIntegerField(default=0)
    readiness_missing = models.CharField(
        max_length=200, blank=True, help_text="',code,code,': the readiness indicators not met"
    )
    trends_improving = models.PositiveIntegerField(default=0, help_text="Metrics improving")
    trends_steady = models.PositiveIntegerField(default=0)
    trends_worsening = models.PositiveIntegerField(default=0)

    class Meta:
        # the dashboard's lists read the first rows in these orders (web/dashboard_selectors)
        indexes = [
            models.Index(fields=["worst_severity", "health"], name="summary_severity"),
            models.Index(fields=["next_review_on"], name="summary_next_review"),
            models.Index(fields=["renewal_on"], name="summary_renewal"),
            models.Index(fields=["readiness"], name="summary_readiness"),
        ]

    def __str__(self) -> str:
        return f"assessment of partnership {self.partnership_id} as of {self.as_of}"


class SummaryStatus(models.Model):
    """One row (pk 1): whether a worker is about, and how far the portfolio's assessment is.

    The worker writes `worker_seen_at` every minute; pages read the row to decide whether
    to leave stale summaries to it ("updating") or to assess the few they show themselves
    (`partnerships.summary_upkeep`, docs/summaries.md).
    """

    worker_seen_at = models.DateTimeField(null=True)
    run_as_of = models.DateField(null=True, help_text="The day of the run under way, or last")
    run_playbook = models.CharField(max_length=64, blank=True)
    run_total = models.PositiveIntegerField(default=0)
    run_done = models.PositiveIntegerField(default=0)
    run_progress_at = models.DateTimeField(null=True, help_text="When its last batch ended")
    run_finished_at = models.DateTimeField(null=True)
    assessed_on = models.DateField(null=True, help_text="The day of the last complete run")
    assessed_playbook = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"summaries assessed on {self.assessed_on}"


class TeamMember(models.Model):
    """A person of ours working on the partnership: they may edit it as a contributor, and
    see it when it is confidential."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    owner = models.BooleanField(default=False)
    via_group = models.CharField(
        max_length=200,
        blank=True,
        help_text="The identity provider's group that put them here (team_groups); "
        "empty when put here by hand",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "user"], name="one_membership_each")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on partnership {self.partnership_id}"


class TeamGroup(models.Model):
    """A group at the company's identity provider whose people are on the partnership's
    team, joined and left at their sign-ins (`partnerships.team_groups`)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="team_groups"
    )
    group = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "group"], name="one_team_group_each")
        ]
        indexes = [models.Index(fields=["group"], name="team_group_by_name")]

    def __str__(self) -> str:
        return f"{self.group} on partnership {self.partnership_id}"
