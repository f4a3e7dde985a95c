"""National strategies: the strategy, its working group, objectives, action plan and monitoring,
and the library of recommended actions that proposals for an assessment's gaps are drawn from."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cybercap.assessments.models import Cluster
from cybercap.frameworks.models import Indicator
from cybercap.places.models import Country


class Phase(models.TextChoices):
    """The strategy lifecycle, in order."""

    INITIATION = "initiation", _("Initiation")
    STOCKTAKING = "stocktaking", _("Stocktaking and analysis")
    PRODUCTION = "production", _("Production")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Monitoring and evaluation")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class LeadType(models.TextChoices):
    """The kind of body that typically leads an action."""

    MINISTRY = "ministry", _("Lead ministry")
    REGULATOR = "regulator", _("Regulator")
    CSIRT = "csirt", _("National CSIRT")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    JUSTICE = "justice", _("Justice and prosecution")
    LEGISLATURE = "legislature", _("Legislature")
    DEFENCE = "defence", _("Defence")
    EDUCATION = "education", _("Education ministry")
    ACADEMIA = "academia", _("Universities and research")
    STANDARDS_BODY = "standards_body", _("Standards body")
    DATA_PROTECTION = "data_protection", _("Data protection authority")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class CostBand(models.TextChoices):
    LOW = "low", _("Low (under USD 50,000)")
    MEDIUM = "medium", _("Medium (USD 50,000–250,000)")
    HIGH = "high", _("High (USD 250,000–1 million)")
    VERY_HIGH = "very_high", _("Very high (over USD 1 million)")


class Recommendation(models.Model):
    """A recommended action that helps a factor of a framework reach a stage."""

    framework_slug = models.SlugField(_("framework"), max_length=80)
    code = models.CharField(_("code"), max_length=40)
    factor_code = models.CharField(_("factor"), max_length=40)
    stage = models.PositiveSmallIntegerField(_("helps reach stage"))
    title = models.CharField(_("title"), max_length=200)
    action = models.TextField(_("action"))
    rationale = models.TextField(_("rationale"))
    lead_type = models.CharField(_("typical lead"), max_length=30, choices=LeadType.choices)
    months = models.PositiveSmallIntegerField(_("typical duration (months)"))
    cost = models.CharField(_("indicative cost"), max_length=20, choices=CostBand.choices)
    source = models.CharField(_("source file"), max_length=200, blank=True)

    class Meta:
        ordering = ["framework_slug", "factor_code", "stage", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework_slug", "code"], name="unique_recommendation_code"
            )
        ]
        indexes = [models.Index(fields=["framework_slug", "factor_code", "stage"])]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Strategy(models.Model):
    """A country's National Cyber Security Strategy (one record per version)."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="strategies", verbose_name=_("country")
    )
    title = models.CharField(_("title"), max_length=200)
    version = models.CharField(_("version"), max_length=20, default="1.0")
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.INITIATION
    )
    baseline = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategies",
        verbose_name=_("baseline assessment"),
        help_text=_("The approved assessment whose gaps the action plan answers."),
    )
    target_stage = models.PositiveSmallIntegerField(
        _("target stage"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(5)],
        help_text=_("Factors below this stage get proposed actions."),
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopting_body = models.CharField(
        _("adopting body"),
        max_length=200,
        blank=True,
        help_text=_("For example the Cabinet of Ministers or Parliament."),
    )
    vision = models.TextField(_("vision"), blank=True)
    principles = models.TextField(_("principles"), blank=True, help_text=_("One per line."))
    currency = models.CharField(_("budget currency"), max_length=3, default="USD")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["country__name", "-created_at"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None

    @property
    def principle_list(self) -> list[str]:
        return [line.strip() for line in self.principles.splitlines() if line.strip()]


class WorkingGroupMember(models.Model):
    """A person on the national working group that drafts and follows the strategy."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARIAT = "secretariat", _("Secretariat")
        MEMBER = "member", _("Member")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    sector = models.CharField(_("sector"), max_length=30, choices=Cluster.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("working-group member")
        verbose_name_plural = _("working-group members")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Meeting(models.Model):
    """A working-group meeting and what it decided."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    attendance = models.PositiveSmallIntegerField(_("attendance"), null=True, blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"


class Objective(models.Model):
    """A strategic objective; actions hang under it."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="unique_objective_code")
        ]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Action(models.Model):
    """One action of the plan. `version` grows with every save, so stale edits are refused."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="actions", verbose_name=_("objective")
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_agency = models.CharField(_("lead agency"), max_length=200)
    partners = models.CharField(_("supporting partners"), max_length=300, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    budget = models.DecimalField(
        _("budget estimate"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress %"), default=0, validators=[MaxValueValidator(100)]
    )
    indicators = models.ManyToManyField(
        Indicator,
        blank=True,
        related_name="strategy_actions",
        verbose_name=_("gaps addressed"),
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        verbose_name=_("depends on"),
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["objective__order", "objective__code", "start", "code"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="unique_action_code"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="action_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["strategy", "status"])]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("due"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        ordering = ["due"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Kpi(models.Model):
    """A key performance indicator of an action: where it started, where it should get to."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("KPI"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    current = models.DecimalField(
        _("current value"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return self.name

    @property
    def achieved(self) -> int | None:
        """Share of the way from baseline to target, 0-100 (None without a current value)."""
        if self.current is None:
            return None
        start = self.baseline or 0
        span = self.target - start
        if span == 0:
            return 100 if self.current == self.target else 0
        return max(0, min(100, round(100 * (self.current - start) / span)))


class ProgressUpdate(models.Model):
    """A dated report on an action: what happened, its new status and progress."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress %"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reported_on", "-created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.action_id} {self.reported_on:%Y-%m-%d} {self.status}"


class Proposal(models.Model):
    """A recommendation proposed for a gap of the baseline, waiting for the working group."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("To decide")
        ACCEPTED = "accepted", _("Accepted")
        MERGED = "merged", _("Merged")
        DROPPED = "dropped", _("Dropped")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="proposals")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="proposals"
    )
    factor_code = models.CharField(max_length=40)
    factor_title = models.CharField(max_length=300)
    current_stage = models.PositiveSmallIntegerField()
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["factor_code", "recommendation__stage", "recommendation__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "recommendation"], name="one_proposal_per_recommendation"
            )
        ]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.factor_code}: {self.recommendation.title}"
