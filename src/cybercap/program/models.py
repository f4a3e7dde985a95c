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
        _("follow-up notes"),
        blank=True,
        help_text=_("Anything else agreed; list actions with owners and dates below the mission."),
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


class FollowUp(models.Model):
    """A follow-up action agreed on a mission: what, who, by when, and when it was done."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="follow_up_items")
    what = models.CharField(_("follow-up action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    due = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.what


class AssistanceKind(models.TextChoices):
    TRAINING = "training", _("Training")
    TECHNICAL_ADVICE = "technical_advice", _("Technical advice")
    LEGISLATIVE_DRAFTING = "legislative_drafting", _("Legislative drafting")
    CSIRT_SETUP = "csirt_setup", _("CSIRT set-up")
    EQUIPMENT = "equipment", _("Equipment")
    EXERCISES = "exercises", _("Exercises")


class AssistanceOffer(models.Model):
    """What a partner offers: a kind of help in some areas (factors), in some languages."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="offers", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AssistanceKind.choices)
    factor_codes = models.JSONField(_("areas (factors)"), default=list)
    languages = models.CharField(
        _("languages"), max_length=100, blank=True, help_text=_("For example: en, es, fr.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=1, help_text=_("How many countries it can help at a time.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["partner__name", "kind"]
        verbose_name = _("assistance offer")
        verbose_name_plural = _("assistance offers")

    def __str__(self) -> str:
        return f"{self.partner}: {self.get_kind_display()}"

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]


class AssistanceRequest(models.Model):
    """A country's need for help on a factor, and the commitment that covers it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        COMMITTED = "committed", _("Committed")
        DELIVERED = "delivered", _("Delivered")
        DECLINED = "declined", _("Declined")

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="assistance_requests"
    )
    factor_code = models.CharField(_("factor"), max_length=40)
    kind = models.CharField(_("kind of help"), max_length=30, choices=AssistanceKind.choices)
    description = models.TextField(_("what is needed"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="open")
    offer = models.ForeignKey(
        AssistanceOffer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("committed offer"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["country__name", "factor_code"]
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")

    def __str__(self) -> str:
        return f"{self.country_id} {self.factor_code} {self.get_kind_display()}"

    @property
    def covered(self) -> bool:
        return self.status in (self.Status.COMMITTED, self.Status.DELIVERED)
