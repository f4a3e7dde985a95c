"""Countries (ISO 3166-1 alpha-3) and groups of countries."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from cybercap.api.schemas import CountryOut, Detail, GroupOut
from cybercap.places import queries
from cybercap.places.models import Country, Group

router = Router(tags=["places"])


def _country(country: Country) -> dict[str, object]:
    return {
        "code": country.code,
        "alpha2": country.alpha2,
        "numeric": country.numeric,
        "name": country.localized_name,
        "names": {
            "en": country.name,
            "es": country.name_es,
            "fr": country.name_fr,
            "pt": country.name_pt,
        },
        "groups": [group.slug for group in country.groups.all()],
    }


@router.get("/countries", response=list[CountryOut])
def country_list(request: HttpRequest, q: str = "", group: str = ""):
    """All countries, or those matching `q` (code or name in any language) or in `group`."""
    found = Group.objects.filter(slug=group).first() if group else None
    if group and found is None:
        return []
    return [_country(country) for country in queries.country_list(search=q, group=found)]


@router.get("/groups/{slug}", response={200: GroupOut, 404: Detail})
def group_detail(request: HttpRequest, slug: str):
    try:
        group, members = queries.group_with_members(slug)
    except Group.DoesNotExist:
        return Status(404, {"detail": "Not Found"})
    return {
        "slug": group.slug,
        "name": group.name,
        "kind": group.kind,
        "description": group.description,
        "members": [_country(country) for country in members],
    }
