"""Reads for assessments: framework shapes, effective ratings, results, workspace rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import QuerySet

from cybercap.assessments import scoring
from cybercap.assessments.models import (
    FINAL_STATUSES,
    Assessment,
    Confidence,
    Evidence,
    Rating,
    ResultSnapshot,
)
from cybercap.frameworks.models import Crosswalk, CrosswalkLink, Framework, Indicator, Node

# Frameworks in use never change (they are frozen), so their shapes can be kept in memory.
_SHAPES: dict[tuple[int, str], tuple[scoring.ModelShape, dict[str, Node], list[Indicator]]] = {}
_INDICATORS_BY_CODE: dict[tuple[int, str], dict[str, Indicator]] = {}


def framework_parts(
    framework: Framework,
) -> tuple[scoring.ModelShape, dict[str, Node], list[Indicator]]:
    """The scoring shape of a framework with its nodes by code and indicators in order."""
    key = (framework.pk, framework.content_hash)
    if key not in _SHAPES:
        nodes = list(Node.objects.filter(framework=framework).order_by("order"))
        by_id = {node.pk: node for node in nodes}
        indicators = list(Indicator.objects.filter(framework=framework).order_by("order"))
        for indicator in indicators:
            indicator.node = by_id[indicator.node_id]
        shape = scoring.ModelShape(
            kind=framework.kind,
            stages=tuple(stage["level"] for stage in framework.stages),
            scale={
                e["value"]: scoring.ScaleValue(e["value"], e.get("points"), bool(e["met"]))
                for e in framework.scale
            },
            nodes=tuple(
                scoring.NodeShape(
                    n.code, by_id[n.parent_id].code if n.parent_id else None, n.depth, n.title
                )
                for n in nodes
            ),
            items=tuple(
                scoring.ItemShape(i.code, by_id[i.node_id].code, i.stage, float(i.weight))
                for i in indicators
            ),
        )
        _SHAPES[key] = (shape, {node.code: node for node in nodes}, indicators)
    return _SHAPES[key]


def framework_indicator(framework: Framework, code: str) -> Indicator | None:
    """The framework's indicator with this code, from the cached framework parts (no query)."""
    key = (framework.pk, framework.content_hash)
    if key not in _INDICATORS_BY_CODE:
        _INDICATORS_BY_CODE[key] = {i.code: i for i in framework_parts(framework)[2]}
    return _INDICATORS_BY_CODE[key].get(code)


def model_shape(framework: Framework) -> scoring.ModelShape:
    return framework_parts(framework)[0]


def effective_values(ratings: Iterable[tuple[int, str, str]]) -> dict[int, str]:
    """The value that scores for each indicator id, from (indicator id, kind, value) triples:
    the reconciled rating; before reconciliation, the assessors' value when they all agree.
    Disagreements and gaps are left out."""
    reconciled: dict[int, str] = {}
    by_assessors: dict[int, set[str]] = defaultdict(set)
    for indicator_id, kind, value in ratings:
        if kind == Rating.Kind.RECONCILED:
            reconciled[indicator_id] = value
        else:
            by_assessors[indicator_id].add(value)
    values = {key: next(iter(found)) for key, found in by_assessors.items() if len(found) == 1}
    values.update(reconciled)
    return values


def rating_triples(assessment: Assessment) -> QuerySet[Rating, tuple[int, str, str]]:
    """What `effective_values` reads, as plain values."""
    return assessment.ratings.values_list("indicator_id", "kind", "value")


def assessment_values(assessment: Assessment) -> dict[str, str]:
    """Indicator code → the value that scores now (one query when the shape is cached)."""
    _, _, indicators = framework_parts(assessment.framework)
    values = effective_values(rating_triples(assessment))
    codes = {indicator.pk: indicator.code for indicator in indicators}
    return {codes[key]: value for key, value in values.items()}


def assessment_results(assessment: Assessment) -> scoring.Results:
    """Results from the current ratings."""
    return scoring.score(model_shape(assessment.framework), assessment_values(assessment))


