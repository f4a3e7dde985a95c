"""Writes for strategies: each checks the access rule and the business rules, runs in one
transaction and leaves an audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cybercap.access import rules
from cybercap.access.audit import audit_record, snapshot
from cybercap.access.models import Membership, Role
from cybercap.assessments.models import FINAL_STATUSES, Assessment
from cybercap.frameworks.models import Indicator
from cybercap.places.models import Country
from cybercap.strategies import queries
from cybercap.strategies.models import (
    Action,
    ActionStatus,
    Kpi,
    Meeting,
    Milestone,
    Objective,
    Phase,
    ProgressUpdate,
    Proposal,
    Recommendation,
    Strategy,
    WorkingGroupMember,
)

STRATEGY_FIELDS = [
    "title",
    "version",
    "phase",
    "baseline",
    "target_stage",
    "period_start",
    "period_end",
    "adopted_on",
    "adopting_body",
    "vision",
    "principles",
    "currency",
]
ACTION_FIELDS = [
    "objective",
    "code",
    "title",
    "description",
    "lead_agency",
    "partners",
    "start",
    "end",
    "priority",
    "budget",
    "funding_source",
    "status",
    "progress",
]
PHASE_ORDER = list(Phase.values)


class StrategyError(ValueError):
    """A strategy write that breaks a rule; the message says which."""


class StaleAction(StrategyError):
    """Someone else saved the action since it was read; `current` is what they saved."""

    def __init__(self, current: Action):
        self.current = current
        super().__init__(
            _("Someone else changed this action (now version %(version)s); reload and try again.")
            % {"version": current.version}
        )


@dataclass(frozen=True)
class MilestoneIn:
    title: str
    due: dt.date
    reached_on: dt.date | None = None


@dataclass(frozen=True)
class KpiIn:
    name: str
    target: Decimal
    unit: str = ""
    baseline: Decimal | None = None
    current: Decimal | None = None


def _require_edit(by: Any, strategy: Strategy) -> None:
    if not rules.can_edit_strategy(by, strategy):
        raise StrategyError(_("You cannot change this strategy."))


def _audit(by: Any, action: str, obj: Any, strategy: Strategy, **changes: Any) -> None:
    audit_record(actor=by, action=action, obj=obj, country=strategy.country, **changes)


def _touch(strategy: Strategy) -> None:
    Strategy.objects.filter(pk=strategy.pk).update(updated_at=timezone.now())


# Strategy ------------------------------------------------------------------------------------


def _check_strategy(strategy: Strategy) -> None:
    baseline = strategy.baseline
    if baseline is not None:
        if baseline.country_id != strategy.country_id:
            raise StrategyError(_("The baseline must be an assessment of the same country."))
        if baseline.framework.kind != "maturity":
            raise StrategyError(_("The baseline must be an assessment on a maturity model."))
        if baseline.status not in FINAL_STATUSES:
            raise StrategyError(_("The baseline must be an approved or published assessment."))
    if not 2 <= strategy.target_stage <= 5:
        raise StrategyError(_("The target stage must be between 2 and 5."))
    if (
        strategy.period_start
        and strategy.period_end
        and strategy.period_end < strategy.period_start
    ):
        raise StrategyError(_("The period cannot end before it starts."))
    if strategy.adopted_on and PHASE_ORDER.index(strategy.phase) < PHASE_ORDER.index(
        Phase.PRODUCTION
    ):
        raise StrategyError(
            _("A strategy is adopted at the end of production; move it to that phase first.")
        )
    if strategy.currency and not (len(strategy.currency) == 3 and strategy.currency.isalpha()):
        raise StrategyError(_("Give the currency as a three-letter code such as USD or XCD."))
    strategy.currency = strategy.currency.upper()


@transaction.atomic
def strategy_create(*, by: Any, country: Country, title: str, **fields: Any) -> Strategy:
    """Start a country's strategy."""
    if not rules.can_create_strategy(by, country):
        raise StrategyError(_("You cannot start a strategy for this country."))
    unknown = set(fields) - set(STRATEGY_FIELDS)
    if unknown:
        raise StrategyError(f"Unknown fields: {', '.join(sorted(unknown))}")
    strategy = Strategy(country=country, title=title, created_by=by, **fields)
    _check_strategy(strategy)
    strategy.save()
    _audit(by, "strategy.create", strategy, strategy, after=snapshot(strategy, STRATEGY_FIELDS))
    return strategy


