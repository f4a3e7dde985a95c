"""A small world for access and workflow tests: two countries, drafts and published rounds,
every persona. The `world` fixture is registered in tests/conftest.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from cybercap.access.models import Role
from cybercap.access.services import membership_grant
from cybercap.assessments import queries as assessment_queries
from cybercap.assessments import services
from cybercap.assessments.models import (
    Assessment,
    Consultation,
    Evidence,
    Rating,
    ResultSnapshot,
    Status,
)
from cybercap.frameworks.models import Framework
from cybercap.places.models import Country, Group
from cybercap.program.models import Mission
from tests.conftest import PASSWORD

# Markers that must never appear in a page or response of someone outside their scope.
DRAFT_TITLE_A = "Alpha draft review DMA-7731"
NOTES_A = "SECRET-NOTES-DMA-4410"
CONFIDENTIAL_A = "Confidential memo DMA-9902"
DRAFT_TITLE_B = "Bravo draft review JAM-5521"
STRATEGY_TITLE_A = "Alpha strategy draft DMA-3318"
REQUEST_A = "Needs prosecutors trained DMA-7120"


@dataclass
class World:
    users: dict[str, Any]
    draft_a: Assessment
    published_a: Assessment
    approved_a: Assessment
    draft_b: Assessment
    evidence_public_a: Evidence
    evidence_confidential_a: Evidence
    consultation_a: Consultation
    mission_a: Any
    strategy_a: Any = None
    action_a: Any = None
    proposal_a: Any = None
    plan: Any = None
    step_a: Any = None
    step_b: Any = None
    offer: Any = None
    request_a: Any = None
    follow_up_a: Any = None
    report_a: Any = None


def _user(name: str) -> Any:
    return get_user_model().objects.create_user(
        username=name, password=PASSWORD, first_name=name.title()
    )


def _assessment(country: Country, framework: Framework, title: str, status: str) -> Assessment:
    return Assessment.objects.create(
        country=country,
        framework=framework,
        title=title,
        round_label=title.split()[0],
        status=status,
        mission_start=dt.date(2024, 3, 4),
    )


@pytest.fixture
def world(reference) -> World:  # type: ignore[no-untyped-def]
    dma, jam = Country.objects.get(code="DMA"), Country.objects.get(code="JAM")
    framework = Framework.objects.get(slug="national-capacity")
    users = {
        name: _user(name)
        for name in ["admin", "coord_a", "assessor_a", "reviewer_a", "analyst", "coord_b", "wg_a"]
    }
    membership_grant(user=users["admin"], role=Role.PROGRAM_ADMIN)
    membership_grant(user=users["coord_a"], role=Role.NATIONAL_COORDINATOR, country=dma)
    membership_grant(user=users["coord_b"], role=Role.NATIONAL_COORDINATOR, country=jam)
    membership_grant(
        user=users["analyst"],
        role=Role.REGIONAL_ANALYST,
        group=Group.objects.get(slug="caribbean-14"),
    )
    draft_a = services.assessment_create(
        by=users["coord_a"],
        country=dma,
        framework=framework,
        title=DRAFT_TITLE_A,
        round_label="2024 follow-up",
        team=[
            (users["assessor_a"], "assessor"),
            (users["assessor_a"], "lead_assessor"),
            (users["reviewer_a"], "reviewer"),
        ],
    )
    Assessment.objects.filter(pk=draft_a.pk).update(status=Status.SCORING)
    draft_a.refresh_from_db()
    published_a = _assessment(dma, framework, "2014 baseline published", Status.PUBLISHED)
    approved_a = _assessment(dma, framework, "2019 approved round", Status.APPROVED)
    draft_b = _assessment(jam, framework, DRAFT_TITLE_B, Status.COLLECTING)
    consultation = Consultation.objects.create(
        assessment=draft_a, cluster="government", date=dt.date(2024, 3, 4), notes=NOTES_A
    )
    public = Evidence.objects.create(
        assessment=published_a, source="document", title="Public strategy document", is_public=True
    )
    confidential = Evidence.objects.create(
        assessment=published_a, source="interview", title=CONFIDENTIAL_A, is_public=False
    )
    mission = Mission.objects.create(
        country=dma,
        purpose="needs_assessment",
        title="Mission to Dominica",
        start=dt.date(2024, 3, 4),
        end=dt.date(2024, 3, 8),
    )
    strategy, action, proposal = _strategy(users, published_a)
    regional = _regional(users, mission)
    world = World(
        users,
        draft_a,
        published_a,
        approved_a,
        draft_b,
        public,
        confidential,
        consultation,
        mission,
        strategy,
        action,
        proposal,
    )
    world.plan, world.step_a, world.step_b, world.offer, world.request_a, world.follow_up_a = (
        regional
    )
    world.report_a = _report(users["coord_a"], draft_a)
    return world


def _report(owner: Any, assessment: Assessment) -> Any:
    """A finished restricted report of Dominica's draft, asked for by its coordinator."""
    from django.core.files.base import ContentFile

    from cybercap.reports.models import ReportJob

    job = ReportJob(
        kind="assessment",
        format="pdf",
        edition="restricted",
        subject=str(assessment.pk),
        title=DRAFT_TITLE_A,
        requested_by=owner,
        status="done",
        filename="report.pdf",
    )
    job.file.save("report.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return job


def _regional(users: dict[str, Any], mission: Any) -> tuple[Any, ...]:
    """The Caribbean plan with one action and steps for Dominica and Jamaica; an offer, a
    request of Dominica's and a follow-up on the mission."""
    from cybercap.program import services as program_services
    from cybercap.program.models import Partner
    from cybercap.regional import services as regional_services

    group = Group.objects.get(slug="caribbean-14")
    dma, jam = Country.objects.get(code="DMA"), Country.objects.get(code="JAM")
    plan = regional_services.plan_create(
        by=users["admin"],
        group=group,
        title="Caribbean cyber action plan",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2030, 12, 31),
    )
    action = regional_services.action_save(
        by=users["admin"],
        plan=plan,
        pillar=plan.pillars.get(name="Incident Response"),
        title="National CSIRTs in every state",
        lead_organisation="Regional agency",
        start=dt.date(2026, 1, 1),
        end=dt.date(2027, 12, 31),
        factor_codes=["D1.2"],
        steps_for=[dma, jam],
    )
    partner = Partner.objects.create(name="Cyber partner", kind="international")
    known = {"D1.2", "D4.3"}
    offer = program_services.offer_save(
        by=users["admin"],
        partner=partner,
        kind="training",
        factor_codes=["D4.3"],
        known_factors=known,
    )
    request = program_services.request_save(
        by=users["admin"],
        country=dma,
        factor_code="D4.3",
        kind="training",
        known_factors=known,
        description=REQUEST_A,
    )
    follow_up = program_services.follow_up_add(
        by=users["admin"],
        mission=mission,
        what="Send the draft law",
        owner="Ministry",
        due=dt.date(2024, 4, 30),
    )
    return (
        plan,
        action.steps.get(country=dma),
        action.steps.get(country=jam),
        offer,
        request,
        follow_up,
    )