def snapshot_data(results: scoring.Results) -> dict[str, Any]:
    """Results as stored in a snapshot: plain JSON."""
    return {
        "nodes": {
            code: {
                "stage": r.stage,
                "next_stage": r.next_stage,
                "progress": r.progress,
                "met": r.tally.met,
                "applicable": r.tally.applicable,
                "not_assessed": r.tally.not_assessed,
                "coverage": r.tally.coverage,
                "score": r.tally.score,
            }
            for code, r in results.nodes.items()
        },
        "overall": {
            "met": results.overall.met,
            "applicable": results.overall.applicable,
            "not_assessed": results.overall.not_assessed,
            "total": results.overall.total,
            "coverage": results.overall.coverage,
            "score": results.overall.score,
            "counts": dict(results.overall.counts),
        },
        "dimensions": [
            {"code": d.code, "stage_counts": d.stage_counts, "mean_stage": d.mean_stage}
            for d in results.dimensions
        ],
    }


def snapshot_build(assessment: Assessment) -> dict[str, Any]:
    """Everything a snapshot stores: the results, and which applicable indicators are unmet
    (what regional comparisons count as common gaps)."""
    shape = model_shape(assessment.framework)
    values = assessment_values(assessment)
    met = {value for value, entry in shape.scale.items() if entry.met}
    unmet = [
        item.code
        for item in shape.items
        if values.get(item.code) not in met and values.get(item.code) != "not_applicable"
    ]
    return {**snapshot_data(scoring.score(shape, values)), "unmet": unmet}


def previous_round(assessment: Assessment, visible: QuerySet[Assessment]) -> Assessment | None:
    """The latest approved or published round of the same country before this one."""
    earlier = (
        visible.filter(country_id=assessment.country_id, status__in=FINAL_STATUSES)
        .exclude(pk=assessment.pk)
        .select_related("framework")
    )
    if assessment.mission_start:
        earlier = earlier.filter(mission_start__lt=assessment.mission_start)
    else:
        earlier = earlier.filter(created_at__lt=assessment.created_at)
    return earlier.order_by("-mission_start", "-created_at").first()


def node_map(before: Framework, after: Framework) -> dict[str, list[str]] | None:
    """Later factor code → earlier codes, from the crosswalk; None for the same framework.
    An empty mapping means there is no crosswalk: nothing can be compared."""
    if before.pk == after.pk:
        return None
    links = CrosswalkLink.objects.filter(
        crosswalk__in=Crosswalk.objects.filter(source=before, target=after),
        source_node__isnull=False,
    ).select_related("source_node", "target_node")
    mapping: dict[str, list[str]] = defaultdict(list)
    for link in links:
        if link.source_node is not None and link.target_node is not None:
            mapping[link.target_node.code].append(link.source_node.code)
    return dict(mapping)


def indicator_map(before: Framework, after: Framework) -> dict[int, int]:
    """Earlier indicator id → later indicator id (same framework: identity)."""
    if before.pk == after.pk:
        return {
            pk: pk for pk in Indicator.objects.filter(framework=after).values_list("pk", flat=True)
        }
    return dict(
        CrosswalkLink.objects.filter(
            crosswalk__source=before,
            crosswalk__target=after,
            source_indicator__isnull=False,
        ).values_list("source_indicator_id", "target_indicator_id")
    )


def assessment_diff(
    before: Assessment, after: Assessment, *, after_results: scoring.Results | None = None
) -> scoring.Diff:
    """Stage change per factor from one round to a later one (through a crosswalk if needed);
    pass the later round's results when they are at hand, so they are not scored twice."""
    return scoring.diff(
        round_stages(before),
        scoring.stages_of(after_results) if after_results is not None else round_stages(after),
        after_model=model_shape(after.framework),
        before_model=model_shape(before.framework),
        node_map=node_map(before.framework, after.framework),
    )