@transaction.atomic
def strategy_update(*, by: Any, strategy: Strategy, **fields: Any) -> Strategy:
    """Change a strategy's details, phase or adoption."""
    _require_edit(by, strategy)
    unknown = set(fields) - set(STRATEGY_FIELDS)
    if unknown:
        raise StrategyError(f"Unknown fields: {', '.join(sorted(unknown))}")
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    before = snapshot(strategy, STRATEGY_FIELDS)
    for name, value in fields.items():
        setattr(strategy, name, value)
    _check_strategy(strategy)
    strategy.updated_at = timezone.now()
    strategy.save()
    _audit(
        by,
        "strategy.update",
        strategy,
        strategy,
        before=before,
        after=snapshot(strategy, STRATEGY_FIELDS),
    )
    return strategy


@transaction.atomic
def editor_give(*, by: Any, strategy: Strategy, user: Any) -> Membership:
    """Let a working-group member with an account edit this strategy."""
    if not rules.can_grant_strategy_access(by, strategy):
        raise StrategyError(_("You cannot give access to this strategy."))
    membership, _created = Membership.objects.get_or_create(
        user=user, role=Role.WORKING_GROUP_MEMBER, strategy=strategy
    )
    rules.forget_grants(user)
    _audit(by, "membership.grant", membership, strategy, after={"user": user.username})
    return membership


@transaction.atomic
def editor_revoke(*, by: Any, membership: Membership) -> None:
    strategy = membership.strategy
    if strategy is None or not rules.can_grant_strategy_access(by, strategy):
        raise StrategyError(_("You cannot change access to this strategy."))
    _audit(by, "membership.revoke", membership, strategy, before={"user": membership.user.username})
    membership.delete()
    rules.forget_grants(membership.user)


# Working group -------------------------------------------------------------------------------


@transaction.atomic
def member_save(
    *, by: Any, strategy: Strategy, member: WorkingGroupMember | None = None, **fields: Any
) -> WorkingGroupMember:
    _require_edit(by, strategy)
    names = ["name", "organisation", "sector", "role", "email"]
    item = member or WorkingGroupMember(strategy=strategy)
    before = snapshot(item, names) if member else {}
    for name, value in fields.items():
        if name not in names:
            raise StrategyError(f"Unknown field: {name}")
        setattr(item, name, value)
    item.save()
    _audit(by, "strategy.member", item, strategy, before=before, after=snapshot(item, names))
    return item


@transaction.atomic
def member_remove(*, by: Any, member: WorkingGroupMember) -> None:
    _require_edit(by, member.strategy)
    _audit(by, "strategy.member.remove", member, member.strategy, before={"name": member.name})
    member.delete()


@transaction.atomic
def meeting_save(
    *, by: Any, strategy: Strategy, meeting: Meeting | None = None, **fields: Any
) -> Meeting:
    _require_edit(by, strategy)
    names = ["held_on", "title", "attendance", "decisions"]
    item = meeting or Meeting(strategy=strategy)
    before = snapshot(item, names) if meeting else {}
    for name, value in fields.items():
        if name not in names:
            raise StrategyError(f"Unknown field: {name}")
        setattr(item, name, value)
    item.save()
    _audit(by, "strategy.meeting", item, strategy, before=before, after=snapshot(item, names))
    return item


# Objectives and actions ----------------------------------------------------------------------


