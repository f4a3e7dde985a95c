"""Writes for regional action plans: each checks the access rule, runs in one transaction and
leaves an audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cybercap.access import rules
from cybercap.access.audit import audit_record, snapshot
from cybercap.places.models import Country, Group
from cybercap.regional.models import (
    DEFAULT_PILLARS,
    MinimumStandard,
    NationalStep,
    Pillar,
    PointOfContact,
    RegionalAction,
    RegionalPlan,
)
from cybercap.strategies.models import ActionStatus

ACTION_FIELDS = [
    "pillar",
    "title",
    "description",
    "lead_organisation",
    "start",
    "end",
    "factor_codes",
    "status",
]
STEP_FIELDS = ["due", "responsible_agency", "status", "note"]


class RegionalError(ValueError):
    """A regional write that breaks a rule; the message says which."""


def _require_edit(by: Any, plan: RegionalPlan) -> None:
    if not rules.can_edit_regional_plan(by, plan):
        raise RegionalError(_("You cannot change this regional plan."))


@transaction.atomic
def plan_create(
    *,
    by: Any,
    group: Group,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    committee: str = "",
    governance: str = "",
    pillars: Sequence[str] = DEFAULT_PILLARS,
) -> RegionalPlan:
    """Start a group's regional plan, with the default pillars unless others are given."""
    if not rules.can_create_regional_plan(by, group):
        raise RegionalError(_("You cannot start a regional plan for this group."))
    if period_end < period_start:
        raise RegionalError(_("The period cannot end before it starts."))
    plan = RegionalPlan.objects.create(
        group=group,
        title=title,
        period_start=period_start,
        period_end=period_end,
        committee=committee,
        governance=governance,
    )
    pillars_set(by=by, plan=plan, names=pillars)
    audit_record(actor=by, action="regional.plan.create", obj=plan, after={"title": title})
    return plan


@transaction.atomic
def plan_update(*, by: Any, plan: RegionalPlan, **fields: Any) -> RegionalPlan:
    _require_edit(by, plan)
    names = ["title", "period_start", "period_end", "committee", "governance"]
    before = snapshot(plan, names)
    for name, value in fields.items():
        if name not in names:
            raise RegionalError(f"Unknown field: {name}")
        setattr(plan, name, value)
    if plan.period_end < plan.period_start:
        raise RegionalError(_("The period cannot end before it starts."))
    plan.save()
    audit_record(
        actor=by,
        action="regional.plan.update",
        obj=plan,
        before=before,
        after=snapshot(plan, names),
    )
    return plan


@transaction.atomic
def pillars_set(*, by: Any, plan: RegionalPlan, names: Sequence[str]) -> list[Pillar]:
    """Rename, reorder, add and remove pillars; a pillar that still has actions stays."""
    _require_edit(by, plan)
    wanted = [name.strip() for name in names if name.strip()]
    if not wanted:
        raise RegionalError(_("A plan needs at least one pillar."))
    if len(set(wanted)) != len(wanted):
        raise RegionalError(_("Two pillars have the same name."))
    current = {p.name: p for p in plan.pillars.all()}
    kept = []
    for order, name in enumerate(wanted):
        pillar = current.pop(name, None) or Pillar(plan=plan, name=name)
        pillar.order = order
        pillar.save()
        kept.append(pillar)
    for leftover in current.values():
        if leftover.actions.exists():
            raise RegionalError(
                _("The pillar “%(name)s” still has actions; move them first.")
                % {"name": leftover.name}
            )
        leftover.delete()
    audit_record(actor=by, action="regional.pillars", obj=plan, after={"pillars": wanted})
    return kept


