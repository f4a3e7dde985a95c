"""A baseline with known gaps and a small recommendation library, for strategy tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from cybercap.assessments.models import Assessment, Rating, ResultSnapshot
from cybercap.assessments.queries import snapshot_build
from cybercap.strategies.library import library_load_text
from cybercap.strategies.models import Recommendation, Strategy
from tests.world import World

LIBRARY = """\
format: cybercap-recommendations/1
framework: national-capacity
title: Test library
recommendations:
  - code: T-D1.1-2a
    factor: D1.1
    stage: 2
    title: Name a lead authority
    action: Name one.
    rationale: Someone must lead.
    lead: ministry
    months: 6
    cost: low
  - code: T-D1.1-3a
    factor: D1.1
    stage: 3
    title: Adopt the strategy formally
    action: Take it to Cabinet.
    rationale: Adoption gives it weight.
    lead: ministry
    months: 12
    cost: medium
  - code: T-D1.1-3b
    factor: D1.1
    stage: 3
    title: Fund the strategy's action plan
    action: Put it in the budget.
    rationale: Unfunded plans stall.
    lead: ministry
    months: 12
    cost: high
  - code: T-D1.2-2a
    factor: D1.2
    stage: 2
    title: Set up a national CSIRT
    action: Start a team.
    rationale: Incidents need a home.
    lead: csirt
    months: 18
    cost: high
  - code: T-D5.6-4a
    factor: D5.6
    stage: 4
    title: Run a national bug bounty
    action: Pay finders.
    rationale: Finders need a reason to report.
    lead: csirt
    months: 12
    cost: medium
"""


@dataclass
class Plan:
    world: World
    strategy: Strategy
    baseline: Assessment
    by: Any


def rate_baseline(assessment: Assessment, rater: Any) -> None:
    """D1.1: every indicator of stage 2 met, the rest not met (D1.1 at stage 2); every other
    indicator not met (stage 1 everywhere else)."""
    indicators = list(assessment.framework.indicators.select_related("node__parent"))
    ratings = []
    for indicator in indicators:
        factor = indicator.node.parent.code if indicator.node.depth == 2 else indicator.node.code
        met = factor == "D1.1" and indicator.stage == 2
        ratings.append(
            Rating(
                assessment=assessment,
                indicator=indicator,
                kind="reconciled",
                rater=rater,
                value="met" if met else "not_met",
            )
        )
    Rating.objects.bulk_create(ratings)
    ResultSnapshot.objects.update_or_create(
        assessment=assessment, defaults=snapshot_build(assessment)
    )


@pytest.fixture
def plan(world: World) -> Plan:
    Recommendation.objects.exclude(code="WORLD-1").delete()  # the world's proposal keeps its own
    library_load_text(LIBRARY, filename="test.yaml", source="test.yaml")
    baseline = world.published_a
    Assessment.objects.filter(pk=baseline.pk).update(mission_start=dt.date(2014, 4, 7))
    baseline.refresh_from_db()
    rate_baseline(baseline, world.users["reviewer_a"])
    strategy = world.strategy_a
    return Plan(world, strategy, baseline, world.users["coord_a"])