def _strategy(users: dict[str, Any], baseline: Assessment) -> tuple[Any, Any, Any]:
    """Dominica's draft strategy with one objective, one action and one pending proposal;
    `wg_a` is a working-group member with edit access to it and no other role."""
    from cybercap.strategies import services as strategy_services
    from cybercap.strategies.models import Proposal, Recommendation

    strategy = strategy_services.strategy_create(
        by=users["admin"], country=baseline.country, title=STRATEGY_TITLE_A, baseline=baseline
    )
    objective = strategy_services.objective_save(
        by=users["admin"], strategy=strategy, title="Govern cyber security"
    )
    action = strategy_services.action_save(
        by=users["admin"],
        strategy=strategy,
        objective=objective,
        title="Set up a national cyber security council",
        lead_agency="Ministry of ICT",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    recommendation, _created = Recommendation.objects.get_or_create(
        framework_slug="national-capacity",
        code="WORLD-1",
        defaults={
            "factor_code": "D1.1",
            "stage": 2,
            "title": "Name a lead authority",
            "action": "Name it.",
            "rationale": "Someone must lead.",
            "lead_type": "ministry",
            "months": 6,
            "cost": "low",
        },
    )
    proposal = Proposal.objects.create(
        strategy=strategy,
        recommendation=recommendation,
        factor_code="D1.1",
        factor_title="National Cybersecurity Strategy",
        current_stage=1,
    )
    strategy_services.editor_give(by=users["admin"], strategy=strategy, user=users["wg_a"])
    return strategy, action, proposal


def rated(assessment: Assessment, rater, value: str, count: int = 311) -> Assessment:  # type: ignore[no-untyped-def]
    """Give the first `count` indicators a reconciled value and store the snapshot."""
    indicators = assessment.framework.indicators.order_by("order")[:count]
    Rating.objects.bulk_create(
        [
            Rating(assessment=assessment, indicator=i, kind="reconciled", rater=rater, value=value)
            for i in indicators
        ]
    )
    ResultSnapshot.objects.update_or_create(
        assessment=assessment, defaults=assessment_queries.snapshot_build(assessment)
    )
    return assessment
