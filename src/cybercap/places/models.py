"""Countries (ISO 3166-1) and the groups they belong to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CountryQuerySet(models.QuerySet["Country"]):
    def search(self, text: str) -> CountryQuerySet:
        """Countries whose code or name in any bundled language contains the text."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(code__iexact=text)
            | models.Q(alpha2__iexact=text)
            | models.Q(name__icontains=text)
            | models.Q(name_es__icontains=text)
            | models.Q(name_fr__icontains=text)
            | models.Q(name_pt__icontains=text)
        )


class Country(models.Model):
    """A state or territory as listed in ISO 3166-1, with its names in the UI languages."""

    code = models.CharField(_("ISO alpha-3 code"), max_length=3, primary_key=True)
    alpha2 = models.CharField(_("ISO alpha-2 code"), max_length=2, unique=True)
    numeric = models.CharField(_("ISO numeric code"), max_length=3)
    name = models.CharField(_("name"), max_length=120)
    name_es = models.CharField(_("name in Spanish"), max_length=120)
    name_fr = models.CharField(_("name in French"), max_length=120)
    name_pt = models.CharField(_("name in Portuguese"), max_length=120)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The name in the active language, English when that language has none."""
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name


class Group(models.Model):
    """A grouping of countries: a region, an organisation's members, a program's states."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        ORGANISATION = "organisation", _("Organisation")
        PROGRAM = "program", _("Program")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGION)
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(_("source"), blank=True)
    members: models.ManyToManyField[Country, GroupMembership] = models.ManyToManyField(
        Country, through="GroupMembership", related_name="groups", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    """A country's membership of a group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "country"], name="unique_group_country")
        ]
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")

    def __str__(self) -> str:
        return f"{self.country_id} in {self.group}"
