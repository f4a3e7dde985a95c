"""Demo strategies: Dominica's strategy drafted from the gaps of its published baseline, with a
working group, meetings, an action plan on a timeline and progress reports; and adopted
strategies of a few other states, so program figures count them.

Dates are set around the day the demo is seeded, so the timeline's "today" falls inside the
plan and some actions are under way, some done and one delayed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cybercap.assessments.models import FINAL_STATUSES, Assessment
from cybercap.places.models import Country
from cybercap.strategies import services
from cybercap.strategies.models import ActionStatus, Phase, Proposal, Strategy

DEMO_TAG = "(demo)"
OBJECTIVES = [
    ("SO1", "Govern cyber security as a national priority"),
    ("SO2", "Build a culture of trust and safe use of online services"),
    ("SO3", "Grow cyber security skills and awareness"),
    ("SO4", "Fight cybercrime under modern law"),
    ("SO5", "Make networks and services resilient"),
]
MEMBERS = [
    ("Chair of the working group", "Ministry responsible for ICT", "government", "chair"),
    ("Secretariat lead", "National ICT unit", "government", "secretariat"),
    ("Police cybercrime focal point", "Police force", "law_enforcement", "member"),
    ("Senior prosecutor", "Office of the Director of Public Prosecutions", "justice", "member"),
    ("Regulator representative", "Telecommunications regulator", "government", "member"),
    ("Network operations manager", "Electricity utility", "critical_infrastructure", "member"),
    ("Security officer", "National bank", "private_sector", "member"),
    ("Head of IT", "Telecom operator", "private_sector", "member"),
    ("Lecturer in computing", "State college", "academia", "member"),
    ("Youth programme coordinator", "National youth council", "civil_society", "member"),
    ("Defence force liaison", "Defence force", "defence", "member"),
]
AGENCIES = {
    "D1": "Ministry responsible for ICT",
    "D2": "National ICT unit",
    "D3": "Ministry of Education",
    "D4": "Attorney General's Chambers",
    "D5": "Telecommunications regulator",
}
ADOPTED = [("JAM", "2015-03-10", "Cabinet"), ("TTO", "2012-12-14", "Cabinet")]
ACCEPT_PER_OBJECTIVE = 3
SECRETARIAT_USER = "secretariat"


def demo_strategies_create(say: Any = print) -> int:
    """Create the demo strategies once; returns how many were created."""
    if Strategy.objects.filter(title__endswith=DEMO_TAG).exists():
        return 0
    with transaction.atomic():
        count = _create()
    say(f"Demo strategies: {count}, Dominica's drafted from its baseline gaps")
    return count


def _month(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, 1)


def _create() -> int:
    program = get_user_model().objects.get(username="program")
    dominica = Country.objects.get(pk="DMA")
    baseline = (
        Assessment.objects.filter(
            country=dominica, status__in=FINAL_STATUSES, framework__slug="national-capacity"
        )
        .order_by("-mission_start")
        .first()
    )
    today = timezone.localdate()
    start = dt.date(today.year - 1, 1, 1)
    strategy = services.strategy_create(
        by=program,
        country=dominica,
        title=f"National Cyber Security Strategy {DEMO_TAG}",
        version="1.0",
        phase=Phase.IMPLEMENTATION,
        baseline=baseline,
        target_stage=3,
        period_start=start,
        period_end=dt.date(start.year + 4, 12, 31),
        adopted_on=start - dt.timedelta(days=40),
        adopting_body="Cabinet",
        vision="A safe, trusted and resilient cyberspace that supports Dominica's "
        "development and the well-being of its people.",
        principles="Shared responsibility of government, business and citizens\n"
        "Respect for human rights and privacy online\n"
        "Risk-based choices within the means of a small island state\n"
        "Regional and international cooperation",
        currency="XCD",
    )
    _working_group(program, strategy, start)
    objectives = {
        code: services.objective_save(by=program, strategy=strategy, code=code, title=title)
        for code, title in OBJECTIVES
    }
    if baseline is not None:
        _plan_from_gaps(program, strategy, objectives, start, today)
    secretariat = get_user_model().objects.filter(username=SECRETARIAT_USER).first()
    if secretariat is not None:
        services.editor_give(by=program, strategy=strategy, user=secretariat)
    count = 1
    for code, adopted, body in ADOPTED:
        country = Country.objects.get(pk=code)
        services.strategy_create(
            by=program,
            country=country,
            title=f"National Cyber Security Strategy {DEMO_TAG}",
            phase=Phase.IMPLEMENTATION,
            adopted_on=dt.date.fromisoformat(adopted),
            adopting_body=body,
        )
        count += 1
    return count


def _working_group(by: Any, strategy: Strategy, start: dt.date) -> None:
    for name, organisation, sector, role in MEMBERS:
        services.member_save(
            by=by,
            strategy=strategy,
            name=f"{name} {DEMO_TAG}",
            organisation=organisation,
            sector=sector,
            role=role,
        )
    meetings = [
        (-300, "Inaugural meeting", 14, "Terms of reference agreed; secretariat set up."),
        (-200, "Gaps of the 2014 baseline", 12, "Proposals reviewed factor by factor."),
        (-90, "Draft strategy for consultation", 15, "Draft sent to Cabinet for adoption."),
        (120, "First implementation review", 11, "Two delayed actions escalated."),
    ]
    for offset, title, attendance, decisions in meetings:
        services.meeting_save(
            by=by,
            strategy=strategy,
            held_on=start + dt.timedelta(days=offset),
            title=title,
            attendance=attendance,
            decisions=decisions,
        )


def _plan_from_gaps(
    by: Any, strategy: Strategy, objectives: dict[str, Any], start: dt.date, today: dt.date
) -> None:
    """Accept a few proposals per objective, merge one, drop one, leave the rest to decide."""
    services.proposals_generate(by=by, strategy=strategy)
    proposals = list(
        strategy.proposals.select_related("recommendation").order_by(
            "factor_code", "recommendation__code"
        )
    )
    taken: dict[str, int] = {}
    seen_factors: set[str] = set()
    accepted = []
    for proposal in proposals:
        dimension = proposal.factor_code.split(".")[0]
        objective = objectives[f"SO{dimension[1:]}"]
        if proposal.factor_code in seen_factors or taken.get(dimension, 0) >= ACCEPT_PER_OBJECTIVE:
            continue
        seen_factors.add(proposal.factor_code)
        number = taken.get(dimension, 0)
        taken[dimension] = number + 1
        begin = _month(start, 2 + 4 * number + int(dimension[1:]))
        months = max(4, min(proposal.recommendation.months, 24))
        action = services.proposal_accept(
            by=by,
            proposal=proposal,
            objective=objective,
            title=proposal.recommendation.title,
            description=proposal.recommendation.action,
            lead_agency=AGENCIES[dimension],
            start=begin,
            end=_month(begin, months) - dt.timedelta(days=1),
            priority="high" if proposal.current_stage <= 1 else "medium",
            budget=Decimal(
                {"low": 40000, "medium": 150000, "high": 600000}.get(
                    proposal.recommendation.cost, 1500000
                )
            ),
        )
        accepted.append(action)
    pending = list(strategy.proposals.filter(decision=Proposal.Decision.PENDING))
    if accepted and len(pending) > 2:
        services.proposal_merge(by=by, proposal=pending[0], action=accepted[0])
        services.proposal_drop(by=by, proposal=pending[1])
    _progress(by, accepted, today)


def _progress(by: Any, actions: list[Any], today: dt.date) -> None:
    """Report progress on actions that have started; the plan gets KPIs and milestones."""
    for index, action in enumerate(actions):
        if index % 3 == 0:
            services.action_save(
                by=by,
                strategy=action.strategy,
                action=action,
                milestones=[
                    services.MilestoneIn("Terms of reference agreed", _month(action.start, 1)),
                    services.MilestoneIn("Delivered", action.end),
                ],
                kpis=[
                    services.KpiIn(
                        "Agencies taking part",
                        Decimal(12),
                        "agencies",
                        Decimal(0),
                        Decimal(4 + index),
                    )
                ],
            )
        if action.start > today:
            continue
        elapsed = (today - action.start).days / max(1, (action.end - action.start).days)
        if action.end < today:
            status, progress = ActionStatus.DONE, 100
        elif index % 4 == 1:
            status, progress = ActionStatus.DELAYED, max(5, int(elapsed * 50))
        else:
            status, progress = ActionStatus.ON_TRACK, min(95, max(5, int(elapsed * 100)))
        halfway = action.start + (min(today, action.end) - action.start) / 2
        services.progress_report(
            by=by,
            action=action,
            reported_on=halfway,
            status=ActionStatus.ON_TRACK,
            progress=max(0, progress // 2),
            note="Work started with the lead agency.",
        )
        services.progress_report(
            by=by,
            action=action,
            reported_on=min(today, action.end),
            status=status,
            progress=progress,
            note="Reported at the working group's review."
            if status != ActionStatus.DELAYED
            else "Waiting for funding to be released.",
        )
