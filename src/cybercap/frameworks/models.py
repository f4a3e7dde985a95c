"""Assessment frameworks as data: a versioned tree of nodes with indicators, and crosswalks."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

# Values every framework accepts besides its own scale.
NOT_ASSESSED = "not_assessed"
NOT_APPLICABLE = "not_applicable"


class Framework(models.Model):
    """One version of an assessment model, loaded from a framework file."""

    class Kind(models.TextChoices):
        MATURITY = "maturity", _("Maturity model")
        CHECKLIST = "checklist", _("Checklist")
        WEIGHTED = "weighted", _("Weighted index")

    slug = models.SlugField(_("slug"))
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10, default="en")
    description = models.TextField(_("description"), blank=True)
    source_note = models.TextField(_("source"), blank=True)
    licence_note = models.TextField(_("licence"), blank=True)
    levels = models.JSONField(_("node levels"), default=list)
    stages = models.JSONField(_("stages"), default=list, blank=True)
    scale = models.JSONField(_("rating scale"), default=list)
    content_hash = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)
    frozen_at = models.DateTimeField(
        _("frozen at"),
        null=True,
        blank=True,
        help_text=_("Set when an assessment first uses this version; it can no longer change."),
    )

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="unique_framework_version")
        ]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def stage_name(self, level: int | None) -> str:
        """The name of a stage level, or an empty string for an unknown one."""
        for stage in self.stages:
            if stage["level"] == level:
                return str(stage["name"])
        return ""

    def level_name(self, depth: int) -> str:
        """What the nodes at a depth are called (dimension, factor...)."""
        return str(self.levels[depth]) if depth < len(self.levels) else ""

    def scale_entry(self, value: str) -> dict[str, Any] | None:
        return next((entry for entry in self.scale if entry["value"] == value), None)


class Node(models.Model):
    """A branch of a framework's tree: a dimension, factor, aspect, section or category."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    depth = models.PositiveSmallIntegerField(_("depth"))
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_node_code")
        ]
        verbose_name = _("node")
        verbose_name_plural = _("nodes")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    """A checkable statement under a leaf node, rated in assessments."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    guidance = models.TextField(_("guidance"), blank=True)
    stage = models.PositiveSmallIntegerField(_("stage"), null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=1)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")
        ]
        indexes = [models.Index(fields=["framework", "stage"])]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.title or self.text[:60]}"


class Crosswalk(models.Model):
    """A mapping of one framework version's nodes and indicators onto another's."""

    source = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="crosswalks_out")
    target = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="crosswalks_in")
    title = models.CharField(_("title"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    content_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_crosswalk")
        ]
        verbose_name = _("crosswalk")
        verbose_name_plural = _("crosswalks")

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class CrosswalkLink(models.Model):
    """One correspondence in a crosswalk: a node to a node, or an indicator to an indicator."""

    crosswalk = models.ForeignKey(Crosswalk, on_delete=models.CASCADE, related_name="links")
    source_node = models.ForeignKey(
        Node, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_node = models.ForeignKey(
        Node, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source_indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("crosswalk link")
        verbose_name_plural = _("crosswalk links")

    def __str__(self) -> str:
        return f"link {self.pk} of {self.crosswalk_id}"