def round_stages(assessment: Assessment) -> dict[str, int | None]:
    """The stage of every node of a round: frozen in its snapshot once approved or published,
    scored from its ratings before that."""
    if assessment.is_final:
        snapshot = ResultSnapshot.objects.filter(assessment=assessment).values_list(
            "nodes", flat=True
        )
        for nodes in snapshot:
            return {code: data.get("stage") for code, data in nodes.items()}
    return scoring.stages_of(assessment_results(assessment))


@dataclass(slots=True)
class RatingBrief:
    """What the workspace shows of one rating, read as plain values (a 300-indicator workspace
    holds about a thousand of them; model instances would cost more than the rest of the page)."""

    pk: int
    value: str
    rationale: str
    confidence: str
    carried_over: bool
    version: int
    rater_name: str

    @property
    def confidence_label(self) -> str:
        return str(Confidence(self.confidence).label)


@dataclass
class WorkspaceRow:
    """One indicator in the ratings workspace."""

    indicator: Indicator
    mine: RatingBrief | None = None
    others: list[RatingBrief] = field(default_factory=list)
    reconciled: RatingBrief | None = None
    evidence_count: int = 0

    @property
    def assessor_values(self) -> set[str]:
        values = {rating.value for rating in self.others}
        if self.mine is not None:
            values.add(self.mine.value)
        return values

    @property
    def disagreement(self) -> bool:
        return len(self.assessor_values) > 1

    @property
    def carried_over(self) -> bool:
        return any(r.carried_over for r in (self.mine, self.reconciled) if r is not None)

    @property
    def rated(self) -> bool:
        return self.mine is not None or self.reconciled is not None or bool(self.others)

    @property
    def effective(self) -> str | None:
        if self.reconciled is not None:
            return self.reconciled.value
        values = self.assessor_values
        return next(iter(values)) if len(values) == 1 else None


def _in_list(column: str, ids: list[int] | None) -> tuple[str, list[int]]:
    """An `AND column IN (...)` condition with its parameters, or nothing for every row."""
    if ids is None:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


