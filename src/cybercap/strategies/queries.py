"""Reads for strategies: the baseline's gaps, the action plan, its dashboard and whether a
re-assessment closed the gaps the actions addressed. Fixed query counts whatever the plan size."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from cybercap.assessments.models import FINAL_STATUSES, Assessment, ResultSnapshot
from cybercap.assessments.queries import framework_parts, indicator_map
from cybercap.frameworks.models import Indicator
from cybercap.strategies.models import (
    Action,
    ActionStatus,
    Objective,
    Recommendation,
    Strategy,
)


@dataclass(frozen=True)
class FactorGap:
    """A factor of the baseline below the strategy's target stage."""

    factor_code: str
    factor_title: str
    stage: int
    next_stage: int
    unmet_ids: list[int]


def factor_of(framework: Any) -> dict[str, str]:
    """For every node code of a framework, the code of the factor it belongs to."""
    shape, _nodes, _indicators = framework_parts(framework)
    parents = {node.code: node.parent for node in shape.nodes}
    depth = {node.code: node.depth for node in shape.nodes}
    factor_depth = shape.factor_depth
    result: dict[str, str] = {}
    for code in parents:
        current: str | None = code
        while current is not None and depth[current] > factor_depth:
            current = parents[current]
        if current is not None and depth[current] == factor_depth:
            result[code] = current
    return result


def baseline_gaps(strategy: Strategy) -> list[FactorGap] | None:
    """Factors of the baseline below the target stage, with the unmet indicators of their next
    stage (None when the baseline has no snapshot)."""
    baseline = strategy.baseline
    if baseline is None:
        return None
    snapshot = ResultSnapshot.objects.filter(assessment=baseline).first()
    if snapshot is None:
        return None
    shape, nodes, indicators = framework_parts(baseline.framework)
    owner = factor_of(baseline.framework)
    unmet = set(snapshot.unmet)
    by_factor: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        factor = owner.get(indicator.node.code)
        if factor is not None and indicator.code in unmet:
            by_factor[factor].append(indicator)
    floor = min(shape.stages) if shape.stages else 1
    gaps = []
    for code, node in nodes.items():
        if node.depth != shape.factor_depth:
            continue
        stage = snapshot.nodes.get(code, {}).get("stage") or floor
        if stage >= strategy.target_stage:
            continue
        following = [s for s in shape.stages if s > stage]
        next_stage = following[0] if following else stage
        gaps.append(
            FactorGap(
                code,
                node.title,
                stage,
                next_stage,
                [i.pk for i in by_factor.get(code, []) if i.stage == next_stage],
            )
        )
    return gaps


def recommendations_by_factor(slug: str) -> dict[str, dict[int, list[Recommendation]]]:
    library: dict[str, dict[int, list[Recommendation]]] = defaultdict(lambda: defaultdict(list))
    for item in Recommendation.objects.filter(framework_slug=slug):
        library[item.factor_code][item.stage].append(item)
    return library


def plan_actions(
    strategy: Strategy,
    *,
    agency: str = "",
    status: str = "",
    objective: str = "",
    query: str = "",
) -> QuerySet[Action]:
    """The action plan with what every row shows, filtered (five queries in all)."""
    actions = (
        strategy.actions.select_related("objective")
        .prefetch_related(
            "milestones",
            "kpis",
            Prefetch("indicators", queryset=Indicator.objects.only("id", "code", "text")),
            Prefetch("depends_on", queryset=Action.objects.only("id", "code", "title")),
        )
        .order_by("objective__order", "objective__code", "start", "code")
    )
    if agency:
        actions = actions.filter(lead_agency=agency)
    if status:
        actions = actions.filter(status=status)
    if objective:
        actions = actions.filter(objective__code=objective)
    if query:
        actions = actions.filter(title__icontains=query)
    return actions


@dataclass
class ObjectiveSummary:
    objective: Objective
    counts: Counter[str] = field(default_factory=Counter)
    budget: Decimal = Decimal(0)
    progress: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class PlanDashboard:
    objectives: list[ObjectiveSummary]
    counts: Counter[str]
    budget_by_status: dict[str, Decimal]
    budget_total: Decimal
    progress: int
    overdue: list[Action]
    kpis: list[Any]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _mean_progress(actions: list[Action]) -> int:
    live = [a for a in actions if a.status != ActionStatus.DROPPED]
    return round(sum(a.progress for a in live) / len(live)) if live else 0