@transaction.atomic
def objective_save(
    *,
    by: Any,
    strategy: Strategy,
    objective: Objective | None = None,
    title: str,
    code: str = "",
    description: str = "",
) -> Objective:
    """Add or change a strategic objective; a blank code becomes the next "SO<n>"."""
    _require_edit(by, strategy)
    item = objective or Objective(strategy=strategy)
    before = snapshot(item, ["code", "title", "description"]) if objective else {}
    if objective is None:
        item.order = (strategy.objectives.aggregate(m=Max("order"))["m"] or 0) + 1
    code = code.strip() or item.code or f"SO{item.order}"
    clash = strategy.objectives.filter(code=code).exclude(pk=item.pk).exists()
    if clash:
        raise StrategyError(_("Another objective already has the code %(code)s.") % {"code": code})
    item.code, item.title, item.description = code, title.strip(), description
    if not item.title:
        raise StrategyError(_("An objective needs a title."))
    item.save()
    _audit(
        by,
        "strategy.objective",
        item,
        strategy,
        before=before,
        after=snapshot(item, ["code", "title", "description"]),
    )
    return item


def _next_action_code(strategy: Strategy, objective: Objective) -> str:
    prefix = objective.code.removeprefix("SO") or objective.code
    taken = set(strategy.actions.values_list("code", flat=True))
    number = objective.actions.count() + 1
    while f"{prefix}.{number}" in taken:
        number += 1
    return f"{prefix}.{number}"


def _check_action(action: Action, strategy: Strategy) -> None:
    if action.objective.strategy_id != strategy.pk:
        raise StrategyError(_("The objective belongs to another strategy."))
    if not action.title.strip():
        raise StrategyError(_("An action needs a title."))
    if not action.lead_agency.strip():
        raise StrategyError(_("Name the lead agency."))
    if action.start is None or action.end is None:
        raise StrategyError(_("Give the start and end dates."))
    if action.end < action.start:
        raise StrategyError(_("The action cannot end before it starts."))
    if action.status not in ActionStatus.values:
        raise StrategyError(_("Unknown action status."))
    if not 0 <= action.progress <= 100:
        raise StrategyError(_("Progress is a percentage between 0 and 100."))
    if action.budget is not None and action.budget < 0:
        raise StrategyError(_("The budget cannot be negative."))
    if action.status == ActionStatus.DONE:
        action.progress = 100
    clash = strategy.actions.filter(code=action.code).exclude(pk=action.pk).exists()
    if clash:
        raise StrategyError(
            _("Another action already has the code %(code)s.") % {"code": action.code}
        )


def _check_dependencies(action: Action, depends_on: Sequence[Action]) -> None:
    """Dependencies stay inside the strategy and never loop back to the action."""
    for other in depends_on:
        if other.strategy_id != action.strategy_id:
            raise StrategyError(_("An action can only depend on actions of the same strategy."))
        if other.pk == action.pk:
            raise StrategyError(_("An action cannot depend on itself."))
    edges: dict[int, set[int]] = {}
    links = Action.depends_on.through.objects.filter(from_action__strategy_id=action.strategy_id)
    for source, target in links.values_list("from_action_id", "to_action_id"):
        edges.setdefault(source, set()).add(target)
    edges[action.pk] = {other.pk for other in depends_on}
    seen: set[int] = set()
    stack = list(edges[action.pk])
    while stack:
        current = stack.pop()
        if current == action.pk:
            raise StrategyError(
                _("These dependencies would make a loop: an action would wait for itself.")
            )
        if current not in seen:
            seen.add(current)
            stack.extend(edges.get(current, ()))


