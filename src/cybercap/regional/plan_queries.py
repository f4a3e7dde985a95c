"""Reads for regional action plans: the plan with its actions and national steps, its timeline,
who meets the minimum standards (from approved or published results only), a country's steps."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from cybercap.assessments.models import Assessment
from cybercap.places.models import Country
from cybercap.regional.models import NationalStep, RegionalAction, RegionalPlan
from cybercap.regional.queries import group_comparison
from cybercap.reports import charts
from cybercap.strategies.models import ActionStatus


def plan_actions(plan: RegionalPlan) -> list[RegionalAction]:
    """Every action of the plan with its pillar and steps (three queries)."""
    return list(
        plan.actions.select_related("pillar").prefetch_related(
            Prefetch("steps", queryset=NationalStep.objects.select_related("country"))
        )
    )


@dataclass
class StandardRow:
    factor_code: str
    factor_title: str
    target_stage: int
    term: str
    meets: dict[str, bool | None] = field(default_factory=dict)  # country -> meets (None: no data)

    @property
    def count(self) -> int:
        return sum(1 for value in self.meets.values() if value)


@dataclass
class StandardsView:
    countries: list[Country]
    rows: list[StandardRow]
    dates: dict[str, dt.date | None]


def standards_view(plan: RegionalPlan, visible: QuerySet[Assessment]) -> StandardsView:
    """Each minimum standard against every member's latest approved or published stage."""
    comparison = group_comparison(plan.group, visible)
    index = {factor.code: i for i, factor in enumerate(comparison.factors)}
    titles = {factor.code: factor.title for factor in comparison.factors}
    members = sorted(plan.group.members.all(), key=lambda c: c.localized_name)
    by_country = {row.country.pk: row for row in comparison.rows}
    rows = []
    for standard in plan.standards.all():
        row = StandardRow(
            standard.factor_code,
            titles.get(standard.factor_code, ""),
            standard.target_stage,
            standard.get_term_display(),
        )
        position = index.get(standard.factor_code)
        for country in members:
            found = by_country.get(country.pk)
            stage = found.stages[position] if found is not None and position is not None else None
            row.meets[country.pk] = None if stage is None else stage >= standard.target_stage
        rows.append(row)
    dates = {code: row.round_date for code, row in by_country.items()}
    return StandardsView(members, rows, dates)


def step_counts(actions: list[RegionalAction]) -> Counter[str]:
    return Counter(step.status for action in actions for step in action.steps.all())


def plan_timeline(
    plan: RegionalPlan, actions: list[RegionalAction], today: dt.date, *, chart_id: str
) -> str:
    """Regional actions by pillar; each national step's due date is a milestone on its action."""
    if not actions:
        return ""
    start = min(min(a.start for a in actions), plan.period_start)
    end = max(max(a.end for a in actions), plan.period_end)
    return charts.gantt(
        [
            charts.GanttBar(
                label=action.title,
                group=action.pillar.name,
                start=action.start,
                end=action.end,
                status=action.status,
                milestone_dates=sorted({step.due for step in action.steps.all()}),
            )
            for action in actions
        ],
        start=start.replace(day=1),
        end=end,
        today=today,
        title=_("Regional actions and national steps"),
        chart_id=chart_id,
    )


def country_steps(plan: RegionalPlan, country: Country) -> list[NationalStep]:
    return list(
        NationalStep.objects.filter(action__plan=plan, country=country)
        .select_related("action__pillar")
        .order_by("action__pillar__order", "due")
    )


def country_timeline(steps: list[NationalStep], today: dt.date, *, chart_id: str) -> str:
    """One country's steps: each from its regional action's start to the step's due date."""
    if not steps:
        return ""
    bars = [
        charts.GanttBar(
            label=step.action.title,
            group=step.action.pillar.name,
            start=min(step.action.start, step.due),
            end=step.due,
            status=step.status,
        )
        for step in steps
    ]
    return charts.gantt(
        bars,
        start=min(b.start for b in bars).replace(day=1),
        end=max(b.end for b in bars),
        today=today,
        title=_("National steps"),
        chart_id=chart_id,
    )


def overdue(step: NationalStep, today: dt.date) -> bool:
    return step.due < today and step.status not in (ActionStatus.DONE, ActionStatus.DROPPED)
