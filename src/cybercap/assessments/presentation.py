"""What the results page shows, assembled from results, ratings and visible evidence."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cybercap.assessments import queries, scoring
from cybercap.assessments.models import Assessment, Evidence
from cybercap.frameworks.models import Indicator, Node

WHEEL_STAGES = 5


@dataclass
class FactorRow:
    node: Node
    result: scoring.NodeResult
    evidence_count: int
    change: scoring.StageChange | None = None


@dataclass
class DimensionBlock:
    node: Node
    result: scoring.NodeResult
    summary: scoring.DimensionSummary | None
    factors: list[FactorRow] = field(default_factory=list)


@dataclass
class Gap:
    node: Node
    next_stage: int | None
    indicators: list[tuple[Indicator, str]]


@dataclass
class ResultsPage:
    results: scoring.Results
    dimensions: list[DimensionBlock]
    gaps: list[Gap]
    stage_names: dict[int, str]
    diff: scoring.Diff | None
    wheel: str = ""
    radar: str = ""


def ancestors(node: Node, by_id: dict[int, Node]) -> list[Node]:
    """The node, its parent and so on up to its dimension (the last one)."""
    chain = [node]
    while chain[-1].parent_id is not None:
        chain.append(by_id[chain[-1].parent_id])
    return chain


def _evidence_counts(
    evidence: QuerySet[Evidence], by_id: dict[int, Node], indicators: dict[int, Indicator]
) -> dict[str, int]:
    """How many visible pieces of evidence support something under each node."""
    seen: dict[str, set[int]] = defaultdict(set)
    links = Evidence.indicators.through.objects.filter(evidence__in=evidence).values_list(
        "evidence_id", "indicator_id"
    )
    for evidence_id, indicator_id in links:
        indicator = indicators.get(indicator_id)
        if indicator is None:
            continue
        for node in ancestors(by_id[indicator.node_id], by_id):
            seen[node.code].add(evidence_id)
    return {code: len(ids) for code, ids in seen.items()}


def results_page(
    assessment: Assessment,
    previous: Assessment | None,
    evidence: QuerySet[Evidence],
    *,
    printed: bool = False,
) -> ResultsPage:
    """Everything the results page shows; `printed` draws the charts for a PDF instead."""
    shape, nodes, indicator_list = queries.framework_parts(assessment.framework)
    values = queries.assessment_values(assessment)
    results = scoring.score(shape, values)
    by_id = {node.pk: node for node in nodes.values()}
    counts = _evidence_counts(evidence, by_id, {i.pk: i for i in indicator_list})
    diff = (
        queries.assessment_diff(previous, assessment, after_results=results) if previous else None
    )
    changes = {change.after_code: change for change in diff.changes} if diff else {}
    summaries = {summary.code: summary for summary in results.dimensions}
    depth = shape.factor_depth
    blocks: dict[str, DimensionBlock] = {}
    for node in nodes.values():
        if node.depth == 0:
            blocks[node.code] = DimensionBlock(
                node, results.nodes[node.code], summaries.get(node.code)
            )
        if node.depth == depth:
            root = ancestors(node, by_id)[-1]
            blocks[root.code].factors.append(
                FactorRow(
                    node, results.nodes[node.code], counts.get(node.code, 0), changes.get(node.code)
                )
            )
    page = ResultsPage(
        results,
        list(blocks.values()),
        _gaps(shape, results, nodes, indicator_list, values),
        {s["level"]: s["name"] for s in assessment.framework.stages},
        diff,
    )
    if shape.kind == "maturity":
        # The stage wheel has five rings, one per stage of the reference model's scale.
        if len(shape.stages) == WHEEL_STAGES:
            page.wheel = _wheel(page, assessment, printed=printed)
        page.radar = _radar(page, assessment, previous)
    return page


def _gaps(
    shape: scoring.ModelShape,
    results: scoring.Results,
    nodes: dict[str, Node],
    indicators: list[Indicator],
    values: dict[str, str],
) -> list[Gap]:
    """Maturity: for each aspect below the top stage, the unmet indicators of its next stage.
    Other kinds: every applicable item not met."""
    met = {value for value, entry in shape.scale.items() if entry.met}
    by_node: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_node[indicator.node.code].append(indicator)
    gaps = []
    for code, items in by_node.items():
        result = results.nodes[code]
        wanted = [i for i in items if shape.kind != "maturity" or i.stage == result.next_stage]
        if shape.kind == "maturity" and result.next_stage is None:
            continue
        unmet = [
            (i, values.get(i.code, "not_assessed"))
            for i in wanted
            if values.get(i.code) not in met and values.get(i.code) != "not_applicable"
        ]
        if unmet:
            gaps.append(Gap(nodes[code], result.next_stage, unmet))
    return gaps


def _wheel(page: ResultsPage, assessment: Assessment, *, printed: bool) -> str:
    from cybercap.reports import charts

    dimensions = tuple(
        charts.WheelDimension(
            block.node.code,
            block.node.title,
            tuple(
                charts.WheelFactor(row.node.code, row.node.title, row.result.stage)
                for row in block.factors
            ),
        )
        for block in page.dimensions
    )
    return _stage_wheel(
        dimensions,
        tuple(page.stage_names.values()),
        _("Stage reached per factor"),
        assessment.pk,
        get_language(),  # the chart's own words (legend, descriptions) are translated too
        printed,
    )


@functools.lru_cache(maxsize=64)
def _stage_wheel(
    dimensions: tuple[Any, ...],
    stage_names: tuple[str, ...],
    title: str,
    pk: int,
    language: str,
    printed: bool,
) -> str:
    """The wheel drawn once per distinct input: an approved round's wheel never changes, and
    drawing its 300-odd shapes was a fifth of the results page's time."""
    from cybercap.reports import charts

    return charts.stage_wheel(
        dimensions,
        stage_names=list(stage_names),
        title=title,
        chart_id=f"wheel-{pk}",
        printed=printed,
    )


