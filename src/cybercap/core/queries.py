"""Reads for the home page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count

from cybercap.frameworks.models import Framework
from cybercap.places.models import Country, Group


@dataclass
class HomeSummary:
    frameworks: Sequence[Framework]
    country_count: int
    groups: Sequence[Group]


def home_summary() -> HomeSummary:
    """The frameworks with their indicator counts, and the size of the places catalogue."""
    frameworks = list(Framework.objects.annotate(indicator_count=Count("indicators")))
    groups = list(Group.objects.annotate(member_count=Count("memberships")).order_by("name"))
    return HomeSummary(frameworks, Country.objects.count(), groups)
