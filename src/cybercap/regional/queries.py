"""Side-by-side views of a group's countries, read from result snapshots of approved or published
rounds only. Every function takes the assessments the person may see, so drafts never enter."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
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
        # The snapshot's identity comes along (not its figures, which are read once per process).
        .select_related("snapshot")
        .defer(*(f"snapshot__{name}" for name in SNAPSHOT_FIGURES))
        .order_by("country_id", "-mission_start", "-pk")
    )
    frameworks = Framework.objects.in_bulk({r.framework_id for r in rounds})
    for item in rounds:
        item.framework = frameworks[item.framework_id]
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
    figures = snapshot_figures(same_framework)
    previous = _previous_rounds(same_framework, chosen)
    gaps: Counter[str] = Counter()
    for code, assessment in sorted(chosen.items(), key=lambda i: countries[i[0]].localized_name):
        found = figures.get(assessment.pk)
        if found is None:
            continue
        row = _row(countries[code], assessment, found, factors, comparison.dimensions)
        before = figures.get(previous[code].pk) if code in previous else None
        if before is not None and row.mean is not None:
            row.change = row.mean - before.mean if before.mean is not None else None
        comparison.rows.append(row)
        gaps.update(found.unmet)
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


def _row(
    country: Country,
    assessment: Assessment,
    figures: SnapshotFigures,
    factors: list[Node],
    dimensions: list[Node],
) -> CountryRow:
    return CountryRow(
        country,
        assessment,
        [figures.stages.get(f.code) for f in factors],
        [figures.dimension_means.get(d.code) for d in dimensions],
        figures.mean,
    )


# Snapshot figures ------------------------------------------------------------------------------

SNAPSHOT_FIGURES = ("nodes", "overall", "dimensions", "unmet")


@dataclass(frozen=True)
class SnapshotFigures:
    """What comparisons read of a result snapshot: the stage of every node, the mean stage per
    dimension and overall, and the unmet indicators."""

    stages: dict[str, int | None]
    dimension_means: dict[str, float | None]
    mean: float | None
    unmet: tuple[str, ...]


_FIGURES: OrderedDict[tuple[int, dt.datetime], SnapshotFigures] = OrderedDict()
_FIGURES_KEPT = 4096  # a world-wide program's three rounds fit about seven times over


def snapshot_figures(rounds: list[Assessment]) -> dict[int, SnapshotFigures]:
    """Figures of the rounds' snapshots by assessment id; rounds must come with their snapshot's
    identity (`select_related("snapshot")`, figures deferred). A snapshot never changes: a new
    approval replaces it with a new computation time, so figures are parsed once per process
    and kept by (snapshot, computed at). Reading and parsing a world-wide group's 600
    snapshots otherwise took most of the comparison page's time. One query for the snapshots
    not seen yet, none when all were."""
    keys: dict[int, tuple[int, dt.datetime]] = {}
    for item in rounds:
        try:
            snapshot = item.snapshot
        except ObjectDoesNotExist:
            continue
        keys[item.pk] = (snapshot.pk, snapshot.computed_at)
    missing = [key[0] for key in keys.values() if key not in _FIGURES]
    if missing:
        stored = ResultSnapshot.objects.filter(pk__in=missing).values_list(
            "pk", "computed_at", "nodes", "dimensions", "unmet"
        )
        for pk, computed_at, nodes, dimensions, unmet in stored:
            _FIGURES[(pk, computed_at)] = _figures(nodes, dimensions, unmet)
            while len(_FIGURES) > _FIGURES_KEPT:
                _FIGURES.popitem(last=False)
    found = {}
    for assessment_id, key in keys.items():
        if key in _FIGURES:
            _FIGURES.move_to_end(key)
            found[assessment_id] = _FIGURES[key]
    return found


def _figures(
    nodes: dict[str, Any], dimensions: list[dict[str, Any]], unmet: list[str]
) -> SnapshotFigures:
    means = {d["code"]: d["mean_stage"] for d in dimensions}
    return SnapshotFigures(
        {code: data.get("stage") for code, data in nodes.items()},
        means,
        _mean([mean for mean in means.values() if mean is not None]),
        tuple(unmet),
    )


def _aggregate(comparison: Comparison) -> None:
    for index in range(len(comparison.factors)):
        stages = [stage for row in comparison.rows if (stage := row.stages[index]) is not None]
        comparison.medians.append(float(statistics.median(stages)) if stages else None)
        comparison.distribution.append(Counter(stages))
