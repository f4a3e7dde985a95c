"""Seeded data for the benchmark.

Scale "1" is the demo: the 14 Caribbean states with two rounds each, strategies and the regional
plan. Scale "world" adds 194 countries with three rounds each on the reference model (the last
one being scored), evidence, consultations, a strategy of about 60 actions per country, and a
regional plan for a group of all 194; everything written with bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from typing import Any

SEED = 194
WORLD_GROUP = "bench-world"
ROUND_YEARS = (2015, 2019, 2023)
ACTIONS_PER_STRATEGY = 60


@dataclass
class Subjects:
    """What the measurements look at."""

    assessment_id: int  # being scored, with an assessor
    final_id: int  # approved or published
    country: str
    group: str
    strategy_id: int
    assessor: str
    admin: str


def generate(scale: str, say: Any = print) -> Subjects:
    from cybercap.core.demo import demo_seed

    started = time.perf_counter()
    demo_seed(say=lambda _message: None)
    if scale == "world":
        _world(say)
    subjects = _subjects(scale)
    say(f"data ready in {time.perf_counter() - started:.1f} s")
    return subjects


def _subjects(scale: str) -> Subjects:
    from cybercap.assessments.models import Assessment
    from cybercap.strategies.models import Strategy

    if scale == "world":
        country = "BEN" if Assessment.objects.filter(country_id="BEN").exists() else "DMA"
        scoring = Assessment.objects.filter(country_id=country, status="scoring").latest("pk")
        final = Assessment.objects.filter(country_id=country, status="published").latest("pk")
        strategy = Strategy.objects.filter(country_id=country).latest("pk")
        return Subjects(
            scoring.pk, final.pk, country, WORLD_GROUP, strategy.pk, "bench-assessor", "program"
        )
    scoring = Assessment.objects.get(country_id="DMA", status="scoring")
    final = Assessment.objects.filter(
        country_id="DMA", status="published", framework__slug="national-capacity"
    ).latest("pk")
    strategy = Strategy.objects.filter(country_id="DMA", actions__isnull=False).latest("pk")
    return Subjects(scoring.pk, final.pk, "DMA", "caribbean-14", strategy.pk, "assessor", "program")


def _world(say: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from cybercap.access.models import Membership, Role
    from cybercap.assessments.models import Assessment

    if Assessment.objects.filter(lead_organisation="Benchmark (generated)").exists():
        say("world data already present")
        return
    with transaction.atomic():
        countries = _world_group()
        user_model = get_user_model()
        assessor, _created = user_model.objects.get_or_create(username="bench-assessor")
        assessor.set_password("cybercap-demo")
        assessor.save()
        assessments = _assessments(countries, say)
        scoring = [a for a in assessments if a.status == "scoring"]
        Membership.objects.bulk_create(
            Membership(user=assessor, role=Role.ASSESSOR, assessment=a) for a in scoring
        )
        _ratings(assessments, assessor, say)
        _snapshots([a for a in assessments if a.status != "scoring"], say)
        _evidence(assessments, say)
        _strategies(countries, say)
        _regional(countries, say)


def _world_group() -> list[Any]:
    from cybercap.places.models import Country, Group, GroupMembership

    countries = list(Country.objects.order_by("code")[:194])
    group, _created = Group.objects.get_or_create(
        slug=WORLD_GROUP, defaults={"name": "Benchmark: 194 countries", "kind": "other"}
    )
    GroupMembership.objects.bulk_create(
        [GroupMembership(group=group, country=c) for c in countries], ignore_conflicts=True
    )
    return countries


def _assessments(countries: list[Any], say: Any) -> list[Any]:
    from cybercap.assessments.models import Assessment
    from cybercap.frameworks.models import Framework

    framework = Framework.objects.filter(slug="national-capacity").latest("pk")
    rows = []
    for country in countries:
        for index, year in enumerate(ROUND_YEARS):
            status = "published" if index < 2 else "scoring"
            rows.append(
                Assessment(
                    country=country,
                    framework=framework,
                    title=f"Capacity review of {country.name} {year} (generated)",
                    round_label=f"{year} round",
                    lead_organisation="Benchmark (generated)",
                    mission_start=dt.date(year, 3, 2),
                    mission_end=dt.date(year, 3, 6),
                    status=status,
                    summary="Generated for the benchmark.",
                )
            )
    created = Assessment.objects.bulk_create(rows, batch_size=500)
    say(f"assessments: {len(created)}")
    return list(
        Assessment.objects.filter(lead_organisation="Benchmark (generated)").select_related(
            "framework"
        )
    )


def _ratings(assessments: list[Any], rater: Any, say: Any) -> None:
    from cybercap.assessments.models import Rating
    from cybercap.frameworks.models import Indicator

    rng = random.Random(SEED)
    indicators = list(
        Indicator.objects.filter(framework=assessments[0].framework).only("id", "stage")
    )
    batch: list[Any] = []
    total = 0
    for assessment in assessments:
        level = rng.choice([2, 2, 3, 3, 4])
        scoring = assessment.status == "scoring"
        for indicator in indicators:
            met = (indicator.stage or 2) <= level or rng.random() < 0.15
            batch.append(
                Rating(
                    assessment=assessment,
                    indicator_id=indicator.pk,
                    kind="assessor" if scoring else "reconciled",
                    rater=rater,
                    value="met" if met else rng.choice(["not_met", "partial"]),
                    rationale="Generated.",
                )
            )
        if len(batch) >= 20000:
            Rating.objects.bulk_create(batch, batch_size=5000)
            total += len(batch)
            batch = []
    Rating.objects.bulk_create(batch, batch_size=5000)
    say(f"ratings: {total + len(batch)}")


def _snapshots(finals: list[Any], say: Any) -> None:
    from cybercap.assessments.models import ResultSnapshot
    from cybercap.assessments.queries import snapshot_build

    ResultSnapshot.objects.bulk_create(
        [ResultSnapshot(assessment=a, **snapshot_build(a)) for a in finals], batch_size=200
    )
    say(f"snapshots: {len(finals)}")


def _evidence(assessments: list[Any], say: Any) -> None:
    from cybercap.assessments.models import Consultation, Evidence

    consultations = []
    evidence = []
    for assessment in assessments:
        for cluster in ("government", "private_sector"):
            consultations.append(
                Consultation(
                    assessment=assessment,
                    cluster=cluster,
                    date=assessment.mission_start,
                    participants={"government": 6, "private_sector": 4},
                    notes="Generated.",
                )
            )
        for index in range(3):
            evidence.append(
                Evidence(
                    assessment=assessment,
                    source="document",
                    title=f"Document {index + 1}",
                    summary="Generated evidence.",
                    is_public=index == 0,
                )
            )
    Consultation.objects.bulk_create(consultations, batch_size=2000)
    Evidence.objects.bulk_create(evidence, batch_size=2000)
    say(f"consultations: {len(consultations)}, evidence: {len(evidence)}")


def _strategies(countries: list[Any], say: Any) -> None:
    from cybercap.strategies.models import Action, Milestone, Objective, Strategy

    rng = random.Random(SEED + 1)
    strategies = Strategy.objects.bulk_create(
        [
            Strategy(
                country=c,
                title=f"National Cyber Security Strategy of {c.name} (generated)",
                phase="implementation",
                adopted_on=dt.date(2021, 6, 1),
                adopting_body="Cabinet",
                period_start=dt.date(2021, 1, 1),
                period_end=dt.date(2027, 12, 31),
            )
            for c in countries
        ],
        batch_size=500,
    )
    strategies = list(Strategy.objects.filter(title__endswith="(generated)"))
    objectives = Objective.objects.bulk_create(
        [
            Objective(strategy=s, code=f"SO{i}", title=f"Objective {i}", order=i)
            for s in strategies
            for i in range(1, 6)
        ],
        batch_size=2000,
    )
    objectives = list(Objective.objects.filter(strategy__in=strategies))
    by_strategy: dict[int, list[Any]] = {}
    for objective in objectives:
        by_strategy.setdefault(objective.strategy_id, []).append(objective)
    actions = []
    statuses = ["not_started", "on_track", "on_track", "delayed", "done"]
    for strategy in strategies:
        for index in range(ACTIONS_PER_STRATEGY):
            objective = by_strategy[strategy.pk][index % 5]
            start = dt.date(2021 + index % 5, 1 + index % 12, 1)
            actions.append(
                Action(
                    strategy=strategy,
                    objective=objective,
                    code=f"{objective.order}.{index // 5 + 1}",
                    title=f"Generated action {index + 1}",
                    lead_agency=f"Agency {index % 7}",
                    start=start,
                    end=start + dt.timedelta(days=180 + 30 * (index % 10)),
                    status=rng.choice(statuses),
                    progress=rng.randint(0, 100),
                    budget=10000 * (index % 9 + 1),
                )
            )
    Action.objects.bulk_create(actions, batch_size=5000)
    saved = list(Action.objects.filter(strategy__in=strategies).only("id", "start"))
    Milestone.objects.bulk_create(
        [
            Milestone(action_id=a.pk, title="Half way", due=a.start + dt.timedelta(days=90))
            for a in saved
        ],
        batch_size=5000,
    )
    say(f"strategies: {len(strategies)} with {len(actions)} actions")


def _regional(countries: list[Any], say: Any) -> None:
    from cybercap.places.models import Group
    from cybercap.regional.models import NationalStep, Pillar, RegionalAction, RegionalPlan

    group = Group.objects.get(slug=WORLD_GROUP)
    plan = RegionalPlan.objects.create(
        group=group,
        title="Benchmark regional plan (generated)",
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2027, 12, 31),
    )
    pillars = Pillar.objects.bulk_create(
        [Pillar(plan=plan, name=f"Pillar {i}", order=i) for i in range(6)]
    )
    actions = RegionalAction.objects.bulk_create(
        [
            RegionalAction(
                plan=plan,
                pillar=pillars[i % 6],
                title=f"Regional action {i + 1}",
                lead_organisation="Regional agency",
                start=dt.date(2022 + i % 4, 1, 1),
                end=dt.date(2024 + i % 4, 12, 31),
                factor_codes=["D1.2"],
            )
            for i in range(12)
        ]
    )
    NationalStep.objects.bulk_create(
        [NationalStep(action=a, country=c, due=a.end) for a in actions for c in countries],
        batch_size=5000,
    )
    say(f"regional plan: {len(actions)} actions, {len(actions) * len(countries)} national steps")
