"""Program figures, computed from records (never typed in), over what the person may see."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cybercap.access import scopes
from cybercap.assessments.models import Assessment, ResultSnapshot
from cybercap.places.models import Country
from cybercap.program.models import Csirt, Mission
from cybercap.strategies.models import Strategy
from cybercap.strategies.queries import strategies_adopted

BUDAPEST_SLUG = "budapest-checklist"
ALIGNED_COVERAGE = 0.8  # share of Convention articles fully covered


@dataclass
class CountryStatus:
    country: Country
    latest: Assessment | None = None
    csirt: Csirt | None = None
    missions: int = 0
    budapest_coverage: float | None = None
    strategy: Strategy | None = None  # the latest national strategy adopted in the period

    @property
    def aligned(self) -> bool:
        return self.budapest_coverage is not None and self.budapest_coverage >= ALIGNED_COVERAGE


@dataclass
class ProgramFigures:
    start: dt.date | None
    end: dt.date | None
    missions: list[Mission] = field(default_factory=list)
    rows: list[CountryStatus] = field(default_factory=list)
    assessments_by_year: list[tuple[int, int]] = field(default_factory=list)

    @property
    def states_assisted(self) -> int:
        return len({mission.country_id for mission in self.missions})

    @property
    def csirts_operational(self) -> int:
        return sum(1 for row in self.rows if row.csirt is not None and row.csirt.is_operational)

    @property
    def legislation_aligned(self) -> int:
        return sum(1 for row in self.rows if row.aligned)

    @property
    def strategies_adopted(self) -> int:
        return sum(1 for row in self.rows if row.strategy is not None)

    @property
    def assessments_completed(self) -> int:
        return sum(count for _, count in self.assessments_by_year)


def _in_period(day: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    return day is not None and (start is None or day >= start) and (end is None or day <= end)


def program_figures(
    user: Any, *, start: dt.date | None = None, end: dt.date | None = None
) -> ProgramFigures:
    """Missions in the period, assessments approved in it, CSIRTs operational by its end,
    strategies adopted in it, and Budapest alignment from the latest approved checklist review
    (six queries)."""
    figures = ProgramFigures(start, end)
    figures.missions = [
        m
        for m in scopes.missions_visible(user).select_related("country")
        if _in_period(m.start, start, end)
    ]
    csirts = {c.country_id: c for c in scopes.csirts_visible(user)}
    for csirt in csirts.values():  # operational "by the end of the period"
        if end and csirt.operational_on and csirt.operational_on > end:
            csirt.status = Csirt.Status.IN_ESTABLISHMENT
    final = list(
        scopes.final_assessments_visible(user)
        .filter(country__in=scopes.program_countries(user))
        .select_related("framework")
        .order_by("-mission_start", "-pk")
    )
    completed = Counter(
        a.approved_at.year
        for a in final
        if a.approved_at and _in_period(a.approved_at.date(), start, end)
    )
    figures.assessments_by_year = sorted(completed.items())
    coverage = _budapest_coverage(final)
    adopted: dict[str, Strategy] = {}
    for strategy in strategies_adopted(
        Strategy.objects.filter(country__in=scopes.program_countries(user)), start, end
    ).order_by("-adopted_on"):
        adopted.setdefault(strategy.country_id, strategy)
    countries = (
        {m.country_id for m in figures.missions}
        | set(csirts)
        | {a.country_id for a in final}
        | set(adopted)
    )
    mission_counts = Counter(m.country_id for m in figures.missions)
    latest: dict[str, Assessment] = {}
    for item in final:
        if item.framework.slug != BUDAPEST_SLUG:
            latest.setdefault(item.country_id, item)
    figures.rows = [
        CountryStatus(
            country,
            latest.get(country.pk),
            csirts.get(country.pk),
            mission_counts[country.pk],
            coverage.get(country.pk),
            adopted.get(country.pk),
        )
        for country in Country.objects.filter(pk__in=countries).order_by("name")
    ]
    return figures


def _budapest_coverage(final: list[Assessment]) -> dict[str, float | None]:
    """Coverage of each country's latest approved Budapest checklist review."""
    latest: dict[str, Assessment] = {}
    for item in final:
        if item.framework.slug == BUDAPEST_SLUG:
            latest.setdefault(item.country_id, item)
    snapshots = ResultSnapshot.objects.filter(assessment__in=[a.pk for a in latest.values()])
    by_assessment = {s.assessment_id: s.overall.get("coverage") for s in snapshots}
    return {country: by_assessment.get(item.pk) for country, item in latest.items()}