@transaction.atomic
def action_save(
    *,
    by: Any,
    strategy: Strategy,
    action: Action | None = None,
    expected_version: int | None = None,
    indicators: Iterable[Indicator] | None = None,
    depends_on: Sequence[Action] | None = None,
    milestones: Sequence[MilestoneIn] | None = None,
    kpis: Sequence[KpiIn] | None = None,
    recommendation: Recommendation | None = None,
    **fields: Any,
) -> Action:
    """Add or change an action. Lists given (indicators, dependencies, milestones, KPIs)
    replace the current ones; lists left out stay as they are."""
    _require_edit(by, strategy)
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise StrategyError(f"Unknown fields: {', '.join(sorted(unknown))}")
    if action is not None:
        action = Action.objects.select_for_update().select_related("objective").get(pk=action.pk)
        if action.strategy_id != strategy.pk:
            raise StrategyError(_("The action belongs to another strategy."))
        if expected_version is not None and expected_version != action.version:
            raise StaleAction(action)
    item = action or Action(strategy=strategy, recommendation=recommendation)
    before = snapshot(item, ACTION_FIELDS) if action else {}
    for name, value in fields.items():
        setattr(item, name, value)
    if not item.code:
        item.code = _next_action_code(strategy, item.objective)
    _check_action(item, strategy)
    item.version = (item.version or 0) + 1 if action else 1
    item.updated_at = timezone.now()
    item.save()
    if indicators is not None:
        item.indicators.set(list(indicators))
    if depends_on is not None:
        _check_dependencies(item, depends_on)
        item.depends_on.set(list(depends_on))
    if milestones is not None:
        item.milestones.all().delete()
        Milestone.objects.bulk_create(
            Milestone(action=item, title=m.title, due=m.due, reached_on=m.reached_on)
            for m in milestones
        )
    if kpis is not None:
        item.kpis.all().delete()
        Kpi.objects.bulk_create(
            Kpi(
                action=item,
                name=k.name,
                unit=k.unit,
                baseline=k.baseline,
                target=k.target,
                current=k.current,
            )
            for k in kpis
        )
    _touch(strategy)
    _audit(
        by,
        "strategy.action.save",
        item,
        strategy,
        before=before,
        after=snapshot(item, ACTION_FIELDS),
    )
    return item


@transaction.atomic
def action_delete(*, by: Any, action: Action) -> None:
    _require_edit(by, action.strategy)
    _audit(by, "strategy.action.delete", action, action.strategy, before={"code": action.code})
    Proposal.objects.filter(action=action).update(
        action=None, decision=Proposal.Decision.PENDING, decided_by=None, decided_at=None
    )
    action.delete()


@transaction.atomic
def progress_report(
    *,
    by: Any,
    action: Action,
    reported_on: dt.date,
    status: str,
    progress: int,
    note: str = "",
) -> ProgressUpdate:
    """Record a progress update; the action takes the status and progress of its newest one."""
    strategy = action.strategy
    _require_edit(by, strategy)
    if status not in ActionStatus.values:
        raise StrategyError(_("Unknown action status."))
    if not 0 <= progress <= 100:
        raise StrategyError(_("Progress is a percentage between 0 and 100."))
    if reported_on > timezone.localdate():
        raise StrategyError(_("A progress update cannot be dated in the future."))
    if status == ActionStatus.DONE:
        progress = 100
    update = ProgressUpdate.objects.create(
        action=action, reported_on=reported_on, status=status, progress=progress, note=note, by=by
    )
    newest = action.updates.order_by("-reported_on", "-created_at", "-pk").first()
    if newest is not None and newest.pk == update.pk:
        locked = Action.objects.select_for_update().get(pk=action.pk)
        before = snapshot(locked, ["status", "progress"])
        locked.status, locked.progress = status, progress
        locked.version += 1
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "progress", "version", "updated_at"])
        _audit(
            by,
            "strategy.action.progress",
            locked,
            strategy,
            before=before,
            after=snapshot(locked, ["status", "progress"]),
        )
    else:
        _audit(
            by,
            "strategy.action.progress",
            action,
            strategy,
            after={"late report": str(reported_on)},
        )
    _touch(strategy)
    return update


# Proposals from the baseline's gaps -----------------------------------------------------------


