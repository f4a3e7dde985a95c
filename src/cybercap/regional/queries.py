"""Side-by-side views of a group's countries, read from result snapshots of approved or published
rounds only. Every function takes the assessments the person may see, so drafts never enter."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from cybercap.assessments.models import FINAL_STATUSES, Assessment, ResultSnapshot
from cybercap.assessments.queries import framework_parts
from cybercap.frameworks.models import Framework, Indicator, Node
from cybercap.places.models import Country, Group

COMMON_GAPS = 15


@dataclass
class CountryRow:
    """One country's latest comparable round."""

    country: Country
    assessment: Assessment
    stages: list[int | None]
    dimension_means: list[float | None]
    mean: float | None
    change: float | None = None

    @property
    def round_date(self) -> dt.date | None:
        return self.assessment.mission_start


@dataclass
class Comparison:
    group: Group
    framework: Framework | None
    dimensions: list[Node] = field(default_factory=list)
    factors: list[Node] = field(default_factory=list)
    rows: list[CountryRow] = field(default_factory=list)
    without_results: list[Country] = field(default_factory=list)
    medians: list[float | None] = field(default_factory=list)
    distribution: list[Counter[int]] = field(default_factory=list)
    common_gaps: list[tuple[Indicator, int]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    stage_names: dict[int, str] = field(default_factory=dict)

    @property
    def stage_levels(self) -> list[int]:
        return sorted(self.stage_names)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def group_comparison(
    group: Group,
    visible: QuerySet[Assessment],
    *,
    year: int | None = None,
    dimension: str = "",
    subgroup: Group | None = None,
) -> Comparison:
    """Latest approved or published round per member country (up to `year`), on the framework
    most of them used; stages per factor, medians, distributions and common gaps."""
    members = Country.objects.filter(memberships__group=group)
    if subgroup is not None:
        members = members.filter(pk__in=subgroup.members.values("pk"))
    countries = {country.pk: country for country in members}
    rounds = list(
        visible.filter(country_id__in=countries, status__in=FINAL_STATUSES)
        .select_related("framework")
        .order_by("country_id", "-mission_start", "-pk")
    )
    years = sorted({r.mission_start.year for r in rounds if r.mission_start}, reverse=True)
    if year is not None:
        rounds = [r for r in rounds if r.mission_start and r.mission_start.year <= year]
    framework = _main_framework(rounds)
    latest: dict[str, Assessment] = {}
    for item in rounds:
        if item.framework_id == getattr(framework, "pk", None):
            latest.setdefault(item.country_id, item)
    comparison = Comparison(group, framework, years=years)
    if framework is None:
        comparison.without_results = sorted(countries.values(), key=lambda c: c.localized_name)
        return comparison
    _fill(comparison, framework, latest, rounds, countries, dimension)
    return comparison


def _main_framework(rounds: list[Assessment]) -> Framework | None:
    """The framework most countries were assessed on, maturity models before checklists."""
    used = Counter(
        (item.framework.kind == "maturity", item.framework)
        for item in {(r.country_id, r.framework_id): r for r in rounds}.values()
    )
    return max(used, key=lambda key: (key[0], used[key]))[1] if used else None


def _fill(
    comparison: Comparison,
    framework: Framework,
    latest: dict[str, Assessment],
    rounds: list[Assessment],
    countries: dict[str, Country],
    dimension: str,
) -> None:
    shape, nodes, indicators = framework_parts(framework)
    comparison.stage_names = {s["level"]: s["name"] for s in framework.stages}
    comparison.dimensions = [n for n in nodes.values() if n.depth == 0]
    depth = shape.factor_depth
    by_id = {n.pk: n for n in nodes.values()}
    factors = [n for n in nodes.values() if n.depth == depth]
    if dimension:
        factors = [f for f in factors if _root(f, by_id).code == dimension]
    comparison.factors = factors
    chosen = {c: a for c, a in latest.items() if a.framework_id == framework.pk}
    same_framework = [r for r in rounds if r.framework_id == framework.pk]
    snapshots = {
        s.assessment_id: s
        for s in ResultSnapshot.objects.filter(assessment__in=[r.pk for r in same_framework])
    }
    previous = _previous_rounds(same_framework, chosen)
    gaps: Counter[str] = Counter()
    for code, assessment in sorted(chosen.items(), key=lambda i: countries[i[0]].localized_name):
        snapshot = snapshots.get(assessment.pk)
        if snapshot is None:
            continue
        row = _row(countries[code], assessment, snapshot, factors, comparison.dimensions)
        before = snapshots.get(previous[code].pk) if code in previous else None
        if before is not None and row.mean is not None:
            earlier = _snapshot_mean(before)
            row.change = row.mean - earlier if earlier is not None else None
        comparison.rows.append(row)
        gaps.update(snapshot.unmet)
    comparison.without_results = sorted(
        (c for code, c in countries.items() if code not in {r.country.pk for r in comparison.rows}),
        key=lambda c: c.localized_name,
    )
    _aggregate(comparison)
    wanted = {
        i.code: i for i in indicators if not dimension or _root(i.node, by_id).code == dimension
    }
    # Most often unmet first; among equals, the lower stage first: it blocks more progress.
    ranked = sorted(
        (code for code in gaps if code in wanted),
        key=lambda code: (-gaps[code], wanted[code].stage or 0, wanted[code].order),
    )
    comparison.common_gaps = [(wanted[code], gaps[code]) for code in ranked[:COMMON_GAPS]]


def _root(node: Node, by_id: dict[int, Node]) -> Node:
    while node.parent_id is not None:
        node = by_id[node.parent_id]
    return node


def _previous_rounds(
    rounds: list[Assessment], chosen: dict[str, Assessment]
) -> dict[str, Assessment]:
    """For each country, the round before the chosen one (same framework)."""
    previous: dict[str, Assessment] = {}
    for item in rounds:  # newest first per country
        current = chosen.get(item.country_id)
        if (
            current is not None
            and item.pk != current.pk
            and item.country_id not in previous
            and (item.mission_start or dt.date.min) <= (current.mission_start or dt.date.max)
        ):
            previous[item.country_id] = item
    return previous


def _snapshot_mean(snapshot: ResultSnapshot) -> float | None:
    return _mean([d["mean_stage"] for d in snapshot.dimensions if d["mean_stage"] is not None])


def _row(
    country: Country,
    assessment: Assessment,
    snapshot: ResultSnapshot,
    factors: list[Node],
    dimensions: list[Node],
) -> CountryRow:
    data: dict[str, Any] = snapshot.nodes
    stages = [data.get(f.code, {}).get("stage") for f in factors]
    means = {d["code"]: d["mean_stage"] for d in snapshot.dimensions}
    return CountryRow(
        country,
        assessment,
        stages,
        [means.get(d.code) for d in dimensions],
        _snapshot_mean(snapshot),
    )


def _aggregate(comparison: Comparison) -> None:
    for index in range(len(comparison.factors)):
        stages = [stage for row in comparison.rows if (stage := row.stages[index]) is not None]
        comparison.medians.append(float(statistics.median(stages)) if stages else None)
        comparison.distribution.append(Counter(stages))
