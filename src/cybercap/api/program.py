"""Program endpoints: missions and national CSIRT records, through the access layer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from cybercap.access import rules, scopes
from cybercap.api.auth import READ_AUTH, WRITE_AUTH
from cybercap.api.schemas import Detail
from cybercap.places.models import Country
from cybercap.program import services
from cybercap.program.models import Csirt, Mission, Partner

router = Router(tags=["program"])


class MissionOut(Schema):
    id: int
    country: str
    purpose: str
    title: str
    start: dt.date
    end: dt.date
    partners: list[str]
    activities: str
    outcomes: str
    follow_ups: str


class MissionIn(Schema):
    country: str = Field(min_length=3, max_length=3)
    purpose: str = Field(pattern="^(" + "|".join(Mission.Purpose.values) + ")$")
    title: str = Field(min_length=1, max_length=200)
    start: dt.date
    end: dt.date
    partners: list[str] = []
    activities: str = ""
    outcomes: str = ""
    follow_ups: str = ""


class CsirtOut(Schema):
    country: str
    name: str
    status: str
    established_on: dt.date | None
    operational_on: dt.date | None
    networks: str
    website: str


class CsirtIn(Schema):
    name: str = Field(default="", max_length=200)
    status: str = Field(pattern="^(" + "|".join(Csirt.Status.values) + ")$")
    established_on: dt.date | None = None
    operational_on: dt.date | None = None
    networks: str = Field(default="", max_length=200)
    website: str = Field(default="", max_length=200)


def _mission(mission: Mission) -> dict[str, Any]:
    return {
        "id": mission.pk,
        "country": mission.country_id,
        "purpose": mission.purpose,
        "title": mission.title,
        "start": mission.start,
        "end": mission.end,
        "partners": [p.name for p in mission.partners.all()],
        "activities": mission.activities,
        "outcomes": mission.outcomes,
        "follow_ups": mission.follow_ups,
    }


def _csirt(csirt: Csirt) -> dict[str, Any]:
    return {
        "country": csirt.country_id,
        "name": csirt.name,
        "status": csirt.status,
        "established_on": csirt.established_on,
        "operational_on": csirt.operational_on,
        "networks": csirt.networks,
        "website": csirt.website,
    }


@router.get("/missions", response=list[MissionOut], auth=READ_AUTH)
def mission_list(request: HttpRequest, country: str = ""):
    missions = scopes.missions_visible(request.user).prefetch_related("partners")
    if country:
        missions = missions.filter(country_id=country.upper())
    return [_mission(m) for m in missions]


@router.post("/missions", response={201: MissionOut, 400: Detail, 403: Detail}, auth=WRITE_AUTH)
def mission_create(request: HttpRequest, payload: MissionIn):
    if not rules.can_record_missions(request.user):
        return Status(403, {"detail": "Only program administrators record missions."})
    country = Country.objects.filter(pk=payload.country.upper()).first()
    if country is None:
        return Status(400, {"detail": f"Unknown country code '{payload.country}'."})
    partners = list(Partner.objects.filter(name__in=payload.partners))
    missing = sorted(set(payload.partners) - {p.name for p in partners})
    if missing:
        return Status(400, {"detail": f"Unknown partners: {', '.join(missing)}"})
    try:
        mission = services.mission_save(
            by=request.user,
            country=country,
            purpose=payload.purpose,
            title=payload.title,
            start=payload.start,
            end=payload.end,
            partners=partners,
            activities=payload.activities,
            outcomes=payload.outcomes,
            follow_ups=payload.follow_ups,
        )
    except services.ProgramError as error:
        return Status(400, {"detail": str(error)})
    return Status(201, _mission(mission))


@router.get("/csirts", response=list[CsirtOut], auth=READ_AUTH)
def csirt_list(request: HttpRequest):
    return [_csirt(c) for c in scopes.csirts_visible(request.user)]


@router.put(
    "/csirts/{country}", response={200: CsirtOut, 400: Detail, 404: Detail}, auth=WRITE_AUTH
)
def csirt_put(request: HttpRequest, country: str, payload: CsirtIn):
    """Create or update a country's national CSIRT record (program admins, its coordinators)."""
    place = get_object_or_404(Country, pk=country.upper())
    if not rules.can_edit_csirt(request.user, place):
        raise Http404
    try:
        csirt = services.csirt_save(by=request.user, country=place, **payload.dict())
    except services.ProgramError as error:
        return Status(400, {"detail": str(error)})
    return _csirt(csirt)