def _rating_briefs(assessment_id: int, indicator_ids: list[int] | None) -> list[tuple[Any, ...]]:
    """(indicator id, kind, rater id, pk, value, rationale, confidence, carried over, version,
    first name, last name, username) of an assessment's ratings, oldest first."""
    ratings, users = Rating._meta.db_table, get_user_model()._meta.db_table
    only, ids = _in_list("r.indicator_id", indicator_ids)
    columns = (
        "r.indicator_id, r.kind, r.rater_id, r.id, r.value, r.rationale, r.confidence, "
        "r.carried_over, r.version, u.first_name, u.last_name, u.username"
    )
    sql = (  # the table names are ours; every value is a parameter
        f"SELECT {columns} FROM {ratings} r JOIN {users} u ON u.id = r.rater_id "  # noqa: S608
        f"WHERE r.assessment_id = %s{only} ORDER BY r.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [assessment_id, *ids])
        return cursor.fetchall()


def _evidence_counts(assessment_id: int, indicator_ids: list[int] | None) -> list[tuple[int, int]]:
    """(indicator id, number of the assessment's evidence items said to support it)."""
    links, evidence = Evidence.indicators.through._meta.db_table, Evidence._meta.db_table
    only, ids = _in_list("l.indicator_id", indicator_ids)
    sql = (  # the table names are ours; every value is a parameter
        f"SELECT l.indicator_id, COUNT(*) FROM {links} l "  # noqa: S608
        f"JOIN {evidence} e ON e.id = l.evidence_id WHERE e.assessment_id = %s{only} "
        "GROUP BY l.indicator_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [assessment_id, *ids])
        return cursor.fetchall()


def workspace_rows(
    assessment: Assessment,
    user: Any,
    *,
    code: str | None = None,
    indicators: list[Indicator] | None = None,
) -> list[WorkspaceRow]:
    """Every indicator (or only `indicators`, or only the one with `code`) with the person's
    rating, the others' and the reconciled one: two queries, whatever the framework size.

    The two reads are written in SQL: a rating saved sends its row back, and building these
    two queries with the ORM cost about as much as the rest of the save (measured in the
    benchmark: 2-3 ms of a 13 ms save on a 2-core server)."""
    if indicators is None:
        indicators = framework_parts(assessment.framework)[2]
    if code is not None:
        indicators = [indicator for indicator in indicators if indicator.code == code]
    rows = {indicator.pk: WorkspaceRow(indicator) for indicator in indicators}
    if not rows:
        return []
    everything = len(rows) == len(framework_parts(assessment.framework)[2])
    part = None if everything else list(rows)  # a part reads only its own ratings
    reconciled, me = Rating.Kind.RECONCILED, user.pk
    for (
        indicator_id,
        kind,
        rater_id,
        pk,
        value,
        rationale,
        confidence,
        carried_over,
        version,
        first,
        last,
        username,
    ) in _rating_briefs(assessment.pk, part):
        row = rows.get(indicator_id)
        if row is None:
            continue
        name = f"{first} {last}".strip() or username
        brief = RatingBrief(pk, value, rationale, confidence, bool(carried_over), version, name)
        if kind == reconciled:
            row.reconciled = brief
        elif rater_id == me:
            row.mine = brief
        else:
            row.others.append(brief)
    for indicator_id, count in _evidence_counts(assessment.pk, part):
        if indicator_id in rows:
            rows[indicator_id].evidence_count = count
    return list(rows.values())


def latest_snapshots(assessments: QuerySet[Assessment]) -> dict[str, ResultSnapshot]:
    """For each country, the snapshot of its latest approved or published assessment."""
    final = assessments.filter(status__in=FINAL_STATUSES).order_by(
        "country_id", "-mission_start", "-created_at"
    )
    latest: dict[str, int] = {}
    for pk, country in final.values_list("pk", "country_id"):
        latest.setdefault(country, pk)
    snapshots = ResultSnapshot.objects.filter(assessment_id__in=latest.values()).select_related(
        "assessment"
    )
    return {snapshot.assessment.country_id: snapshot for snapshot in snapshots}


@dataclass
class CountryOverview:
    """A country's rounds the person may see, and the latest final round's stage per factor."""

    rounds: list[Assessment]
    latest: Assessment | None
    factors: list[tuple[Node, Any]]
    stage_names: dict[int, str]
    trend: list[tuple[str, float | None]]


def country_overview(country_code: str, visible: QuerySet[Assessment]) -> CountryOverview:
    """History and latest results of one country, read from snapshots (fixed query count)."""
    rounds = list(
        visible.filter(country_id=country_code)
        .select_related("framework")
        .order_by("mission_start", "created_at")
    )
    final = [item for item in rounds if item.is_final]
    # Where a country stands is read from its latest maturity assessment when it has one.
    maturity = [item for item in final if item.framework.kind == "maturity"]
    final = maturity or final
    if final:
        final = [item for item in final if item.framework_id == final[-1].framework_id]
    snapshots = {
        s.assessment_id: s
        for s in ResultSnapshot.objects.filter(assessment__in=[item.pk for item in final])
    }
    latest = final[-1] if final else None
    factors: list[tuple[Node, Any]] = []
    names: dict[int, str] = {}
    if latest is not None and latest.pk in snapshots:
        shape, nodes, _ = framework_parts(latest.framework)
        names = {s["level"]: s["name"] for s in latest.framework.stages}
        data = snapshots[latest.pk].nodes
        factors = [
            (node, data.get(node.code, {}))
            for node in nodes.values()
            if node.depth == shape.factor_depth
        ]
    trend = []
    for item in final:
        snapshot = snapshots.get(item.pk)
        means = (
            [d["mean_stage"] for d in snapshot.dimensions if d["mean_stage"] is not None]
            if snapshot
            else []
        )
        trend.append((item.round_label, sum(means) / len(means) if means else None))
    return CountryOverview(rounds, latest, factors, names, trend)
