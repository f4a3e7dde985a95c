"""Reads for places: country search and group pages."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import get_language

from cybercap.places.models import Country, Group


def localized_name_field() -> str:
    """The Country column holding names in the active language."""
    language = (get_language() or "en")[:2]
    return f"name_{language}" if language in {"es", "fr", "pt"} else "name"


def country_list(*, search: str = "", group: Group | None = None) -> QuerySet[Country]:
    """Countries matching a search, optionally only those of one group, with their groups."""
    countries = Country.objects.search(search).order_by(localized_name_field())
    if group is not None:
        countries = countries.filter(memberships__group=group)
    return countries.prefetch_related(
        Prefetch("groups", queryset=Group.objects.only("slug", "name").order_by("name"))
    )


def group_list() -> QuerySet[Group]:
    """Every group with its number of member countries."""
    return Group.objects.annotate(member_count=Count("memberships")).order_by("name")


def group_with_members(slug: str) -> tuple[Group, list[Country]]:
    """A group and its members (with their groups) by name; raises Group.DoesNotExist."""
    group = Group.objects.get(slug=slug)
    return group, list(country_list(group=group))