@transaction.atomic
def proposals_generate(*, by: Any, strategy: Strategy) -> int:
    """Propose the library's recommendations for each factor of the baseline below the target
    stage (the ones that reach its next stage). Existing proposals are kept as decided; returns
    how many new proposals were added. Nothing joins the action plan until a person accepts."""
    _require_edit(by, strategy)
    baseline = strategy.baseline
    if baseline is None:
        raise StrategyError(_("Choose the baseline assessment first."))
    gaps = queries.baseline_gaps(strategy)
    if gaps is None:
        raise StrategyError(_("The baseline assessment has no approved results yet."))
    library = queries.recommendations_by_factor(baseline.framework.slug)
    if not library:
        raise StrategyError(
            _(
                "The recommendation library has no actions for %(framework)s yet; load some "
                "with “cybercap load-recommendations”."
            )
            % {"framework": baseline.framework.title}
        )
    taken = set(strategy.proposals.values_list("recommendation_id", flat=True))
    created = 0
    for gap in gaps:
        choices = library.get(gap.factor_code, {})
        reachable = sorted(stage for stage in choices if stage > gap.stage)
        if not reachable:
            continue
        for recommendation in choices[reachable[0]]:
            if recommendation.pk in taken:
                continue
            proposal = Proposal.objects.create(
                strategy=strategy,
                recommendation=recommendation,
                factor_code=gap.factor_code,
                factor_title=gap.factor_title,
                current_stage=gap.stage,
            )
            proposal.indicators.set(gap.unmet_ids)
            created += 1
    _audit(by, "strategy.proposals", strategy, strategy, after={"proposed": created})
    return created


def _decide(by: Any, proposal: Proposal, decision: str, action: Action | None) -> Proposal:
    proposal.decision = decision
    proposal.action = action
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["decision", "action", "decided_by", "decided_at"])
    _audit(
        by,
        f"strategy.proposal.{decision}",
        proposal,
        proposal.strategy,
        after={"recommendation": proposal.recommendation.code, "action": action and action.code},
    )
    return proposal


def _require_pending(proposal: Proposal) -> None:
    if proposal.decision != Proposal.Decision.PENDING:
        raise StrategyError(_("This proposal has already been decided."))


@transaction.atomic
def proposal_accept(*, by: Any, proposal: Proposal, **fields: Any) -> Action:
    """Turn a proposal into an action of the plan, with the fields the working group edited."""
    proposal = Proposal.objects.select_for_update().select_related("strategy").get(pk=proposal.pk)
    _require_pending(proposal)
    action = action_save(
        by=by,
        strategy=proposal.strategy,
        indicators=proposal.indicators.all(),
        recommendation=proposal.recommendation,
        **fields,
    )
    _decide(by, proposal, Proposal.Decision.ACCEPTED, action)
    return action


@transaction.atomic
def proposal_merge(*, by: Any, proposal: Proposal, action: Action) -> Action:
    """Fold a proposal into an existing action: the action also addresses its gaps."""
    proposal = Proposal.objects.select_for_update().select_related("strategy").get(pk=proposal.pk)
    _require_pending(proposal)
    _require_edit(by, proposal.strategy)
    if action.strategy_id != proposal.strategy_id:
        raise StrategyError(_("The action belongs to another strategy."))
    action.indicators.add(*proposal.indicators.all())
    _decide(by, proposal, Proposal.Decision.MERGED, action)
    return action


@transaction.atomic
def proposal_drop(*, by: Any, proposal: Proposal) -> Proposal:
    _require_edit(by, proposal.strategy)
    _require_pending(proposal)
    return _decide(by, proposal, Proposal.Decision.DROPPED, None)


@transaction.atomic
def proposal_reopen(*, by: Any, proposal: Proposal) -> Proposal:
    """Put a dropped proposal back on the table."""
    _require_edit(by, proposal.strategy)
    if proposal.decision != Proposal.Decision.DROPPED:
        raise StrategyError(_("Only dropped proposals can be reopened."))
    return _decide(by, proposal, Proposal.Decision.PENDING, None)


def baseline_choices(by: Any, country: Country) -> list[Assessment]:
    """Approved or published maturity assessments of the country that the person may see
    (stages are what gaps and proposals are measured in), newest first."""
    from cybercap.access.scopes import final_assessments_visible

    return list(
        final_assessments_visible(by)
        .filter(country=country, snapshot__isnull=False, framework__kind="maturity")
        .select_related("framework")
        .order_by("-mission_start", "-created_at")
    )
