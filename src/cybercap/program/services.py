"""Writes for program tracking: missions and their follow-ups, national CSIRT records, partners'
assistance offers and countries' requests, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cybercap.access import rules
from cybercap.access.audit import audit_record, snapshot
from cybercap.places.models import Country
from cybercap.program.models import (
    AssistanceKind,
    AssistanceOffer,
    AssistanceRequest,
    Csirt,
    FollowUp,
    Mission,
    Partner,
)

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
    if fields.get("website"):
        try:
            URLValidator(schemes=["http", "https"])(fields["website"])
        except ValidationError:
            raise ProgramError(
                _("The website must be a web address (http:// or https://).")
            ) from None
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


@transaction.atomic
def follow_up_add(*, by: Any, mission: Mission, what: str, owner: str, due: dt.date) -> FollowUp:
    """Agree a follow-up action on a mission, with an owner and a due date."""
    if not rules.can_record_missions(by):
        raise ProgramError(_("Only program administrators record missions."))
    item = FollowUp.objects.create(mission=mission, what=what, owner=owner, due=due)
    audit_record(
        actor=by,
        action="mission.follow_up",
        obj=item,
        country=mission.country,
        after={"what": what, "owner": owner, "due": str(due)},
    )
    return item


@transaction.atomic
def follow_up_done(*, by: Any, item: FollowUp, done_on: dt.date | None) -> FollowUp:
    if not rules.can_record_missions(by):
        raise ProgramError(_("Only program administrators record missions."))
    before = {"done_on": str(item.done_on) if item.done_on else None}
    item.done_on = done_on
    item.save(update_fields=["done_on"])
    audit_record(
        actor=by,
        action="mission.follow_up.done",
        obj=item,
        country=item.mission.country,
        before=before,
        after={"done_on": str(done_on) if done_on else None},
    )
    return item


def _check_factors(codes: Iterable[str], known: set[str]) -> list[str]:
    codes = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ProgramError(
            _("Not factors of the reference model: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    if not codes:
        raise ProgramError(_("Name at least one area (factor)."))
    return codes


@transaction.atomic
def offer_save(
    *,
    by: Any,
    offer: AssistanceOffer | None = None,
    partner: Partner,
    kind: str,
    factor_codes: Iterable[str],
    known_factors: set[str],
    languages: str = "",
    capacity: int = 1,
    description: str = "",
) -> AssistanceOffer:
    """Record what a partner offers."""
    if not rules.can_manage_offers(by):
        raise ProgramError(_("Only program administrators record assistance offers."))
    if kind not in AssistanceKind.values:
        raise ProgramError(_("Unknown kind of assistance."))
    item = offer or AssistanceOffer()
    item.partner, item.kind = partner, kind
    item.factor_codes = _check_factors(factor_codes, known_factors)
    item.languages, item.capacity, item.description = languages, max(1, capacity), description
    item.save()
    audit_record(
        actor=by,
        action="assistance.offer",
        obj=item,
        after={"partner": partner.name, "kind": kind, "factors": item.factor_codes},
    )
    return item


@transaction.atomic
def request_save(
    *,
    by: Any,
    country: Country,
    factor_code: str,
    kind: str,
    known_factors: set[str],
    description: str = "",
) -> AssistanceRequest:
    """A country asks for help on a factor."""
    if not rules.can_request_assistance(by, country):
        raise ProgramError(_("You cannot ask for assistance for this country."))
    if kind not in AssistanceKind.values:
        raise ProgramError(_("Unknown kind of assistance."))
    (code,) = _check_factors([factor_code], known_factors)
    item = AssistanceRequest.objects.create(
        country=country, factor_code=code, kind=kind, description=description, created_by=by
    )
    audit_record(
        actor=by,
        action="assistance.request",
        obj=item,
        country=country,
        after={"factor": code, "kind": kind},
    )
    return item


@transaction.atomic
def request_decide(
    *, by: Any, item: AssistanceRequest, status: str, offer: AssistanceOffer | None
) -> AssistanceRequest:
    """Commit an offer to a request, mark it delivered or declined (program administrators)."""
    if not rules.can_manage_offers(by):
        raise ProgramError(_("Only program administrators record commitments."))
    if status not in AssistanceRequest.Status.values:
        raise ProgramError(_("Unknown status."))
    if status in (AssistanceRequest.Status.COMMITTED, AssistanceRequest.Status.DELIVERED):
        if offer is None:
            raise ProgramError(_("Choose the offer that covers this request."))
        if item.factor_code not in offer.factor_codes:
            raise ProgramError(_("That offer does not cover this factor."))
    before = {"status": item.status, "offer": item.offer_id}
    item.status, item.offer = status, offer
    item.updated_at = timezone.now()
    item.save()
    audit_record(
        actor=by,
        action="assistance.decide",
        obj=item,
        country=item.country,
        before=before,
        after={"status": status, "offer": item.offer_id},
    )
    return item
