"""Regional action plans through the access layer: plans with pillars, actions and national
steps; adding regional actions; member states reporting on their steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from cybercap.access import rules, scopes
from cybercap.api.auth import READ_AUTH, WRITE_AUTH
from cybercap.api.schemas import Detail, Input
from cybercap.frameworks.models import Node
from cybercap.regional import plan_queries, services
from cybercap.regional.models import NationalStep, RegionalPlan
from cybercap.strategies.models import ActionStatus

router = Router(tags=["regional plans"])
_STATUS = "^(" + "|".join(ActionStatus.values) + ")$"


class StepOut(Schema):
    id: int
    country: str
    due: dt.date
    responsible_agency: str
    status: str
    note: str


class RegionalActionOut(Schema):
    id: int
    pillar: str
    title: str
    description: str
    lead_organisation: str
    start: dt.date
    end: dt.date
    factors: list[str]
    status: str
    steps: list[StepOut]


class StandardOut(Schema):
    factor: str
    target_stage: int
    term: str


class PlanOut(Schema):
    id: int
    group: str
    title: str
    period_start: dt.date
    period_end: dt.date
    committee: str
    pillars: list[str]
    standards: list[StandardOut]
    actions: list[RegionalActionOut]


class PlanSummary(Schema):
    id: int
    group: str
    title: str
    period_start: dt.date
    period_end: dt.date


class RegionalActionIn(Input):
    pillar: str = Field(min_length=1, description="Name of one of the plan's pillars")
    title: str = Field(min_length=1, max_length=300)
    description: str = ""
    lead_organisation: str = Field(min_length=1, max_length=200)
    start: dt.date
    end: dt.date
    factors: list[str] = []
    status: str = Field(default=ActionStatus.NOT_STARTED.value, pattern=_STATUS)
    steps_for: list[str] = Field(
        default=[], description="ISO alpha-3 codes of member states to give a national step"
    )
    step_due: dt.date | None = None


class StepPatch(Input):
    status: str | None = Field(default=None, pattern=_STATUS)
    due: dt.date | None = None
    responsible_agency: str | None = Field(default=None, max_length=200)
    note: str | None = None


def _step(step: NationalStep) -> dict[str, Any]:
    return {
        "id": step.pk,
        "country": step.country_id,
        "due": step.due,
        "responsible_agency": step.responsible_agency,
        "status": step.status,
        "note": step.note,
    }


def _action(action: Any) -> dict[str, Any]:
    return {
        "id": action.pk,
        "pillar": action.pillar.name,
        "title": action.title,
        "description": action.description,
        "lead_organisation": action.lead_organisation,
        "start": action.start,
        "end": action.end,
        "factors": action.factor_codes,
        "status": action.status,
        "steps": [_step(s) for s in action.steps.all()],
    }


def _plan(request: HttpRequest, plan_id: int) -> RegionalPlan:
    return get_object_or_404(
        scopes.regional_plans_visible(request.user).select_related("group"), pk=plan_id
    )


@router.get("/regional-plans", response=list[PlanSummary], auth=READ_AUTH)
def plan_list(request: HttpRequest, group: str = ""):
    plans = scopes.regional_plans_visible(request.user).select_related("group")
    if group:
        plans = plans.filter(group__slug=group)
    return [
        {
            "id": p.pk,
            "group": p.group.slug,
            "title": p.title,
            "period_start": p.period_start,
            "period_end": p.period_end,
        }
        for p in plans
    ]


@router.get("/regional-plans/{plan_id}", response={200: PlanOut, 404: Detail}, auth=READ_AUTH)
def plan_detail(request: HttpRequest, plan_id: int):
    """A plan with its pillars, minimum standards, actions and every national step."""
    plan = _plan(request, plan_id)
    return {
        "id": plan.pk,
        "group": plan.group.slug,
        "title": plan.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "committee": plan.committee,
        "pillars": [p.name for p in plan.pillars.all()],
        "standards": [
            {"factor": s.factor_code, "target_stage": s.target_stage, "term": s.term}
            for s in plan.standards.all()
        ],
        "actions": [_action(a) for a in plan_queries.plan_actions(plan)],
    }


@router.post(
    "/regional-plans/{plan_id}/actions",
    response={201: RegionalActionOut, 400: Detail, 403: Detail, 404: Detail},
    auth=WRITE_AUTH,
)
def action_create(request: HttpRequest, plan_id: int, payload: RegionalActionIn):
    plan = _plan(request, plan_id)
    if not rules.can_edit_regional_plan(request.user, plan):
        return Status(403, {"detail": "Only the program and the group's analysts edit the plan."})
    pillar = plan.pillars.filter(name=payload.pillar).first()
    if pillar is None:
        return Status(400, {"detail": f"pillar: no pillar '{payload.pillar}' in this plan."})
    known = set(Node.objects.filter(depth=1).values_list("code", flat=True))
    unknown = [code for code in payload.factors if code not in known]
    if unknown:
        return Status(400, {"detail": f"factors: unknown codes {', '.join(unknown)}."})
    members = {c.pk: c for c in plan.group.members.all()}
    outside = [code for code in payload.steps_for if code.upper() not in members]
    if outside:
        return Status(
            400, {"detail": f"steps_for: not members of the group: {', '.join(outside)}."}
        )
    try:
        action = services.action_save(
            by=request.user,
            plan=plan,
            pillar=pillar,
            title=payload.title,
            description=payload.description,
            lead_organisation=payload.lead_organisation,
            start=payload.start,
            end=payload.end,
            factor_codes=list(dict.fromkeys(payload.factors)),
            status=payload.status,
            # A country named twice (or in two cases) gets one step.
            steps_for=[
                members[code] for code in dict.fromkeys(c.upper() for c in payload.steps_for)
            ],
            step_due=payload.step_due,
        )
    except services.RegionalError as error:
        return Status(400, {"detail": str(error)})
    fresh = next(a for a in plan_queries.plan_actions(plan) if a.pk == action.pk)
    return Status(201, _action(fresh))


@router.patch(
    "/regional-plans/{plan_id}/steps/{step_id}",
    response={200: StepOut, 400: Detail, 403: Detail, 404: Detail},
    auth=WRITE_AUTH,
)
def step_update(request: HttpRequest, plan_id: int, step_id: int, payload: StepPatch):
    """A member state reports on its step: `{"status": "done", "note": "..."}`."""
    plan = _plan(request, plan_id)
    step = get_object_or_404(
        NationalStep.objects.select_related("action__plan", "country"),
        pk=step_id,
        action__plan=plan,
    )
    if not rules.can_update_step(request.user, step):
        return Status(403, {"detail": "You cannot change this national step."})
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    try:
        step = services.step_update(by=request.user, step=step, **changes)
    except services.RegionalError as error:
        return Status(400, {"detail": str(error)})
    return _step(step)