def plan_dashboard(strategy: Strategy, actions: list[Action], today: dt.date) -> PlanDashboard:
    """Status counts by objective, budget by status, KPIs against target, overdue actions;
    computed in memory from the plan's rows (KPIs must be prefetched)."""
    summaries = {o.pk: ObjectiveSummary(o) for o in strategy.objectives.all()}
    grouped: dict[int, list[Action]] = defaultdict(list)
    budget: dict[str, Decimal] = {status: Decimal(0) for status in ActionStatus.values}
    for action in actions:
        summary = summaries.setdefault(action.objective_id, ObjectiveSummary(action.objective))
        summary.counts[action.status] += 1
        summary.budget += action.budget or 0
        grouped[action.objective_id].append(action)
        budget[action.status] += action.budget or 0
    for key, summary in summaries.items():
        summary.progress = _mean_progress(grouped.get(key, []))
    overdue = [
        a
        for a in actions
        if a.end < today and a.status not in (ActionStatus.DONE, ActionStatus.DROPPED)
    ]
    return PlanDashboard(
        objectives=list(summaries.values()),
        counts=Counter(a.status for a in actions),
        budget_by_status=budget,
        budget_total=sum(budget.values(), Decimal(0)),
        progress=_mean_progress(actions),
        overdue=overdue,
        kpis=[(a, kpi) for a in actions for kpi in a.kpis.all()],
    )


@dataclass(frozen=True)
class GapClosure:
    """What a later round says about the gaps each action addressed."""

    follow_up: Assessment | None
    closed: dict[int, tuple[int, int]]  # action id -> (gaps closed, gaps comparable)
    closed_codes: set[str]

    def of(self, action: Action) -> tuple[int, int] | None:
        return self.closed.get(action.pk)


def gap_closure(
    strategy: Strategy, actions: list[Action], visible: QuerySet[Assessment]
) -> GapClosure:
    """Against the latest approved or published round after the baseline (one the person may
    see): how many of each action's addressed indicators are no longer unmet. Rounds on another
    framework version are compared through its crosswalk."""
    baseline = strategy.baseline
    if baseline is None:
        return GapClosure(None, {}, set())
    later = (
        visible.filter(country_id=strategy.country_id, status__in=FINAL_STATUSES)
        .exclude(pk=baseline.pk)
        .select_related("framework", "snapshot")
        .order_by("-mission_start", "-created_at")
    )
    if baseline.mission_start:
        later = later.filter(mission_start__gt=baseline.mission_start)
    follow_up = next((a for a in later if hasattr(a, "snapshot")), None)
    if follow_up is None:
        return GapClosure(None, {}, set())
    after_codes = {i.pk: i.code for i in framework_parts(follow_up.framework)[2]}
    if follow_up.framework_id == baseline.framework_id:
        mapping = {pk: pk for pk in after_codes}
    else:
        mapping = indicator_map(baseline.framework, follow_up.framework)
    still_unmet = set(follow_up.snapshot.unmet)
    closed: dict[int, tuple[int, int]] = {}
    closed_codes: set[str] = set()
    for action in actions:
        comparable = done = 0
        for indicator in action.indicators.all():
            target = mapping.get(indicator.pk)
            if target is None or target not in after_codes:
                continue
            comparable += 1
            if after_codes[target] not in still_unmet:
                done += 1
                closed_codes.add(indicator.code)
        if action.indicators.all():
            closed[action.pk] = (done, comparable)
    return GapClosure(follow_up, closed, closed_codes)


def agencies(strategy: Strategy) -> list[str]:
    return list(
        strategy.actions.order_by("lead_agency").values_list("lead_agency", flat=True).distinct()
    )


def strategies_adopted(strategies: QuerySet[Strategy], start: Any, end: Any) -> QuerySet[Strategy]:
    """Strategies adopted within a period (either end optional): what the program counts."""
    adopted = strategies.filter(adopted_on__isnull=False)
    if start:
        adopted = adopted.filter(adopted_on__gte=start)
    if end:
        adopted = adopted.filter(adopted_on__lte=end)
    return adopted
