"""Needs assessments: the assessment, its consultations, evidence, ratings and result snapshots."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cybercap.frameworks.models import Framework, Indicator, Node
from cybercap.places.models import Country


class Status(models.TextChoices):
    PLANNING = "planning", _("Planning")
    COLLECTING = "collecting", _("Collecting evidence")
    SCORING = "scoring", _("Scoring")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


FINAL_STATUSES = (Status.APPROVED, Status.PUBLISHED)


class Assessment(models.Model):
    """One round of assessing a country against one framework version."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("country")
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("framework")
    )
    title = models.CharField(_("title"), max_length=200)
    round_label = models.CharField(
        _("round"), max_length=100, help_text=_("For example “2014 baseline”.")
    )
    lead_organisation = models.CharField(_("lead organisation"), max_length=200, blank=True)
    mission_start = models.DateField(_("mission start"), null=True, blank=True)
    mission_end = models.DateField(_("mission end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous round"),
    )
    summary = models.TextField(_("executive summary"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["country__name", "-mission_start", "-created_at"]
        indexes = [models.Index(fields=["country", "status"])]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.title} ({self.round_label})"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def sort_date(self):
        return self.mission_start or self.created_at.date()


class Cluster(models.TextChoices):
    GOVERNMENT = "government", _("Government and policy makers")
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure", _("Critical infrastructure")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    ACADEMIA = "academia", _("Academia")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    JUSTICE = "justice", _("Justice")
    DEFENCE = "defence", _("Defence")
    INTERNATIONAL = "international_partners", _("International partners")


class Consultation(models.Model):
    """A meeting with one stakeholder cluster during the mission, held under non-attribution."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="consultations"
    )
    cluster = models.CharField(_("stakeholder cluster"), max_length=30, choices=Cluster.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    dimensions = models.ManyToManyField(
        Node, blank=True, related_name="+", verbose_name=_("dimensions discussed")
    )
    participants = models.JSONField(_("participants by sector"), default=dict, blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Non-attribution: record what was said, never who said it."),
    )

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.get_cluster_display()} {self.date}"

    @property
    def participant_count(self) -> int:
        return sum(int(count) for count in self.participants.values())


class Evidence(models.Model):
    """A source that supports ratings: a consultation, a document, desk research or an interview."""

    class Source(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        DOCUMENT = "document", _("Document")
        DESK = "desk", _("Desk research")
        INTERVIEW = "interview", _("Interview")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Public evidence may appear in published results; the rest stays "
            "confidential to the country and the assessment team."
        ),
    )
    consultation = models.ForeignKey(
        Consultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="evidence", verbose_name=_("indicators supported")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class Confidence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


RATIONALE_MAX = 10_000  # characters of a rating's rationale: longer material is evidence


class Rating(models.Model):
    """One person's rating of one indicator; the reviewer's reconciled rating is the one that
    scores. `version` grows with every save, so a stale edit is refused, never applied."""

    class Kind(models.TextChoices):
        ASSESSOR = "assessor", _("Assessor's rating")
        RECONCILED = "reconciled", _("Reconciled rating")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="ratings")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ASSESSOR)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ratings"
    )
    value = models.CharField(_("value"), max_length=30)
    rationale = models.TextField(_("rationale"), blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="ratings")
    carried_over = models.BooleanField(
        _("carried over, to confirm"),
        default=False,
        help_text=_("Copied from the previous round; confirm or change it."),
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator", "rater"],
                condition=models.Q(kind="assessor"),
                name="one_rating_per_assessor",
            ),
            models.UniqueConstraint(
                fields=["assessment", "indicator"],
                condition=models.Q(kind="reconciled"),
                name="one_reconciled_rating",
            ),
        ]
        indexes = [
            models.Index(fields=["assessment", "kind"]),
            # One indicator's ratings in one assessment (a rating saved, a workspace row): both
            # unique constraints above are partial, so without it the database walked every
            # assessment's ratings of that indicator (1 ms a save at 582 assessments).
            models.Index(fields=["assessment", "indicator"], name="rating_assessment_indicator"),
        ]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


class ResultSnapshot(models.Model):
    """Results frozen when an assessment is approved; dashboards and comparisons read these."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="snapshot")
    computed_at = models.DateTimeField(default=timezone.now)
    nodes = models.JSONField(default=dict)
    overall = models.JSONField(default=dict)
    dimensions = models.JSONField(default=list)
    unmet = models.JSONField(default=list, help_text=_("Codes of applicable indicators not met."))

    class Meta:
        verbose_name = _("result snapshot")
        verbose_name_plural = _("result snapshots")

    def __str__(self) -> str:
        return f"results of {self.assessment_id}"
