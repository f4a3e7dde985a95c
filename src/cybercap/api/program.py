"""Program endpoints: missions and national CSIRT records, through the access layer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from cybercap.access import rules, scopes
from cybercap.api.auth import READ_AUTH, WRITE_AUTH
from cybercap.api.schemas import Detail, Input
from cybercap.places.models import Country
from cybercap.program import services
from cybercap.program.models import (
    AssistanceKind,
    AssistanceOffer,
    AssistanceRequest,
    Csirt,
    Mission,
    Partner,
)

router = Router(tags=["program"])


class FollowUpIO(Input):
    what: str = Field(min_length=1, max_length=300)
    owner: str = Field(min_length=1, max_length=200)
    due: dt.date
    done_on: dt.date | None = None


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
    follow_up_actions: list[FollowUpIO]


class MissionIn(Input):
    country: str = Field(min_length=3, max_length=3)
    purpose: str = Field(pattern="^(" + "|".join(Mission.Purpose.values) + ")$")
    title: str = Field(min_length=1, max_length=200)
    start: dt.date
    end: dt.date
    partners: list[str] = []
    activities: str = ""
    outcomes: str = ""
    follow_ups: str = ""
    follow_up_actions: list[FollowUpIO] = []


class CsirtOut(Schema):
    country: str
    name: str
    status: str
    established_on: dt.date | None
    operational_on: dt.date | None
    networks: str
    website: str


class CsirtIn(Input):
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
        "follow_up_actions": [
            {"what": f.what, "owner": f.owner, "due": f.due, "done_on": f.done_on}
            for f in mission.follow_up_items.all()
        ],
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
    missions = scopes.missions_visible(request.user).prefetch_related("partners", "follow_up_items")
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
        with transaction.atomic():  # the mission and its follow-ups, or nothing
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
            for item in payload.follow_up_actions:
                added = services.follow_up_add(
                    by=request.user, mission=mission, what=item.what, owner=item.owner, due=item.due
                )
                if item.done_on is not None:
                    services.follow_up_done(by=request.user, item=added, done_on=item.done_on)
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


class OfferOut(Schema):
    id: int
    partner: str
    kind: str
    factors: list[str]
    languages: list[str]
    capacity: int
    description: str


class RequestOut(Schema):
    id: int
    country: str
    factor: str
    kind: str
    description: str
    status: str
    partner: str | None


class RequestIn(Input):
    country: str = Field(min_length=3, max_length=3)
    factor: str = Field(min_length=1, max_length=40)
    kind: str = Field(pattern="^(" + "|".join(AssistanceKind.values) + ")$")
    description: str = ""


def _request(item: AssistanceRequest) -> dict[str, Any]:
    return {
        "id": item.pk,
        "country": item.country_id,
        "factor": item.factor_code,
        "kind": item.kind,
        "description": item.description,
        "status": item.status,
        "partner": item.offer.partner.name if item.offer else None,
    }


@router.get("/assistance-offers", response=list[OfferOut], auth=READ_AUTH)
def offer_list(request: HttpRequest, factor: str = ""):
    """What partners offer; `factor` keeps the offers covering one factor."""
    offers = AssistanceOffer.objects.select_related("partner")
    return [
        {
            "id": o.pk,
            "partner": o.partner.name,
            "kind": o.kind,
            "factors": o.factor_codes,
            "languages": o.language_list,
            "capacity": o.capacity,
            "description": o.description,
        }
        for o in offers
        if not factor or factor in o.factor_codes
    ]


@router.get("/assistance-requests", response=list[RequestOut], auth=READ_AUTH)
def request_list(request: HttpRequest, country: str = "", status: str = ""):
    items = scopes.assistance_requests_visible(request.user).select_related("offer__partner")
    if country:
        items = items.filter(country_id=country.upper())
    if status:
        items = items.filter(status=status)
    return [_request(item) for item in items]


@router.post(
    "/assistance-requests", response={201: RequestOut, 400: Detail, 403: Detail}, auth=WRITE_AUTH
)
def request_create(request: HttpRequest, payload: RequestIn):
    """A country asks for help on a factor (its coordinators, program administrators)."""
    country = Country.objects.filter(pk=payload.country.upper()).first()
    if country is None:
        return Status(400, {"detail": f"Unknown country code '{payload.country}'."})
    if not rules.can_request_assistance(request.user, country):
        return Status(403, {"detail": "You cannot ask for assistance for this country."})
    known = _known_factors()
    try:
        item = services.request_save(
            by=request.user,
            country=country,
            factor_code=payload.factor,
            kind=payload.kind,
            known_factors=known,
            description=payload.description,
        )
    except services.ProgramError as error:
        return Status(400, {"detail": str(error)})
    return Status(201, _request(item))


class OfferIn(Input):
    partner: str = Field(min_length=1, description="Name of a recorded partner")
    kind: str = Field(pattern="^(" + "|".join(AssistanceKind.values) + ")$")
    factors: list[str] = Field(min_length=1)
    languages: list[str] = []
    capacity: int = Field(default=1, ge=1, le=32767)
    description: str = ""


class DecisionIn(Input):
    status: str = Field(pattern="^(" + "|".join(AssistanceRequest.Status.values) + ")$")
    offer_id: int | None = None


def _known_factors() -> set[str]:
    from cybercap.frameworks.models import Node

    return set(
        Node.objects.filter(framework__slug="national-capacity", depth=1).values_list(
            "code", flat=True
        )
    )


@router.post(
    "/assistance-offers", response={201: OfferOut, 400: Detail, 403: Detail}, auth=WRITE_AUTH
)
def offer_create(request: HttpRequest, payload: OfferIn):
    """Record what a partner offers (program administrators)."""
    if not rules.can_manage_offers(request.user):
        return Status(403, {"detail": "Only program administrators record assistance offers."})
    partner = Partner.objects.filter(name=payload.partner).first()
    if partner is None:
        return Status(400, {"detail": f"partner: no partner named '{payload.partner}'."})
    try:
        offer = services.offer_save(
            by=request.user,
            partner=partner,
            kind=payload.kind,
            factor_codes=payload.factors,
            known_factors=_known_factors(),
            languages=", ".join(payload.languages),
            capacity=payload.capacity,
            description=payload.description,
        )
    except services.ProgramError as error:
        return Status(400, {"detail": str(error)})
    return Status(
        201,
        {
            "id": offer.pk,
            "partner": partner.name,
            "kind": offer.kind,
            "factors": offer.factor_codes,
            "languages": offer.language_list,
            "capacity": offer.capacity,
            "description": offer.description,
        },
    )


@router.patch(
    "/assistance-requests/{request_id}",
    response={200: RequestOut, 400: Detail, 403: Detail, 404: Detail},
    auth=WRITE_AUTH,
)
def request_decide(request: HttpRequest, request_id: int, payload: DecisionIn):
    """Record the commitment covering a request: `{"status": "committed", "offer_id": 3}`."""
    item = get_object_or_404(
        scopes.assistance_requests_visible(request.user).select_related("country"), pk=request_id
    )
    if not rules.can_manage_offers(request.user):
        return Status(403, {"detail": "Only program administrators record commitments."})
    offer = None
    if payload.offer_id is not None:
        offer = AssistanceOffer.objects.filter(pk=payload.offer_id).first()
        if offer is None:
            return Status(400, {"detail": f"offer_id: no offer {payload.offer_id}."})
    try:
        item = services.request_decide(
            by=request.user, item=item, status=payload.status, offer=offer
        )
    except services.ProgramError as error:
        return Status(400, {"detail": str(error)})
    return _request(AssistanceRequest.objects.select_related("offer__partner").get(pk=item.pk))
