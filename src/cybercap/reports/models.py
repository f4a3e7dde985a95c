"""Report jobs: a document someone asked for, rendered in the background, with its progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportJob(models.Model):
    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment report")
        REGIONAL = "regional", _("Regional report")
        PROGRAM = "program", _("Program report")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word")

    class Edition(models.TextChoices):
        RESTRICTED = "restricted", _("Restricted")
        PUBLIC = "public", _("Public")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("report"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    edition = models.CharField(
        _("edition"), max_length=20, choices=Edition.choices, default=Edition.PUBLIC
    )
    subject = models.CharField(
        _("subject"), max_length=100, blank=True, help_text="assessment id or group slug"
    )
    params = models.JSONField(default=dict, blank=True)
    title = models.CharField(_("title"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
