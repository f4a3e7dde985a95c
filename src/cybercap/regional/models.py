"""Regional action plans: a group's plan with pillars, governance, minimum standards, regional
actions and the national steps each member state takes for them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cybercap.places.models import Country, Group
from cybercap.strategies.models import ActionStatus

DEFAULT_PILLARS = [
    "Public Awareness",
    "Building Sustainable Capacity",
    "Technical Standards and Infrastructure",
    "Legal Environment",
    "Regional and International Cooperation",
    "Incident Response",
]


class RegionalPlan(models.Model):
    """A group's regional cyber security action plan."""

    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="regional_plans", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    committee = models.CharField(
        _("regional committee"),
        max_length=200,
        blank=True,
        help_text=_("The body that steers the plan, for example a regional cyber committee."),
    )
    governance = models.TextField(_("governance"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group__name", "-period_start"]
        verbose_name = _("regional plan")
        verbose_name_plural = _("regional plans")

    def __str__(self) -> str:
        return self.title


class Pillar(models.Model):
    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="pillars")
    name = models.CharField(_("pillar"), max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="unique_pillar")]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self) -> str:
        return self.name


class PointOfContact(models.Model):
    """The national point of contact of one member state for the plan."""

    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="contacts")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["country__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "country"], name="one_contact_per_country")
        ]
        verbose_name = _("national point of contact")
        verbose_name_plural = _("national points of contact")

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id})"


class MinimumStandard(models.Model):
    """The stage every member state aims for on a factor, in the short or medium term."""

    class Term(models.TextChoices):
        SHORT = "short", _("Short term")
        MEDIUM = "medium", _("Medium term")

    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="standards")
    factor_code = models.CharField(_("factor"), max_length=40)
    target_stage = models.PositiveSmallIntegerField(_("target stage"))
    term = models.CharField(_("term"), max_length=10, choices=Term.choices, default=Term.SHORT)

    class Meta:
        ordering = ["term", "factor_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "factor_code", "term"], name="one_standard_per_factor_and_term"
            )
        ]
        verbose_name = _("minimum standard")
        verbose_name_plural = _("minimum standards")

    def __str__(self) -> str:
        return f"{self.factor_code} ≥ {self.target_stage}"


class RegionalAction(models.Model):
    plan = models.ForeignKey(RegionalPlan, on_delete=models.CASCADE, related_name="actions")
    pillar = models.ForeignKey(
        Pillar, on_delete=models.PROTECT, related_name="actions", verbose_name=_("pillar")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.CharField(_("lead organisation"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    factor_codes = models.JSONField(_("factors"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )

    class Meta:
        ordering = ["pillar__order", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="regional_action_ends_after_start",
            )
        ]
        verbose_name = _("regional action")
        verbose_name_plural = _("regional actions")

    def __str__(self) -> str:
        return self.title


class NationalStep(models.Model):
    """What one member state does for a regional action."""

    action = models.ForeignKey(RegionalAction, on_delete=models.CASCADE, related_name="steps")
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="regional_steps", verbose_name=_("country")
    )
    due = models.DateField(_("due"))
    responsible_agency = models.CharField(_("responsible agency"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["country__name"]
        constraints = [
            models.UniqueConstraint(fields=["action", "country"], name="one_step_per_country")
        ]
        verbose_name = _("national step")
        verbose_name_plural = _("national steps")

    def __str__(self) -> str:
        return f"{self.action_id}/{self.country_id}"