@transaction.atomic
def contact_save(
    *,
    by: Any,
    plan: RegionalPlan,
    country: Country,
    name: str,
    organisation: str = "",
    email: str = "",
) -> PointOfContact:
    _require_edit(by, plan)
    if not plan.group.members.filter(pk=country.pk).exists():
        raise RegionalError(_("%(country)s is not a member of the group.") % {"country": country})
    contact, _created = PointOfContact.objects.update_or_create(
        plan=plan,
        country=country,
        defaults={"name": name, "organisation": organisation, "email": email},
    )
    audit_record(
        actor=by, action="regional.contact", obj=contact, country=country, after={"name": name}
    )
    return contact


@transaction.atomic
def standards_set(
    *, by: Any, plan: RegionalPlan, term: str, targets: Mapping[str, int | None]
) -> int:
    """Set the minimum stage per factor for a term; a factor without a target is left out."""
    _require_edit(by, plan)
    if term not in MinimumStandard.Term.values:
        raise RegionalError(_("Unknown term."))
    plan.standards.filter(term=term).delete()
    rows = [
        MinimumStandard(plan=plan, factor_code=code, target_stage=stage, term=term)
        for code, stage in targets.items()
        if stage
    ]
    for row in rows:
        if not 2 <= row.target_stage <= 5:
            raise RegionalError(_("Target stages run from 2 to 5."))
    MinimumStandard.objects.bulk_create(rows)
    audit_record(
        actor=by,
        action="regional.standards",
        obj=plan,
        after={"term": term, "targets": {r.factor_code: r.target_stage for r in rows}},
    )
    return len(rows)


@transaction.atomic
def action_save(
    *,
    by: Any,
    plan: RegionalPlan,
    action: RegionalAction | None = None,
    steps_for: Iterable[Country] = (),
    step_due: dt.date | None = None,
    **fields: Any,
) -> RegionalAction:
    """Add or change a regional action; `steps_for` adds a national step for each country given
    that has none yet (due by `step_due`, or the action's end)."""
    _require_edit(by, plan)
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise RegionalError(f"Unknown fields: {', '.join(sorted(unknown))}")
    item = action or RegionalAction(plan=plan)
    before = snapshot(item, ACTION_FIELDS) if action else {}
    for name, value in fields.items():
        setattr(item, name, value)
    if item.pillar.plan_id != plan.pk:
        raise RegionalError(_("The pillar belongs to another plan."))
    if item.end < item.start:
        raise RegionalError(_("The action cannot end before it starts."))
    if item.status not in ActionStatus.values:
        raise RegionalError(_("Unknown action status."))
    item.save()
    members = set(plan.group.members.values_list("pk", flat=True))
    existing = set(item.steps.values_list("country_id", flat=True))
    new_steps = []
    for country in steps_for:
        if country.pk not in members:
            raise RegionalError(
                _("%(country)s is not a member of the group.") % {"country": country}
            )
        if country.pk not in existing:
            new_steps.append(NationalStep(action=item, country=country, due=step_due or item.end))
    NationalStep.objects.bulk_create(new_steps)
    audit_record(
        actor=by,
        action="regional.action.save",
        obj=item,
        before=before,
        after={**snapshot(item, ACTION_FIELDS), "steps added": len(new_steps)},
    )
    return item


@transaction.atomic
def step_update(*, by: Any, step: NationalStep, **fields: Any) -> NationalStep:
    """A member state reports on its step (or the plan's editors correct it)."""
    if not rules.can_update_step(by, step):
        raise RegionalError(_("You cannot change this national step."))
    step = NationalStep.objects.select_for_update().select_related("action__plan").get(pk=step.pk)
    before = snapshot(step, STEP_FIELDS)
    for name, value in fields.items():
        if name not in STEP_FIELDS:
            raise RegionalError(f"Unknown field: {name}")
        setattr(step, name, value)
    if step.status not in ActionStatus.values:
        raise RegionalError(_("Unknown action status."))
    step.updated_at = timezone.now()
    step.save()
    audit_record(
        actor=by,
        action="regional.step.update",
        obj=step,
        country=step.country,
        before=before,
        after=snapshot(step, STEP_FIELDS),
    )
    return step
