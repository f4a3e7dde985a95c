"""`GET /api/v1/groups/{slug}/comparison`: latest approved or published stage per country and
factor, through the access layer (anonymous callers see published rounds only)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from cybercap.access import scopes
from cybercap.api.auth import READ_AUTH
from cybercap.api.schemas import Detail
from cybercap.places.models import Group
from cybercap.regional.queries import group_comparison

router = Router(tags=["regional"])


class CountryStages(Schema):
    country: str
    assessment: int
    round_label: str
    mission_start: str | None
    status: str
    stages: dict[str, int | None]
    mean_stage: float | None


class CommonGap(Schema):
    indicator: str
    unmet_in: int


class ComparisonOut(Schema):
    group: str
    framework: dict[str, str] | None
    factors: list[str]
    countries: list[CountryStages]
    medians: dict[str, float | None]
    common_gaps: list[CommonGap]
    without_results: list[str]


@router.get("/groups/{slug}/comparison", response={200: ComparisonOut, 404: Detail}, auth=READ_AUTH)
def comparison(request: HttpRequest, slug: str, year: int | None = None, dimension: str = ""):
    """Filter with `year` (rounds up to that year) and `dimension` (a dimension code)."""
    group = get_object_or_404(Group, slug=slug)
    result = group_comparison(
        group, scopes.final_assessments_visible(request.user), year=year, dimension=dimension
    )
    codes = [factor.code for factor in result.factors]
    framework = result.framework
    return {
        "group": group.slug,
        "framework": {"slug": framework.slug, "version": framework.version} if framework else None,
        "factors": codes,
        "countries": [
            {
                "country": row.country.pk,
                "assessment": row.assessment.pk,
                "round_label": row.assessment.round_label,
                "mission_start": row.round_date.isoformat() if row.round_date else None,
                "status": row.assessment.status,
                "stages": dict(zip(codes, row.stages, strict=True)),
                "mean_stage": row.mean,
            }
            for row in result.rows
        ],
        "medians": dict(zip(codes, result.medians, strict=True)),
        "common_gaps": [{"indicator": i.code, "unmet_in": n} for i, n in result.common_gaps],
        "without_results": [country.pk for country in result.without_results],
    }