def _radar(page: ResultsPage, assessment: Assessment, previous: Assessment | None) -> str:
    from cybercap.reports import charts

    axes = [block.node.title for block in page.dimensions]
    series = [
        charts.RadarSeries(
            assessment.round_label,
            [block.summary.mean_stage if block.summary else None for block in page.dimensions],
            "#0b4f6c",
        )
    ]
    if page.diff is not None and previous is not None:
        before: dict[str, list[int]] = defaultdict(list)
        for block in page.dimensions:
            for row in block.factors:
                if row.change is not None and row.change.before is not None:
                    before[block.node.code].append(row.change.before)
        series.append(
            charts.RadarSeries(
                previous.round_label,
                [
                    sum(before[b.node.code]) / len(before[b.node.code])
                    if before[b.node.code]
                    else None
                    for b in page.dimensions
                ],
                "#ffba49",
            )
        )
    maximum = float(max(page.stage_names) if page.stage_names else 5)
    return charts.radar(
        axes,
        series,
        max_value=maximum,
        title=_("Mean stage per dimension"),
        chart_id=f"radar-{assessment.pk}",
    )


def stage_label(names: dict[int, str], stage: Any) -> str:
    return f"{stage} {names.get(stage, '')}".strip() if stage is not None else _("Not rated")


def trend_chart(history: list[tuple[str, float | None]], assessment: Assessment) -> str:
    """Mean stage per approved round of the country, when there are at least two."""
    from cybercap.reports import charts

    if assessment.framework.kind != "maturity" or sum(v is not None for _, v in history) < 2:
        return ""
    return charts.trend(
        history,
        max_value=_top_stage(assessment),
        title=_("Mean stage per round"),
        chart_id=f"trend-{assessment.pk}",
    )


def _top_stage(assessment: Assessment) -> float:
    return float(max((stage["level"] for stage in assessment.framework.stages), default=5))
