"""What a capacity-building program tracks: partners, missions and national CSIRTs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cybercap.places.models import Country


class Partner(models.Model):
    """An organisation that helps countries: international, regional, government or private."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("International organisation")
        REGIONAL = "regional", _("Regional organisation")
        GOVERNMENT = "government", _("Government")
        PRIVATE = "private", _("Private sector")
        ACADEMIA = "academia", _("Academia")
        CIVIL_SOCIETY = "civil_society", _("Civil society")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class Mission(models.Model):
    """A technical-assistance mission to a country."""

    class Purpose(models.TextChoices):
        NEEDS_ASSESSMENT = "needs_assessment", _("Needs assessment")
        STRATEGY_ADVICE = "strategy_advice", _("Strategy advice")
        LEGISLATIVE_WORKSHOP = "legislative_workshop", _("Legislative workshop")
        CSIRT_SETUP = "csirt_setup", _("CSIRT set-up")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="missions", verbose_name=_("country")
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="missions", verbose_name=_("partners")
    )
    activities = models.TextField(_("activities"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    follow_ups = models.TextField(
        _("follow-up actions"), blank=True, help_text=_("One per line: what, who, by when.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return f"{self.title} ({self.start:%Y-%m-%d})"


class Csirt(models.Model):
    """A country's national CSIRT and where it stands on the status ladder."""

    class Status(models.TextChoices):
        NONE = "none", _("None")
        PLANNED = "planned", _("Planned")
        IN_ESTABLISHMENT = "in_establishment", _("In establishment")
        OPERATIONAL = "operational", _("Operational")
        INTERNATIONAL = "international_member", _("Member of international networks")

    country = models.OneToOneField(
        Country, on_delete=models.CASCADE, related_name="csirt", verbose_name=_("country")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.NONE
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    operational_on = models.DateField(_("operational since"), null=True, blank=True)
    networks = models.CharField(
        _("networks"),
        max_length=200,
        blank=True,
        help_text=_("For example FIRST, a regional CSIRT network."),
    )
    website = models.URLField(_("website"), blank=True)
    maturity_assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("maturity assessment"),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["country__name"]
        verbose_name = _("national CSIRT")
        verbose_name_plural = _("national CSIRTs")

    def __str__(self) -> str:
        return self.name or f"CSIRT {self.country_id}"

    @property
    def is_operational(self) -> bool:
        return self.status in (self.Status.OPERATIONAL, self.Status.INTERNATIONAL)
