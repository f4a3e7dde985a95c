"""Strategy endpoints: strategies, objectives, actions and progress updates, through the access
layer (a strategy out of reach is a 404, like a missing one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from cybercap.access import rules, scopes
from cybercap.api.auth import READ_AUTH, WRITE_AUTH
from cybercap.api.schemas import Detail, Input
from cybercap.frameworks.models import Indicator
from cybercap.places.models import Country
from cybercap.strategies import queries, services
from cybercap.strategies.models import Action, ActionStatus, Phase, Priority, Strategy

router = Router(tags=["strategies"])

_STATUS = "^(" + "|".join(ActionStatus.values) + ")$"
_PHASE = "^(" + "|".join(Phase.values) + ")$"
_PRIORITY = "^(" + "|".join(Priority.values) + ")$"


class ObjectiveOut(Schema):
    id: int
    code: str
    title: str
    description: str


class StrategyOut(Schema):
    id: int
    country: str
    title: str
    version: str
    phase: str
    baseline_id: int | None
    target_stage: int
    period_start: dt.date | None
    period_end: dt.date | None
    adopted_on: dt.date | None
    adopting_body: str
    vision: str
    principles: list[str]
    currency: str
    objectives: list[ObjectiveOut]


# One principle per item: they are kept one per line.
Principle = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\r\n]*$")]


class StrategyIn(Input):
    country: str = Field(min_length=3, max_length=3)
    title: str = Field(min_length=1, max_length=200)
    version: str = Field(default="1.0", max_length=20)
    phase: str = Field(default=Phase.INITIATION.value, pattern=_PHASE)
    baseline_id: int | None = None
    target_stage: int = Field(default=3, ge=2, le=5)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    adopted_on: dt.date | None = None
    adopting_body: str = Field(default="", max_length=200)
    vision: str = ""
    principles: list[Principle] = []
    currency: str = Field(default="USD", min_length=3, max_length=3)


class StrategyPatch(Input):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    version: str | None = Field(default=None, max_length=20)
    phase: str | None = Field(default=None, pattern=_PHASE)
    target_stage: int | None = Field(default=None, ge=2, le=5)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    adopted_on: dt.date | None = None
    adopting_body: str | None = Field(default=None, max_length=200)
    vision: str | None = None
    principles: list[Principle] | None = None


class ObjectiveIn(Input):
    title: str = Field(min_length=1, max_length=300)
    code: str = Field(default="", max_length=20)
    description: str = ""


class MilestoneIO(Input):
    title: str = Field(min_length=1, max_length=200)
    due: dt.date
    reached_on: dt.date | None = None


class KpiIO(Input):
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="", max_length=40)
    baseline: Decimal | None = Field(default=None, max_digits=14, decimal_places=2)
    target: Decimal = Field(max_digits=14, decimal_places=2)
    current: Decimal | None = Field(default=None, max_digits=14, decimal_places=2)


class ActionOut(Schema):
    id: int
    code: str
    objective: str
    title: str
    description: str
    lead_agency: str
    partners: str
    start: dt.date
    end: dt.date
    priority: str
    budget: Decimal | None
    funding_source: str
    status: str
    progress: int
    version: int
    indicators: list[str]
    depends_on: list[str]
    milestones: list[MilestoneIO]
    kpis: list[KpiIO]


class ActionIn(Input):
    objective: str = Field(min_length=1, description="Code of the objective, e.g. SO1")
    title: str = Field(min_length=1, max_length=300)
    code: str = Field(default="", max_length=20)
    description: str = ""
    lead_agency: str = Field(min_length=1, max_length=200)
    partners: str = Field(default="", max_length=300)
    start: dt.date
    end: dt.date
    priority: str = Field(default=Priority.MEDIUM.value, pattern=_PRIORITY)
    budget: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    funding_source: str = Field(default="", max_length=200)
    status: str = Field(default=ActionStatus.NOT_STARTED.value, pattern=_STATUS)
    progress: int = Field(default=0, ge=0, le=100)
    indicators: list[str] = Field(default=[], description="Indicator codes of the baseline")
    depends_on: list[str] = Field(default=[], description="Codes of actions of this strategy")
    milestones: list[MilestoneIO] = []
    kpis: list[KpiIO] = []
    expected_version: int | None = Field(
        default=None, strict=True, description="On update: the version read; a stale one gets 409"
    )


class ProgressIn(Input):
    reported_on: dt.date
    status: str = Field(pattern=_STATUS)
    progress: int = Field(ge=0, le=100)
    note: str = ""


class ProgressOut(Schema):
    id: int
    action: str
    reported_on: dt.date
    status: str
    progress: int
    note: str


def _strategy_out(strategy: Strategy) -> dict[str, Any]:
    return {
        "id": strategy.pk,
        "country": strategy.country_id,
        "title": strategy.title,
        "version": strategy.version,
        "phase": strategy.phase,
        "baseline_id": strategy.baseline_id,
        "target_stage": strategy.target_stage,
        "period_start": strategy.period_start,
        "period_end": strategy.period_end,
        "adopted_on": strategy.adopted_on,
        "adopting_body": strategy.adopting_body,
        "vision": strategy.vision,
        "principles": strategy.principle_list,
        "currency": strategy.currency,
        "objectives": [
            {"id": o.pk, "code": o.code, "title": o.title, "description": o.description}
            for o in strategy.objectives.all()
        ],
    }


def _action_out(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "code": action.code,
        "objective": action.objective.code,
        "title": action.title,
        "description": action.description,
        "lead_agency": action.lead_agency,
        "partners": action.partners,
        "start": action.start,
        "end": action.end,
        "priority": action.priority,
        "budget": action.budget,
        "funding_source": action.funding_source,
        "status": action.status,
        "progress": action.progress,
        "version": action.version,
        "indicators": [i.code for i in action.indicators.all()],
        "depends_on": [a.code for a in action.depends_on.all()],
        "milestones": [
            {"title": m.title, "due": m.due, "reached_on": m.reached_on}
            for m in action.milestones.all()
        ],
        "kpis": [
            {
                "name": k.name,
                "unit": k.unit,
                "baseline": k.baseline,
                "target": k.target,
                "current": k.current,
            }
            for k in action.kpis.all()
        ],
    }


def _visible(request: HttpRequest, strategy_id: int) -> Strategy:
    return get_object_or_404(
        scopes.strategies_visible(request.user).select_related("country", "baseline"),
        pk=strategy_id,
    )


def _editable(request: HttpRequest, strategy_id: int) -> Strategy:
    strategy = _visible(request, strategy_id)
    if not rules.can_edit_strategy(request.user, strategy):
        raise Http404
    return strategy


@router.get("/strategies", response=list[StrategyOut], auth=READ_AUTH)
def strategy_list(request: HttpRequest, country: str = "", adopted: bool | None = None):
    """Strategies the caller may see; filter by ISO alpha-3 `country` and by `adopted`."""
    strategies = scopes.strategies_visible(request.user).prefetch_related("objectives")
    if country:
        strategies = strategies.filter(country_id=country.upper())
    if adopted is not None:
        strategies = strategies.filter(adopted_on__isnull=not adopted)
    return [_strategy_out(s) for s in strategies]


@router.post(
    "/strategies",
    response={201: StrategyOut, 400: Detail, 403: Detail},
    auth=WRITE_AUTH,
)
def strategy_create(request: HttpRequest, payload: StrategyIn):
    country = Country.objects.filter(pk=payload.country.upper()).first()
    if country is None:
        return Status(400, {"detail": f"Unknown country code '{payload.country}'."})
    if not rules.can_create_strategy(request.user, country):
        return Status(403, {"detail": "You cannot start a strategy for this country."})
    data = payload.dict(exclude={"country", "title", "baseline_id", "principles"})
    baseline = None
    if payload.baseline_id is not None:
        baseline = (
            scopes.final_assessments_visible(request.user)
            .filter(pk=payload.baseline_id, country=country)
            .first()
        )
        if baseline is None:
            return Status(400, {"detail": "baseline_id: no approved assessment of this country."})
    try:
        strategy = services.strategy_create(
            by=request.user,
            country=country,
            title=payload.title,
            baseline=baseline,
            principles="\n".join(payload.principles),
            **data,
        )
    except services.StrategyError as error:
        return Status(400, {"detail": str(error)})
    return Status(201, _strategy_out(strategy))


@router.get("/strategies/{strategy_id}", response={200: StrategyOut, 404: Detail}, auth=READ_AUTH)
def strategy_detail(request: HttpRequest, strategy_id: int):
    return _strategy_out(_visible(request, strategy_id))


@router.patch(
    "/strategies/{strategy_id}",
    response={200: StrategyOut, 400: Detail, 404: Detail},
    auth=WRITE_AUTH,
)
def strategy_update(request: HttpRequest, strategy_id: int, payload: StrategyPatch):
    """Change some fields (those sent); for example `{"phase": "implementation"}`."""
    strategy = _editable(request, strategy_id)
    changes = payload.dict(exclude_unset=True)
    nullable = {"period_start", "period_end", "adopted_on"}
    blank = [name for name, value in changes.items() if value is None and name not in nullable]
    if blank:
        return Status(400, {"detail": f"{', '.join(blank)}: cannot be null."})
    if "principles" in changes:
        changes["principles"] = "\n".join(changes["principles"] or [])
    try:
        strategy = services.strategy_update(by=request.user, strategy=strategy, **changes)
    except services.StrategyError as error:
        return Status(400, {"detail": str(error)})
    return _strategy_out(strategy)


@router.post(
    "/strategies/{strategy_id}/objectives",
    response={201: ObjectiveOut, 400: Detail, 404: Detail},
    auth=WRITE_AUTH,
)
def objective_create(request: HttpRequest, strategy_id: int, payload: ObjectiveIn):
    strategy = _editable(request, strategy_id)
    try:
        objective = services.objective_save(by=request.user, strategy=strategy, **payload.dict())
    except services.StrategyError as error:
        return Status(400, {"detail": str(error)})
    return Status(
        201,
        {
            "id": objective.pk,
            "code": objective.code,
            "title": objective.title,
            "description": objective.description,
        },
    )


@router.get(
    "/strategies/{strategy_id}/actions",
    response={200: list[ActionOut], 404: Detail},
    auth=READ_AUTH,
)
def action_list(request: HttpRequest, strategy_id: int, status: str = "", agency: str = ""):
    """The action plan, optionally filtered by `status` and lead `agency`."""
    strategy = _visible(request, strategy_id)
    return [_action_out(a) for a in queries.plan_actions(strategy, status=status, agency=agency)]


def _action_links(
    strategy: Strategy, payload: ActionIn
) -> tuple[dict[str, Any] | None, str | None]:
    """Resolve the codes of a payload; returns (resolved, error)."""
    objective = strategy.objectives.filter(code=payload.objective).first()
    if objective is None:
        return None, f"objective: no objective '{payload.objective}' in this strategy."
    indicators: list[Indicator] = []
    if payload.indicators:
        if strategy.baseline is None:
            return None, "indicators: the strategy has no baseline assessment."
        found = {
            i.code: i
            for i in Indicator.objects.filter(
                framework_id=strategy.baseline.framework_id, code__in=payload.indicators
            )
        }
        missing = [code for code in payload.indicators if code not in found]
        if missing:
            return None, f"indicators: unknown codes {', '.join(missing)}."
        indicators = [found[code] for code in dict.fromkeys(payload.indicators)]
    others = {a.code: a for a in strategy.actions.filter(code__in=payload.depends_on)}
    missing = [code for code in payload.depends_on if code not in others]
    if missing:
        return None, f"depends_on: unknown action codes {', '.join(missing)}."
    return {
        "objective": objective,
        "indicators": indicators,
        "depends_on": list(others.values()),
        "milestones": [services.MilestoneIn(**m.dict()) for m in payload.milestones],
        "kpis": [services.KpiIn(**k.dict()) for k in payload.kpis],
    }, None


def _action_fields(payload: ActionIn) -> dict[str, Any]:
    return payload.dict(
        exclude={
            "objective",
            "indicators",
            "depends_on",
            "milestones",
            "kpis",
            "expected_version",
        }
    )


def _reload(action: Action) -> Action:
    return queries.plan_actions(action.strategy).get(pk=action.pk)


@router.post(
    "/strategies/{strategy_id}/actions",
    response={201: ActionOut, 400: Detail, 404: Detail},
    auth=WRITE_AUTH,
)
def action_create(request: HttpRequest, strategy_id: int, payload: ActionIn):
    strategy = _editable(request, strategy_id)
    links, error = _action_links(strategy, payload)
    if error or links is None:
        return Status(400, {"detail": error})
    try:
        action = services.action_save(
            by=request.user, strategy=strategy, **links, **_action_fields(payload)
        )
    except services.StrategyError as failure:
        return Status(400, {"detail": str(failure)})
    return Status(201, _action_out(_reload(action)))


@router.get(
    "/strategies/{strategy_id}/actions/{action_id}",
    response={200: ActionOut, 404: Detail},
    auth=READ_AUTH,
)
def action_detail(request: HttpRequest, strategy_id: int, action_id: int):
    strategy = _visible(request, strategy_id)
    return _action_out(get_object_or_404(queries.plan_actions(strategy), pk=action_id))


@router.put(
    "/strategies/{strategy_id}/actions/{action_id}",
    response={200: ActionOut, 400: Detail, 404: Detail, 409: Detail},
    auth=WRITE_AUTH,
)
def action_update(request: HttpRequest, strategy_id: int, action_id: int, payload: ActionIn):
    """Replace an action; send `expected_version` to be told (409) if someone saved first."""
    strategy = _editable(request, strategy_id)
    action = get_object_or_404(strategy.actions, pk=action_id)
    links, error = _action_links(strategy, payload)
    if error or links is None:
        return Status(400, {"detail": error})
    fields = _action_fields(payload)
    if not fields["code"]:
        fields["code"] = action.code
    try:
        saved = services.action_save(
            by=request.user,
            strategy=strategy,
            action=action,
            expected_version=payload.expected_version,
            **links,
            **fields,
        )
    except services.StaleAction as stale:
        return Status(409, {"detail": str(stale)})
    except services.StrategyError as failure:
        return Status(400, {"detail": str(failure)})
    return _action_out(_reload(saved))


@router.get(
    "/strategies/{strategy_id}/actions/{action_id}/progress",
    response={200: list[ProgressOut], 404: Detail},
    auth=READ_AUTH,
)
def progress_list(request: HttpRequest, strategy_id: int, action_id: int):
    strategy = _visible(request, strategy_id)
    action = get_object_or_404(strategy.actions, pk=action_id)
    return [
        {
            "id": u.pk,
            "action": action.code,
            "reported_on": u.reported_on,
            "status": u.status,
            "progress": u.progress,
            "note": u.note,
        }
        for u in action.updates.all()
    ]


@router.post(
    "/strategies/{strategy_id}/actions/{action_id}/progress",
    response={201: ProgressOut, 400: Detail, 404: Detail},
    auth=WRITE_AUTH,
)
def progress_create(request: HttpRequest, strategy_id: int, action_id: int, payload: ProgressIn):
    """Report progress; the action takes the status and progress of its newest update."""
    strategy = _editable(request, strategy_id)
    action = get_object_or_404(strategy.actions.select_related("strategy__country"), pk=action_id)
    try:
        update = services.progress_report(by=request.user, action=action, **payload.dict())
    except services.StrategyError as error:
        return Status(400, {"detail": str(error)})
    return Status(
        201,
        {
            "id": update.pk,
            "action": action.code,
            "reported_on": update.reported_on,
            "status": update.status,
            "progress": update.progress,
            "note": update.note,
        },
    )
