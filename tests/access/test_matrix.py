"""Every page and API operation, tried by every persona: the expected status, and no foreign
data in what comes back. A route added without an expectation fails `test_every_route_...`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cybercap.access.services import token_create
from tests.world import (
    CONFIDENTIAL_A,
    DRAFT_TITLE_A,
    DRAFT_TITLE_B,
    NOTES_A,
    REQUEST_A,
    STRATEGY_TITLE_A,
    World,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin",
    "coord_a",
    "assessor_a",
    "reviewer_a",
    "analyst",
    "coord_b",
    "wg_a",
    "anonymous",
]
TEAM_A = {"admin", "coord_a", "assessor_a", "reviewer_a"}
OUTSIDERS_A = {"analyst", "coord_b", "wg_a", "anonymous"}
SECRETS_A = [DRAFT_TITLE_A, NOTES_A, CONFIDENTIAL_A]


@dataclass
class Case:
    """How to call a route and what each persona gets."""

    method: str
    args: Callable[[World], list[Any]]
    expect: dict[str, int]
    data: Callable[[World], dict[str, Any]] = lambda world: {}
    hidden: dict[str, list[str]] = field(default_factory=dict)


def statuses(default: int, **overrides: int) -> dict[str, int]:
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


def code_of(world: World) -> str:
    return world.draft_a.framework.indicators.order_by("order").first().code  # type: ignore[union-attr]


PUBLIC = statuses(200)
LOGIN = statuses(200, anonymous=302)
TEAM_ONLY = statuses(404, admin=200, coord_a=200, assessor_a=200, reviewer_a=200)
TEAM_ONLY_LOGIN = {**TEAM_ONLY, "anonymous": 302}
HIDE_A_FROM_OUTSIDERS = {persona: SECRETS_A for persona in OUTSIDERS_A}
PROGRAM = statuses(404, admin=200, coord_a=200, analyst=200, coord_b=200)
# Dominica's draft strategy: its coordinator, its working-group editor and the program.
STRATEGY_SEE = statuses(404, admin=200, coord_a=200, wg_a=200)
STRATEGY_EDIT = statuses(404, admin=200, coord_a=200, wg_a=200, anonymous=302)
STRATEGY_POST = statuses(404, admin=302, coord_a=302, wg_a=302, anonymous=302)
STRATEGY_GRANT = statuses(404, admin=302, coord_a=302, anonymous=302)
HIDE_STRATEGY_A = {persona: [STRATEGY_TITLE_A] for persona in ["analyst", "coord_b", "anonymous"]}


def strategy_of(world: World) -> list[Any]:
    return [world.strategy_a.pk]


def action_of(world: World) -> list[Any]:
    return [world.strategy_a.pk, world.action_a.pk]


PLAN_SEE = statuses(404, admin=200, analyst=200, coord_a=200, coord_b=200)
PLAN_EDIT = statuses(404, admin=200, analyst=200, anonymous=302)
PLAN_POST = statuses(404, admin=302, analyst=302, anonymous=302)
ADMIN_POST = statuses(404, admin=302, anonymous=302)

REGIONAL_PAGES: dict[str, Case] = {
    "regional:plans": Case("get", lambda w: [], LOGIN),
    "regional:plan-create": Case(
        "get", lambda w: [], PLAN_EDIT, lambda w: {"group": "caribbean-14"}
    ),
    "regional:plan-detail": Case("get", lambda w: [w.plan.pk], PLAN_SEE),
    "regional:plan-edit": Case("get", lambda w: [w.plan.pk], PLAN_EDIT),
    "regional:action-create": Case("get", lambda w: [w.plan.pk], PLAN_EDIT),
    "regional:action-edit": Case("get", lambda w: [w.plan.pk, w.step_a.action_id], PLAN_EDIT),
    "regional:step-edit": Case(
        "get",
        lambda w: [w.plan.pk, w.step_a.pk],
        statuses(404, admin=200, analyst=200, coord_a=200, anonymous=302),
    ),
    "regional:plan-country": Case("get", lambda w: [w.plan.pk, "DMA"], PLAN_SEE),
    "regional:standards-edit": Case("get", lambda w: [w.plan.pk], PLAN_EDIT),
    "regional:contact-save": Case("post", lambda w: [w.plan.pk], PLAN_POST),
    "program:follow-up-add": Case("post", lambda w: [w.mission_a.pk], ADMIN_POST),
    "program:follow-up-done": Case(
        "post", lambda w: [w.mission_a.pk, w.follow_up_a.pk], ADMIN_POST
    ),
    "program:offers": Case("get", lambda w: [], PROGRAM),
    "program:blueprint": Case("get", lambda w: [], PROGRAM, hidden={"coord_b": ["Dominica"]}),
    "program:requests": Case(
        "get", lambda w: [], {**PROGRAM, "anonymous": 302}, hidden={"coord_b": [REQUEST_A]}
    ),
    "program:request-decide": Case(
        "get", lambda w: [w.request_a.pk], statuses(404, admin=200, anonymous=302)
    ),
}

OWNER_ONLY = statuses(404, coord_a=200, anonymous=302)
EVERYONE_NEVER = {persona: [DRAFT_TITLE_A, CONFIDENTIAL_A, NOTES_A] for persona in PERSONAS}
REPORT_PAGES: dict[str, Case] = {
    "reports:list": Case("get", lambda w: [], LOGIN, hidden={"coord_b": [DRAFT_TITLE_A]}),
    "reports:create": Case(
        "post",
        lambda w: [],
        statuses(302),
        lambda w: {
            "kind": "assessment",
            "subject": w.draft_a.pk,
            "format": "pdf",
            "edition": "restricted",
        },
    ),
    "reports:job": Case("get", lambda w: [w.report_a.pk], OWNER_ONLY),
    "reports:retry": Case(
        "post", lambda w: [w.report_a.pk], statuses(404, coord_a=302, anonymous=302)
    ),
    "reports:download": Case("get", lambda w: [w.report_a.pk], OWNER_ONLY),
    "assessments:ratings-xlsx": Case("get", lambda w: [w.draft_a.pk], TEAM_ONLY),
    # Open data is what was published, the same for everyone, with nothing else in it.
    "open_data:index": Case("get", lambda w: [], PUBLIC, hidden=EVERYONE_NEVER),
    "open_data:schema": Case("get", lambda w: [], PUBLIC),
    "open_data:results": Case("get", lambda w: ["csv"], PUBLIC, hidden=EVERYONE_NEVER),
    "open_data:assessment": Case(
        "get", lambda w: [w.published_a.pk, "json"], PUBLIC, hidden=EVERYONE_NEVER
    ),
}

STRATEGY_PAGES: dict[str, Case] = {
    "strategies:list": Case("get", lambda w: [], LOGIN, hidden=HIDE_STRATEGY_A),
    "strategies:create": Case(
        "get",
        lambda w: [],
        statuses(404, admin=200, coord_a=200, anonymous=302),
        lambda w: {"country": "DMA"},
    ),
    "strategies:recommendations": Case("get", lambda w: [], PUBLIC),
    "strategies:detail": Case("get", strategy_of, STRATEGY_SEE),
    "strategies:edit": Case("get", strategy_of, STRATEGY_EDIT),
    "strategies:proposals": Case("get", strategy_of, STRATEGY_SEE),
    "strategies:proposals-generate": Case("post", strategy_of, STRATEGY_POST),
    "strategies:proposal-accept": Case(
        "get", lambda w: [w.strategy_a.pk, w.proposal_a.pk], STRATEGY_EDIT
    ),
    "strategies:proposal-decide": Case(
        "post",
        lambda w: [w.strategy_a.pk, w.proposal_a.pk],
        STRATEGY_POST,
        lambda w: {"decision": "drop"},
    ),
    "strategies:actions": Case("get", strategy_of, STRATEGY_SEE),
    "strategies:action-create": Case("get", strategy_of, STRATEGY_EDIT),
    "strategies:action-detail": Case("get", action_of, STRATEGY_SEE),
    "strategies:action-edit": Case("get", action_of, STRATEGY_EDIT),
    "strategies:action-progress": Case(
        "post",
        action_of,
        STRATEGY_POST,
        lambda w: {"reported_on": "2026-02-01", "status": "on_track", "progress": "10"},
    ),
    "strategies:action-delete": Case("post", action_of, STRATEGY_POST),
    "strategies:objective-create": Case("get", strategy_of, STRATEGY_EDIT),
    "strategies:objective-edit": Case(
        "get", lambda w: [w.strategy_a.pk, w.action_a.objective_id], STRATEGY_EDIT
    ),
    "strategies:timeline": Case("get", strategy_of, STRATEGY_SEE),
    "strategies:working-group": Case("get", strategy_of, STRATEGY_SEE),
    "strategies:member-add": Case("post", strategy_of, STRATEGY_POST),
    "strategies:member-remove": Case(
        "post",
        lambda w: [w.strategy_a.pk, w.strategy_a.members.create(name="M", organisation="O").pk],
        STRATEGY_POST,
    ),
    "strategies:meeting-add": Case("post", strategy_of, STRATEGY_POST),
    "strategies:editor-give": Case(
        "post", strategy_of, STRATEGY_GRANT, lambda w: {"username": "coord_b"}
    ),
    "strategies:editor-revoke": Case(
        "post",
        lambda w: [w.strategy_a.pk, w.users["wg_a"].memberships.get().pk],
        STRATEGY_GRANT,
    ),
    "strategies:export-xlsx": Case("get", strategy_of, STRATEGY_SEE),
    "strategies:export-docx": Case("get", strategy_of, STRATEGY_SEE),
    "strategies:progress-import": Case("get", strategy_of, STRATEGY_EDIT),
}

PAGES: dict[str, Case] = {
    "core:home": Case("get", lambda w: [], PUBLIC),
    "favicon": Case("get", lambda w: [], statuses(301)),
    "core:health": Case("get", lambda w: [], PUBLIC),
    "login": Case("get", lambda w: [], statuses(302, anonymous=200)),
    "logout": Case("post", lambda w: [], statuses(302)),
    "set_language": Case("post", lambda w: [], statuses(302), lambda w: {"language": "es"}),
    "frameworks:list": Case("get", lambda w: [], PUBLIC),
    "frameworks:detail": Case("get", lambda w: ["national-capacity", "2021.1"], PUBLIC),
    "frameworks:matrix": Case("get", lambda w: ["national-capacity", "2021.1"], PUBLIC),
    "places:country-list": Case("get", lambda w: [], PUBLIC),
    "places:country-detail": Case("get", lambda w: ["DMA"], PUBLIC, hidden=HIDE_A_FROM_OUTSIDERS),
    "places:group-list": Case("get", lambda w: [], PUBLIC),
    "places:group-detail": Case("get", lambda w: ["caribbean-14"], PUBLIC),
    "assessments:list": Case(
        "get",
        lambda w: [],
        PUBLIC,
        hidden={**HIDE_A_FROM_OUTSIDERS, "coord_a": [DRAFT_TITLE_B], "assessor_a": [DRAFT_TITLE_B]},
    ),
    "assessments:create": Case(
        "get", lambda w: [], statuses(404, admin=200, coord_a=200, coord_b=200, anonymous=302)
    ),
    "assessments:detail": Case("get", lambda w: [w.draft_a.pk], TEAM_ONLY),
    "assessments:edit": Case(
        "get",
        lambda w: [w.draft_a.pk],
        statuses(404, admin=200, coord_a=200, assessor_a=200, anonymous=302),
    ),
    "assessments:transition": Case(
        "post",
        lambda w: [w.draft_a.pk],
        {**TEAM_ONLY, **dict.fromkeys(TEAM_A, 302), "anonymous": 302},
        lambda w: {"to": ""},
    ),
    "assessments:team-add": Case(
        "post",
        lambda w: [w.draft_a.pk],
        statuses(404, admin=302, coord_a=302, assessor_a=302, anonymous=302),
    ),
    "assessments:team-remove": Case(
        "post",
        lambda w: [w.draft_a.pk, w.draft_a.team.get(role="reviewer").pk],
        statuses(404, admin=302, coord_a=302, assessor_a=302, anonymous=302),
    ),
    "assessments:consultations": Case("get", lambda w: [w.draft_a.pk], TEAM_ONLY),
    "assessments:consultation-create": Case("get", lambda w: [w.draft_a.pk], TEAM_ONLY_LOGIN),
    "assessments:consultation-edit": Case(
        "get", lambda w: [w.draft_a.pk, w.consultation_a.pk], TEAM_ONLY_LOGIN
    ),
    "assessments:evidence": Case(
        "get",
        lambda w: [w.published_a.pk],
        PUBLIC,
        hidden={
            persona: [CONFIDENTIAL_A] for persona in [*OUTSIDERS_A, "assessor_a", "reviewer_a"]
        },
    ),
    "assessments:evidence-create": Case("get", lambda w: [w.draft_a.pk], TEAM_ONLY_LOGIN),
    "assessments:evidence-file": Case(
        "get",
        lambda w: [w.published_a.pk, w.evidence_confidential_a.pk],
        statuses(404, admin=200, coord_a=200),
    ),
    "assessments:workspace": Case("get", lambda w: [w.draft_a.pk], TEAM_ONLY),
    "assessments:reconcile-agreed": Case(
        "post",
        lambda w: [w.draft_a.pk],
        statuses(404, admin=302, coord_a=302, assessor_a=302, reviewer_a=302, anonymous=302),
    ),
    "assessments:rating-row": Case("get", lambda w: [w.draft_a.pk, code_of(w)], TEAM_ONLY),
    "assessments:rating-edit": Case(
        "get", lambda w: [w.draft_a.pk, code_of(w)], statuses(404, assessor_a=200, anonymous=302)
    ),
    "assessments:results": Case("get", lambda w: [w.draft_a.pk], TEAM_ONLY),
    "access:audit": Case(
        "get",
        lambda w: [],
        statuses(404, admin=200, coord_a=200, coord_b=200, anonymous=302),
        hidden={"coord_b": [DRAFT_TITLE_A]},
    ),
    "access:tokens": Case("get", lambda w: [], LOGIN),
    "program:dashboard": Case("get", lambda w: [], PROGRAM),
    "program:missions": Case(
        "get", lambda w: [], PROGRAM, hidden={"coord_b": ["Mission to Dominica"]}
    ),
    "program:mission-create": Case("get", lambda w: [], statuses(404, admin=200, anonymous=302)),
    "program:mission-detail": Case(
        "get", lambda w: [w.mission_a.pk], statuses(404, admin=200, coord_a=200, analyst=200)
    ),
    "program:mission-edit": Case(
        "get", lambda w: [w.mission_a.pk], statuses(404, admin=200, anonymous=302)
    ),
    "program:csirts": Case("get", lambda w: [], PROGRAM),
    "program:csirt-edit": Case(
        "get", lambda w: ["DMA"], statuses(404, admin=200, coord_a=200, anonymous=302)
    ),
    "regional:comparison": Case(
        "get",
        lambda w: ["caribbean-14"],
        PUBLIC,
        hidden={persona: [DRAFT_TITLE_A, "2019 approved round"] for persona in ["anonymous"]},
    ),
    "regional:comparison-export": Case("get", lambda w: ["caribbean-14", "csv"], PUBLIC),
    "access:token-create": Case("post", lambda w: [], statuses(302), lambda w: {"name": "x"}),
    "access:two-factor-setup": Case("get", lambda w: [], LOGIN),
    "access:two-factor-verify": Case("get", lambda w: [], statuses(302)),
    "access:two-factor-recovery-codes": Case("post", lambda w: [], statuses(302)),
    "access:people": Case(
        "get", lambda w: ["DMA"], statuses(404, admin=200, coord_a=200, anonymous=302)
    ),
    "access:people-invite": Case(
        "post",
        lambda w: ["DMA"],
        statuses(404, admin=302, coord_a=302, anonymous=302),
        lambda w: {"email": "new.person@example.org", "role": "country_viewer"},
    ),
    "access:people-grant": Case(
        "post",
        lambda w: ["DMA"],
        statuses(404, admin=302, coord_a=302, anonymous=302),
        lambda w: {"username": "analyst", "role": "country_viewer"},
    ),
    "access:people-revoke": Case(
        "post",
        lambda w: ["DMA", w.users["coord_a"].memberships.get().pk],
        statuses(404, admin=302, coord_a=302, anonymous=302),
    ),
    "access:invitation": Case("get", lambda w: ["not-a-real-token"], statuses(404)),
    "access:token-revoke": Case(
        "post",
        lambda w: [w.users["admin"].api_tokens.first().pk],
        statuses(404, admin=302, anonymous=302),
    ),
    **STRATEGY_PAGES,
    **REGIONAL_PAGES,
    **REPORT_PAGES,
}


def route_names(patterns: list[Any] | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return {name for name in names if not name.startswith(("admin:", "api:"))}


def test_every_route_has_an_expectation():
    missing = route_names() - set(PAGES)
    assert not missing, f"routes without an access expectation: {sorted(missing)}"


def client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


@pytest.fixture
def with_files(world: World, settings, tmp_path) -> World:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    world.evidence_confidential_a.file.save("memo.txt", ContentFile(b"memo"), save=True)
    world.report_a.file.save("report.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    token_create(user=world.users["admin"], name="admin token")
    return world


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_persona_gets_what_the_rules_say(name, persona, with_files):
    world = with_files
    case = PAGES[name]
    url = reverse(name, args=case.args(world))
    client = client_for(world, persona)
    response = getattr(client, case.method)(url, case.data(world))
    assert response.status_code == case.expect[persona], (name, persona, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    for secret in case.hidden.get(persona, []):
        assert secret.encode() not in body, f"{name} shows {secret!r} to {persona}"


@dataclass
class ApiCase:
    path: Callable[[World], str]
    expect: dict[str, int]
    body: Callable[[World], dict[str, Any]] | None = None
    hidden: dict[str, list[str]] = field(default_factory=dict)


API_AUTH_FAIL = {"anonymous": 401}
API: dict[tuple[str, str], ApiCase] = {
    ("post", "/api/v1/auth/token"): ApiCase(
        lambda w: "/api/v1/auth/token", statuses(422), lambda w: {}
    ),
    ("get", "/api/v1/frameworks"): ApiCase(lambda w: "/api/v1/frameworks", PUBLIC),
    ("get", "/api/v1/frameworks/{slug}/versions/{version}"): ApiCase(
        lambda w: "/api/v1/frameworks/national-capacity/versions/2021.1", PUBLIC
    ),
    ("get", "/api/v1/countries"): ApiCase(lambda w: "/api/v1/countries", PUBLIC),
    ("get", "/api/v1/groups/{slug}"): ApiCase(lambda w: "/api/v1/groups/caricom", PUBLIC),
    ("get", "/api/v1/groups/{slug}/comparison"): ApiCase(
        lambda w: "/api/v1/groups/caribbean-14/comparison", PUBLIC
    ),
    ("get", "/api/v1/missions"): ApiCase(
        lambda w: "/api/v1/missions", PUBLIC, hidden={"coord_b": ["Mission to Dominica"]}
    ),
    ("post", "/api/v1/missions"): ApiCase(
        lambda w: "/api/v1/missions",
        statuses(403, admin=201, anonymous=401),
        lambda w: {
            "country": "JAM",
            "purpose": "training",
            "title": "Training",
            "start": "2026-01-05",
            "end": "2026-01-06",
        },
    ),
    ("get", "/api/v1/csirts"): ApiCase(lambda w: "/api/v1/csirts", PUBLIC),
    ("put", "/api/v1/csirts/{country}"): ApiCase(
        lambda w: "/api/v1/csirts/DMA",
        statuses(404, admin=200, coord_a=200, anonymous=401),
        lambda w: {"name": "DM-CSIRT", "status": "operational"},
    ),
    ("get", "/api/v1/regional-plans"): ApiCase(lambda w: "/api/v1/regional-plans", PUBLIC),
    ("get", "/api/v1/regional-plans/{plan_id}"): ApiCase(
        lambda w: f"/api/v1/regional-plans/{w.plan.pk}", PLAN_SEE
    ),
    ("post", "/api/v1/regional-plans/{plan_id}/actions"): ApiCase(
        lambda w: f"/api/v1/regional-plans/{w.plan.pk}/actions",
        statuses(404, admin=201, analyst=201, coord_a=403, coord_b=403, anonymous=401),
        lambda w: {
            "pillar": "Legal Environment",
            "title": "Model cybercrime bill",
            "lead_organisation": "Regional agency",
            "start": "2026-02-01",
            "end": "2026-12-31",
            "factors": ["D4.1"],
            "steps_for": ["DMA"],
        },
    ),
    ("patch", "/api/v1/regional-plans/{plan_id}/steps/{step_id}"): ApiCase(
        lambda w: f"/api/v1/regional-plans/{w.plan.pk}/steps/{w.step_a.pk}",
        statuses(404, admin=200, analyst=200, coord_a=200, coord_b=403, anonymous=401),
        lambda w: {"status": "on_track", "note": "Team recruited"},
    ),
    ("get", "/api/v1/assistance-offers"): ApiCase(lambda w: "/api/v1/assistance-offers", PUBLIC),
    ("post", "/api/v1/assistance-offers"): ApiCase(
        lambda w: "/api/v1/assistance-offers",
        statuses(403, admin=201, anonymous=401),
        lambda w: {"partner": "Cyber partner", "kind": "exercises", "factors": ["D1.2"]},
    ),
    ("patch", "/api/v1/assistance-requests/{request_id}"): ApiCase(
        lambda w: f"/api/v1/assistance-requests/{w.request_a.pk}",
        statuses(404, admin=200, coord_a=403, analyst=403, anonymous=401),
        lambda w: {"status": "committed", "offer_id": w.offer.pk},
    ),
    ("get", "/api/v1/assistance-requests"): ApiCase(
        lambda w: "/api/v1/assistance-requests", PUBLIC, hidden={"coord_b": [REQUEST_A]}
    ),
    ("post", "/api/v1/assistance-requests"): ApiCase(
        lambda w: "/api/v1/assistance-requests",
        statuses(403, admin=201, coord_a=201, anonymous=401),
        lambda w: {"country": "DMA", "factor": "D1.2", "kind": "csirt_setup"},
    ),
    ("get", "/api/v1/strategies"): ApiCase(
        lambda w: "/api/v1/strategies", PUBLIC, hidden=HIDE_STRATEGY_A
    ),
    ("post", "/api/v1/strategies"): ApiCase(
        lambda w: "/api/v1/strategies",
        statuses(403, admin=201, coord_a=201, anonymous=401),
        lambda w: {"country": "DMA", "title": "Second strategy"},
    ),
    ("get", "/api/v1/strategies/{strategy_id}"): ApiCase(
        lambda w: f"/api/v1/strategies/{w.strategy_a.pk}", STRATEGY_SEE
    ),
    ("patch", "/api/v1/strategies/{strategy_id}"): ApiCase(
        lambda w: f"/api/v1/strategies/{w.strategy_a.pk}",
        {**STRATEGY_SEE, "anonymous": 401},
        lambda w: {"phase": "stocktaking"},
    ),
    ("post", "/api/v1/strategies/{strategy_id}/objectives"): ApiCase(
        lambda w: f"/api/v1/strategies/{w.strategy_a.pk}/objectives",
        {**statuses(404, admin=201, coord_a=201, wg_a=201), "anonymous": 401},
        lambda w: {"title": "Protect critical infrastructure"},
    ),
    ("get", "/api/v1/strategies/{strategy_id}/actions"): ApiCase(
        lambda w: f"/api/v1/strategies/{w.strategy_a.pk}/actions", STRATEGY_SEE
    ),
    ("post", "/api/v1/strategies/{strategy_id}/actions"): ApiCase(
        lambda w: f"/api/v1/strategies/{w.strategy_a.pk}/actions",
        {**statuses(404, admin=201, coord_a=201, wg_a=201), "anonymous": 401},
        lambda w: {
            "objective": "SO1",
            "title": "Draft the strategy",
            "lead_agency": "Ministry of ICT",
            "start": "2026-02-01",
            "end": "2026-09-30",
        },
    ),
    ("get", "/api/v1/strategies/{strategy_id}/actions/{action_id}"): ApiCase(
        lambda w: f"/api/v1/strategies/{w.strategy_a.pk}/actions/{w.action_a.pk}", STRATEGY_SEE
    ),
    ("put", "/api/v1/strategies/{strategy_id}/actions/{action_id}"): ApiCase(
        lambda w: f"/api/v1/strategies/{w.strategy_a.pk}/actions/{w.action_a.pk}",
        {**STRATEGY_SEE, "anonymous": 401},
        lambda w: {
            "objective": "SO1",
            "title": "Set up the council",
            "lead_agency": "Ministry of ICT",
            "start": "2026-01-01",
            "end": "2026-12-31",
        },
    ),
    ("get", "/api/v1/strategies/{strategy_id}/actions/{action_id}/progress"): ApiCase(
        lambda w: f"/api/v1/strategies/{w.strategy_a.pk}/actions/{w.action_a.pk}/progress",
        STRATEGY_SEE,
    ),
    ("post", "/api/v1/strategies/{strategy_id}/actions/{action_id}/progress"): ApiCase(
        lambda w: f"/api/v1/strategies/{w.strategy_a.pk}/actions/{w.action_a.pk}/progress",
        {**statuses(404, admin=201, coord_a=201, wg_a=201), "anonymous": 401},
        lambda w: {"reported_on": "2026-02-01", "status": "on_track", "progress": 10},
    ),
    ("get", "/api/v1/assessments"): ApiCase(
        lambda w: "/api/v1/assessments",
        PUBLIC,
        hidden={**HIDE_A_FROM_OUTSIDERS, "coord_a": [DRAFT_TITLE_B]},
    ),
    ("post", "/api/v1/assessments"): ApiCase(
        lambda w: "/api/v1/assessments",
        statuses(403, admin=201, coord_a=201, anonymous=401),
        lambda w: {
            "country": "DMA",
            "title": "New",
            "round_label": "2026",
            "framework": {"slug": "national-capacity", "version": "2021.1"},
        },
    ),
    ("get", "/api/v1/assessments/{pk}"): ApiCase(
        lambda w: f"/api/v1/assessments/{w.draft_a.pk}", TEAM_ONLY
    ),
    ("put", "/api/v1/assessments/{pk}/ratings/{code}"): ApiCase(
        lambda w: f"/api/v1/assessments/{w.draft_a.pk}/ratings/{code_of(w)}",
        statuses(404, admin=403, coord_a=403, assessor_a=200, reviewer_a=403, anonymous=401),
        lambda w: {"value": "met", "expected_version": 0},
    ),
    ("post", "/api/v1/assessments/{pk}/transitions"): ApiCase(
        lambda w: f"/api/v1/assessments/{w.draft_a.pk}/transitions",
        statuses(404, admin=200, coord_a=200, assessor_a=200, reviewer_a=403, anonymous=401),
        lambda w: {"to": "in_review"},
    ),
    ("get", "/api/v1/assessments/{pk}/results"): ApiCase(
        lambda w: f"/api/v1/assessments/{w.draft_a.pk}/results", TEAM_ONLY
    ),
    ("get", "/api/v1/assessments/{pk}/diff/{other_id}"): ApiCase(
        lambda w: f"/api/v1/assessments/{w.draft_a.pk}/diff/{w.published_a.pk}", TEAM_ONLY
    ),
}


def test_every_api_operation_has_an_expectation(client, reference):
    document = client.get("/api/v1/openapi.json").json()
    operations = {(method, path) for path, item in document["paths"].items() for method in item}
    assert operations - set(API) == set(), "API operations without an access expectation"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(API), ids=lambda op: f"{op[0]} {op[1]}")
def test_each_persona_gets_what_the_rules_say_from_the_api(operation, persona, world):
    case = API[operation]
    headers = {}
    if persona != "anonymous":
        _token, raw = token_create(user=world.users[persona], name="matrix")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    client = Client()
    method = operation[0]
    kwargs: dict[str, Any] = {"content_type": "application/json"} if case.body else {}
    data = json.dumps(case.body(world)) if case.body else None
    response = (
        getattr(client, method)(case.path(world), data, **kwargs, **headers)
        if data is not None
        else getattr(client, method)(case.path(world), **headers)
    )
    assert response.status_code == case.expect[persona], (operation, persona, response.content)
    for secret in case.hidden.get(persona, []):
        assert secret.encode() not in response.content
    if response.status_code == 404:
        assert response.json() == {"detail": "Not Found"}


def test_opening_one_assessment_agrees_with_the_list_scope_for_everyone(world: World):
    """The pages load one assessment with `assessment_visible` (a row, then the rules); lists
    use the `assessments_visible` queryset. Both must draw the same line for every person."""
    from django.contrib.auth.models import AnonymousUser

    from cybercap.access import scopes
    from cybercap.assessments.models import Assessment, Status

    Assessment.objects.create(
        country=world.draft_b.country,
        framework=world.draft_b.framework,
        title="Jamaica final round",
        round_label="2021",
        status=Status.APPROVED,
    )
    people = [*world.users.values(), AnonymousUser()]
    pks = [*Assessment.objects.values_list("pk", flat=True), 999_999]
    assert len(pks) >= 5
    for person in people:
        listed = set(scopes.assessments_visible(person).values_list("pk", flat=True))
        opened = {pk for pk in pks if scopes.assessment_visible(person, pk) is not None}
        assert opened == listed, person
