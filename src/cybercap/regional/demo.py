"""Demo regional plan of the 14 Caribbean framework states: pillars, governance, minimum
standards, regional actions with a national step for every state; partners' assistance offers,
countries' requests and mission follow-ups for the collaboration blueprint.

Dates sit around the day the demo is seeded so the timeline's "today" falls inside the plan.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cybercap.frameworks.models import Node
from cybercap.places.models import Group
from cybercap.program import services as program_services
from cybercap.program.models import Mission, Partner
from cybercap.regional import services
from cybercap.regional.models import RegionalPlan
from cybercap.strategies.models import ActionStatus

SEED = 2012
TITLE = "Caribbean Cyber Security Action Plan (demo)"
ACTIONS = [
    # pillar, title, lead, start month offset, months, factors
    (
        "Public Awareness",
        "Regional awareness month with a shared toolkit",
        "Regional agency",
        0,
        12,
        ["D3.1", "D2.1"],
    ),
    (
        "Public Awareness",
        "Child online protection campaign in schools",
        "Telecommunications union",
        6,
        18,
        ["D2.3", "D3.1"],
    ),
    (
        "Building Sustainable Capacity",
        "Train-the-trainer programme for cyber investigators",
        "Regional crime and security agency",
        2,
        24,
        ["D4.3"],
    ),
    (
        "Building Sustainable Capacity",
        "Cyber security modules in tertiary curricula",
        "University capacity centre",
        4,
        30,
        ["D3.2", "D3.3"],
    ),
    (
        "Technical Standards and Infrastructure",
        "Baseline security controls for government networks",
        "Regional agency",
        3,
        18,
        ["D5.1", "D5.2"],
    ),
    (
        "Technical Standards and Infrastructure",
        "Internet exchange point resilience review",
        "Telecommunications union",
        9,
        12,
        ["D5.4"],
    ),
    (
        "Legal Environment",
        "Harmonise cybercrime law with the Budapest Convention",
        "Council of Europe cybercrime office",
        0,
        30,
        ["D4.1", "D4.4"],
    ),
    (
        "Legal Environment",
        "Data protection law in every state",
        "Regional agency",
        12,
        24,
        ["D4.2"],
    ),
    (
        "Regional and International Cooperation",
        "24/7 points of contact for cybercrime cooperation",
        "Regional crime and security agency",
        1,
        9,
        ["D4.4"],
    ),
    ("Incident Response", "A national CSIRT in every state", "Regional agency", 0, 36, ["D1.2"]),
    ("Incident Response", "Regional cyber exercise", "Regional agency", 15, 3, ["D1.2", "D1.3"]),
]
STANDARDS = {
    "short": {"D1.1": 3, "D1.2": 3, "D4.1": 3, "D3.1": 2, "D5.4": 2},
    "medium": {"D1.3": 3, "D4.3": 3, "D2.4": 3},
}
OFFERS = [
    ("Regional cyber security program (demo)", "csirt_setup", ["D1.2", "D1.3"], "en, es", 4),
    (
        "Regional cyber security program (demo)",
        "technical_advice",
        ["D1.1", "D5.1", "D5.2"],
        "en, es, fr",
        3,
    ),
    (
        "Council of Europe cybercrime office (demo)",
        "legislative_drafting",
        ["D4.1", "D4.4"],
        "en, fr",
        5,
    ),
    ("University capacity centre (demo)", "training", ["D3.2", "D3.3", "D3.4"], "en", 2),
    ("Telecommunications union (demo)", "exercises", ["D1.2", "D5.4"], "en, fr, es", 6),
    ("Regional crime and security agency (demo)", "training", ["D4.3"], "en", 4),
]


def _month(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, 1)


def demo_regional_create(say: Any = print) -> int:
    """Create the demo regional plan and blueprint records once; returns the actions created."""
    if RegionalPlan.objects.filter(title=TITLE).exists():
        return 0
    with transaction.atomic():
        count = _create()
    say(f"Demo regional plan: {count} regional actions with national steps for 14 states")
    return count


def _create() -> int:
    rng = random.Random(SEED)
    program = get_user_model().objects.get(username="program")
    group = Group.objects.get(slug="caribbean-14")
    members = list(group.members.order_by("code"))
    today = timezone.localdate()
    start = dt.date(today.year - 1, 1, 1)
    plan = services.plan_create(
        by=program,
        group=group,
        title=TITLE,
        period_start=start,
        period_end=dt.date(start.year + 4, 12, 31),
        committee="Regional Cyber Committee (demo)",
        governance="The Regional Cyber Committee steers the plan and meets twice a year; each "
        "member state names a National Cyber Point of Contact who reports on its national "
        "steps before each meeting.",
    )
    for country in members:
        services.contact_save(
            by=program,
            plan=plan,
            country=country,
            name=f"National Cyber Point of Contact of {country.name} (demo)",
            organisation="Ministry responsible for ICT",
        )
    for term, targets in STANDARDS.items():
        services.standards_set(by=program, plan=plan, term=term, targets=targets)
    pillars = {p.name: p for p in plan.pillars.all()}
    for pillar, title, lead, offset, months, factors in ACTIONS:
        begin = _month(start, offset)
        end = _month(begin, months) - dt.timedelta(days=1)
        status = (
            ActionStatus.DONE
            if end < today
            else ActionStatus.NOT_STARTED
            if begin > today
            else ActionStatus.ON_TRACK
        )
        action = services.action_save(
            by=program,
            plan=plan,
            pillar=pillars[pillar],
            title=title,
            lead_organisation=f"{lead} (demo)",
            start=begin,
            end=end,
            factor_codes=factors,
            status=status,
            steps_for=members,
        )
        for step in action.steps.select_related("country", "action__plan"):
            due = end - dt.timedelta(days=rng.randint(0, max(1, months * 10)))
            due = max(due, begin)
            if due < today:
                state = rng.choices(
                    [ActionStatus.DONE, ActionStatus.DELAYED, ActionStatus.ON_TRACK],
                    weights=[6, 3, 1],
                )[0]
            elif begin <= today:
                state = rng.choice([ActionStatus.ON_TRACK, ActionStatus.NOT_STARTED])
            else:
                state = ActionStatus.NOT_STARTED
            services.step_update(
                by=program,
                step=step,
                due=due,
                status=state,
                responsible_agency="National ICT unit"
                if "CSIRT" not in title
                else "National CSIRT",
                note="Waiting for budget approval." if state == ActionStatus.DELAYED else "",
            )
    _blueprint(program, members, rng, today)
    return len(ACTIONS)


def _blueprint(program: Any, members: list[Any], rng: random.Random, today: dt.date) -> None:
    known = set(
        Node.objects.filter(framework__slug="national-capacity", depth=1).values_list(
            "code", flat=True
        )
    )
    offers = []
    for partner_name, kind, factors, languages, capacity in OFFERS:
        partner = Partner.objects.filter(name=partner_name).first()
        if partner is None:
            continue
        offers.append(
            program_services.offer_save(
                by=program,
                partner=partner,
                kind=kind,
                factor_codes=factors,
                known_factors=known,
                languages=languages,
                capacity=capacity,
            )
        )
    asks = [
        ("D1.2", "csirt_setup"),
        ("D4.1", "legislative_drafting"),
        ("D2.4", "technical_advice"),
        ("D4.3", "training"),
        ("D5.5", "technical_advice"),
    ]
    for country in members[::2]:
        factor, kind = rng.choice(asks)
        request = program_services.request_save(
            by=program,
            country=country,
            factor_code=factor,
            kind=kind,
            known_factors=known,
            description="Requested at the regional committee meeting (demo).",
        )
        covering = [o for o in offers if factor in o.factor_codes]
        if covering and rng.random() < 0.6:
            program_services.request_decide(
                by=program,
                item=request,
                status=rng.choice(["committed", "delivered"]),
                offer=covering[0],
            )
    for mission in Mission.objects.filter(purpose="needs_assessment").select_related("country")[:6]:
        for offset, what, owner in [
            (
                30,
                "Share the draft assessment report with the national coordinator",
                "Assessment team",
            ),
            (
                90,
                "Set up the national cyber security working group",
                "Ministry responsible for ICT",
            ),
            (180, "Follow-up visit on the cybercrime bill", "Council of Europe cybercrime office"),
        ]:
            item = program_services.follow_up_add(
                by=program,
                mission=mission,
                what=what,
                owner=owner,
                due=mission.end + dt.timedelta(days=offset),
            )
            if item.due < today and rng.random() < 0.7:
                program_services.follow_up_done(
                    by=program, item=item, done_on=item.due - dt.timedelta(days=5)
                )
