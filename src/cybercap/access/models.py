"""Who holds which role where, and the API tokens people use to act as themselves."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAM_ADMIN = "program_admin", _("Program administrator")
    REGIONAL_ANALYST = "regional_analyst", _("Regional analyst")
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    COUNTRY_VIEWER = "country_viewer", _("Country viewer")
    LEAD_ASSESSOR = "lead_assessor", _("Lead assessor")
    ASSESSOR = "assessor", _("Assessor")
    REVIEWER = "reviewer", _("Reviewer")
    WORKING_GROUP_MEMBER = "working_group_member", _("Working-group member")


SYSTEM_ROLES = {Role.PROGRAM_ADMIN}
GROUP_ROLES = {Role.REGIONAL_ANALYST}
COUNTRY_ROLES = {Role.NATIONAL_COORDINATOR, Role.COUNTRY_VIEWER}
ASSESSMENT_ROLES = {Role.LEAD_ASSESSOR, Role.ASSESSOR, Role.REVIEWER}


class Membership(models.Model):
    """A role a person holds over a scope: the system, a group, a country, an assessment or a
    strategy."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    group = models.ForeignKey(
        "places.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="user_memberships",
        verbose_name=_("group"),
    )
    country = models.ForeignKey(
        "places.Country",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="user_memberships",
        verbose_name=_("country"),
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="team",
        verbose_name=_("assessment"),
    )
    strategy = models.ForeignKey(
        "strategies.Strategy",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="editors",
        verbose_name=_("strategy"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "role"])]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        scope = self.strategy or self.assessment or self.country or self.group or _("everywhere")
        return f"{self.user} — {self.get_role_display()} — {scope}"


class ApiToken(models.Model):
    """A bearer token for the JSON API, stored only as a hash; it acts as its owner."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > moment)


class AuditEntry(models.Model):
    """One recorded write: who did what to which object, with the changed fields before → after.
    Entries are only ever added; the application offers no way to change or delete them."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=60)
    object_label = models.CharField(_("object"), max_length=300)
    country = models.ForeignKey(
        "places.Country",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["country", "at"]),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only.")


class Invitation(models.Model):
    """A one-time link inviting someone, by e-mail, to a role in a country."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    country = models.ForeignKey(
        "places.Country",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("country"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.get_role_display()} ({self.country_id})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
