"""Assessment endpoints: list, create, read, rate, transition, results, diff; all via access/."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from ninja import Router, Status

from cybercap.access import rules, scopes
from cybercap.api.assessment_schemas import (
    AssessmentIn,
    AssessmentOut,
    DiffOut,
    RatingIn,
    RatingOut,
    ResultsOut,
    StaleOut,
    TransitionIn,
)
from cybercap.api.auth import READ_AUTH, WRITE_AUTH
from cybercap.api.schemas import Detail
from cybercap.assessments import queries, services
from cybercap.assessments.errors import AssessmentError, StaleEdit
from cybercap.assessments.models import Assessment, Rating
from cybercap.frameworks.models import Framework
from cybercap.places.models import Country

router = Router(tags=["assessments"])
ERRORS: dict[int, Any] = {400: Detail, 403: Detail, 404: Detail, 409: Detail}


def _out(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "country": assessment.country_id,
        "framework": {"slug": assessment.framework.slug, "version": assessment.framework.version},
        "title": assessment.title,
        "round_label": assessment.round_label,
        "lead_organisation": assessment.lead_organisation,
        "mission_start": assessment.mission_start,
        "mission_end": assessment.mission_end,
        "status": assessment.status,
        "previous_id": assessment.previous_id,
        "created_at": assessment.created_at,
        "approved_at": assessment.approved_at,
        "published_at": assessment.published_at,
    }


def _rating_out(rating: Rating) -> dict[str, Any]:
    return {
        "indicator": rating.indicator.code,
        "kind": rating.kind,
        "value": rating.value,
        "rationale": rating.rationale,
        "confidence": rating.confidence,
        "version": rating.version,
        "rater": rating.rater.username,
        "carried_over": rating.carried_over,
        "updated_at": rating.updated_at,
    }


def _visible(request: HttpRequest, pk: int) -> Assessment:
    assessment = scopes.assessment_visible(request.user, pk)
    if assessment is None:
        raise Http404
    return assessment


@router.get("", response=list[AssessmentOut], auth=READ_AUTH)
def assessment_list(request: HttpRequest, country: str = "", status: str = ""):
    """Assessments you may see; filter by `country` (ISO alpha-3) and `status`."""
    found = scopes.assessments_visible(request.user).select_related("framework")
    if country:
        found = found.filter(country_id=country.upper())
    if status:
        found = found.filter(status=status)
    return [_out(item) for item in found.order_by("country_id", "-mission_start", "pk")]


@router.post("", response={201: AssessmentOut, **ERRORS}, auth=WRITE_AUTH)
def assessment_create(request: HttpRequest, payload: AssessmentIn):
    country = Country.objects.filter(pk=payload.country.upper()).first()
    if country is None:
        return Status(400, {"detail": f"Unknown country code '{payload.country}'."})
    framework = Framework.objects.filter(
        slug=payload.framework.slug, version=payload.framework.version
    ).first()
    if framework is None:
        return Status(400, {"detail": "Unknown framework version."})
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=[m.username for m in payload.team], is_active=True
        )
    }
    missing = [m.username for m in payload.team if m.username not in users]
    if missing:
        return Status(400, {"detail": f"Unknown users: {', '.join(missing)}"})
    previous = None
    if payload.previous_id is not None:
        previous = scopes.assessments_visible(request.user).filter(pk=payload.previous_id).first()
        if previous is None:
            return Status(400, {"detail": "previous_id: no such assessment."})
    try:
        assessment = services.assessment_create(
            by=request.user,
            country=country,
            framework=framework,
            title=payload.title,
            round_label=payload.round_label,
            lead_organisation=payload.lead_organisation,
            mission_start=payload.mission_start,
            mission_end=payload.mission_end,
            team=[(users[m.username], m.role) for m in payload.team],
            previous=previous,
            carry_over=payload.carry_over,
        )
    except AssessmentError as error:
        return Status(error.status_code, {"detail": str(error)})
    return Status(201, _out(assessment))


@router.get("/{pk}", response={200: AssessmentOut, 404: Detail}, auth=READ_AUTH)
def assessment_detail(request: HttpRequest, pk: int):
    return _out(_visible(request, pk))


@router.put(
    "/{pk}/ratings/{code}",
    response={200: RatingOut, 409: StaleOut, 400: Detail, 403: Detail, 404: Detail},
    auth=WRITE_AUTH,
)
def rating_put(request: HttpRequest, pk: int, code: str, payload: RatingIn):
    """Record your rating of one indicator (or, with `reconciled`, the reviewer's rating).
    Send the `version` you last saw as `expected_version`; a stale one gets 409 and the
    rating saved in the meantime."""
    assessment = _visible(request, pk)
    if not rules.can_see_workspace(request.user, assessment):
        raise Http404
    indicator = queries.framework_indicator(assessment.framework, code)
    if indicator is None:
        raise Http404
    try:
        rating = services.rating_set(
            assessment=assessment,
            indicator=indicator,
            by=request.user,
            value=payload.value,
            rationale=payload.rationale,
            confidence=payload.confidence,
            expected_version=payload.expected_version,
            reconciled=payload.reconciled,
        )
    except StaleEdit as stale:
        current = _rating_out(stale.current) if stale.current is not None else None
        return Status(409, {"detail": str(stale), "current": current})
    except AssessmentError as error:
        return Status(error.status_code, {"detail": str(error)})
    return _rating_out(rating)


@router.post("/{pk}/transitions", response={200: AssessmentOut, **ERRORS}, auth=WRITE_AUTH)
def transition(request: HttpRequest, pk: int, payload: TransitionIn):
    """Move the assessment to another status (`{"to": "approved"}`); 409 when not allowed now."""
    assessment = _visible(request, pk)
    if not rules.can_see_workspace(request.user, assessment):
        raise Http404
    try:
        moved = services.assessment_transition(
            assessment=assessment, to=payload.to, by=request.user, reason=payload.reason
        )
    except AssessmentError as error:
        return Status(error.status_code, {"detail": str(error)})
    return _out(moved)


def _results(assessment: Assessment) -> dict[str, Any]:
    results = queries.assessment_results(assessment)
    _shape, nodes, _ = queries.framework_parts(assessment.framework)
    names = {s["level"]: s["name"] for s in assessment.framework.stages}
    data = queries.snapshot_data(results)
    return {
        "assessment": assessment.pk,
        "kind": results.kind,
        "status": assessment.status,
        "provisional": not assessment.is_final,
        "overall": data["overall"],
        "nodes": [
            {
                **values,
                "code": code,
                "title": nodes[code].title,
                "depth": results.nodes[code].depth,
                "stage_name": names.get(values["stage"] or 0, ""),
            }
            for code, values in data["nodes"].items()
        ],
    }


@router.get("/{pk}/results", response={200: ResultsOut, 404: Detail}, auth=READ_AUTH)
def results(request: HttpRequest, pk: int):
    assessment = _visible(request, pk)
    if not rules.can_see_results(request.user, assessment):
        raise Http404
    return _results(assessment)


@router.get(
    "/{pk}/diff/{other_id}", response={200: DiffOut, 400: Detail, 404: Detail}, auth=READ_AUTH
)
def diff(request: HttpRequest, pk: int, other_id: int):
    """Stage change per factor from assessment `other_id` (earlier) to `pk` (later)."""
    after, before = _visible(request, pk), _visible(request, other_id)
    if not (
        rules.can_see_results(request.user, after) and rules.can_see_results(request.user, before)
    ):
        raise Http404
    if after.country_id != before.country_id:
        return Status(400, {"detail": "Both assessments must be of the same country."})
    result = queries.assessment_diff(before, after)
    return {
        "before": before.pk,
        "after": after.pk,
        "changes": [
            {
                "before_code": c.before_code,
                "after_code": c.after_code,
                "before": c.before,
                "after": c.after,
                "delta": c.delta,
                "note": c.note,
            }
            for c in result.changes
        ],
        "not_mapped_before": result.not_mapped_before,
        "not_mapped_after": result.not_mapped_after,
    }
