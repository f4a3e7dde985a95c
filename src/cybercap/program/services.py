"""Writes for program tracking: missions and national CSIRT records, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cybercap.access import rules
from cybercap.access.audit import audit_record, snapshot
from cybercap.places.models import Country
from cybercap.program.models import Csirt, Mission, Partner

MISSION_FIELDS = [
    "country",
    "purpose",
    "title",
    "start",
    "end",
    "activities",
    "outcomes",
    "follow_ups",
]
CSIRT_FIELDS = [
    "name",
    "status",
    "established_on",
    "operational_on",
    "networks",
    "website",
    "maturity_assessment",
]


class ProgramError(ValueError):
    """A program record that breaks a rule; the message says which."""


@transaction.atomic
def mission_save(
    *,
    by: Any,
    mission: Mission | None = None,
    country: Country,
    purpose: str,
    title: str,
    start: dt.date,
    end: dt.date,
    partners: Iterable[Partner] = (),
    activities: str = "",
    outcomes: str = "",
    follow_ups: str = "",
) -> Mission:
    """Record or correct a mission."""
    if not rules.can_record_missions(by):
        raise ProgramError(_("Only program administrators record missions."))
    if end < start:
        raise ProgramError(_("The mission cannot end before it starts."))
    before = snapshot(mission, MISSION_FIELDS) if mission else {}
    item = mission or Mission(created_by=by)
    for name, value in {
        "country": country,
        "purpose": purpose,
        "title": title,
        "start": start,
        "end": end,
        "activities": activities,
        "outcomes": outcomes,
        "follow_ups": follow_ups,
    }.items():
        setattr(item, name, value)
    item.save()
    item.partners.set(list(partners))
    audit_record(
        actor=by,
        action="mission.save",
        obj=item,
        country=country,
        before=before,
        after=snapshot(item, MISSION_FIELDS),
    )
    return item


@transaction.atomic
def csirt_save(*, by: Any, country: Country, **fields: Any) -> Csirt:
    """Create or update a country's national CSIRT record."""
    if not rules.can_edit_csirt(by, country):
        raise ProgramError(_("You cannot change this country's CSIRT record."))
    unknown = set(fields) - set(CSIRT_FIELDS)
    if unknown:
        raise ProgramError(f"Unknown fields: {', '.join(sorted(unknown))}")
    if fields.get("status") not in (None, *Csirt.Status.values):
        raise ProgramError(_("Unknown CSIRT status."))
    csirt, _created = Csirt.objects.select_for_update().get_or_create(country=country)
    before = snapshot(csirt, CSIRT_FIELDS)
    for name, value in fields.items():
        setattr(csirt, name, value)
    established, operational = csirt.established_on, csirt.operational_on
    if established and operational and operational < established:
        raise ProgramError(_("A CSIRT cannot be operational before it is established."))
    csirt.updated_at = timezone.now()
    csirt.save()
    audit_record(
        actor=by,
        action="csirt.save",
        obj=csirt,
        country=country,
        before=before,
        after=snapshot(csirt, CSIRT_FIELDS),
    )
    return csirt
