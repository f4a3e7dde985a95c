"""Regional action plans: pillars, actions with national steps, standards from approved results
only, who may update a step, the timeline, the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cybercap.access.services import token_create
from cybercap.places.models import Country
from cybercap.regional import plan_queries, services
from cybercap.regional.models import DEFAULT_PILLARS
from tests.world import World, rated

pytestmark = pytest.mark.django_db


def test_a_new_plan_has_the_default_pillars_which_stay_editable(world: World):
    plan = world.plan
    assert [p.name for p in plan.pillars.all()] == DEFAULT_PILLARS
    assert DEFAULT_PILLARS[-1] == "Incident Response" and len(DEFAULT_PILLARS) == 6
    admin = world.users["admin"]
    with pytest.raises(services.RegionalError, match="still has actions"):
        services.pillars_set(by=admin, plan=plan, names=["Public Awareness"])
    services.pillars_set(by=admin, plan=plan, names=["Incident Response", "Research"])
    assert [p.name for p in plan.pillars.all()] == ["Incident Response", "Research"]


def test_steps_are_added_for_members_only_and_once(world: World):
    action = world.step_a.action
    admin = world.users["admin"]
    members = list(world.plan.group.members.all())
    services.action_save(by=admin, plan=world.plan, action=action, steps_for=members)
    assert action.steps.count() == len(members) == 14
    with pytest.raises(services.RegionalError, match="not a member"):
        services.action_save(
            by=admin, plan=world.plan, action=action, steps_for=[Country.objects.get(pk="FRA")]
        )


def test_a_coordinator_updates_their_own_step_only(world: World):
    coord_a = world.users["coord_a"]
    step = services.step_update(by=coord_a, step=world.step_a, status="on_track", note="Recruiting")
    assert (step.status, step.note) == ("on_track", "Recruiting")
    with pytest.raises(services.RegionalError):
        services.step_update(by=coord_a, step=world.step_b, status="done")
    with pytest.raises(services.RegionalError):
        services.action_save(by=coord_a, plan=world.plan, action=world.step_a.action, title="x")


def test_standards_count_only_approved_or_published_results(world: World):
    admin = world.users["admin"]
    services.standards_set(by=admin, plan=world.plan, term="short", targets={"D1.2": 2})
    reviewer = world.users["reviewer_a"]
    world.draft_b.__class__.objects.filter(pk=world.published_a.pk).update(
        mission_start=dt.date(2014, 4, 7)
    )
    world.draft_b.__class__.objects.filter(pk=world.approved_a.pk).update(
        mission_start=dt.date(2019, 5, 2)
    )
    rated(world.approved_a, reviewer, "met")  # Dominica: everything met
    rated(world.draft_b, reviewer, "met")  # Jamaica's draft: must not count
    from cybercap.access.scopes import final_assessments_visible

    view = plan_queries.standards_view(world.plan, final_assessments_visible(admin))
    row = view.rows[0]
    assert row.meets["DMA"] is True
    assert row.meets["JAM"] is None  # no approved result: nothing to compare
    assert row.count == 1


def test_the_plan_page_shows_the_timeline_and_steps_with_fixed_queries(client, world: World):
    client.force_login(world.users["analyst"])
    url = reverse("regional:plan-detail", args=[world.plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert "<svg" in response.text and "National CSIRTs in every state" in response.text
    admin = world.users["admin"]
    pillar = world.plan.pillars.get(name="Legal Environment")
    for index in range(5):
        services.action_save(
            by=admin,
            plan=world.plan,
            pillar=pillar,
            title=f"Law {index}",
            lead_organisation="Agency",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            steps_for=world.plan.group.members.all(),
        )
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_the_country_view_lists_its_steps_with_overdue_marks(client, world: World):
    services.step_update(by=world.users["admin"], step=world.step_a, due=dt.date(2020, 1, 1))
    client.force_login(world.users["coord_a"])
    response = client.get(reverse("regional:plan-country", args=[world.plan.pk, "DMA"]))
    assert "National CSIRTs in every state" in response.text
    assert "overdue" in response.text and "Update" in response.text
    other = client.get(reverse("regional:plan-country", args=[world.plan.pk, "JAM"]))
    assert "Update" not in other.text  # Dominica's coordinator cannot edit Jamaica's step


def test_the_api_adds_an_action_and_a_member_reports_its_step(client, world: World):
    _token, raw = token_create(user=world.users["analyst"], name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.post(
        f"/api/v1/regional-plans/{world.plan.pk}/actions",
        json.dumps(
            {
                "pillar": "Legal Environment",
                "title": "Model bill",
                "lead_organisation": "Agency",
                "start": "2026-01-01",
                "end": "2026-06-30",
                "factors": ["D4.1", "D9.9"],
            }
        ),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400 and "D9.9" in response.json()["detail"]
    _token, raw_a = token_create(user=world.users["coord_a"], name="t")
    patched = client.patch(
        f"/api/v1/regional-plans/{world.plan.pk}/steps/{world.step_a.pk}",
        json.dumps({"status": "done", "note": "DM-CSIRT launched"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw_a}",
    )
    assert patched.status_code == 200 and patched.json()["status"] == "done"
    plan = client.get(f"/api/v1/regional-plans/{world.plan.pk}", **headers).json()
    steps = {s["country"]: s["status"] for s in plan["actions"][0]["steps"]}
    assert steps == {"DMA": "done", "JAM": "not_started"}


def test_the_blueprint_matches_gaps_to_offers_and_finds_orphans(client, world: World):
    from cybercap.program.matching import blueprint

    reviewer = world.users["reviewer_a"]
    rated(world.approved_a, reviewer, "not_met")  # Dominica: every factor at stage 1
    result = blueprint(world.users["admin"], target=3)
    needs = {(n.country.pk, n.factor_code): n for n in result.needs}
    assert len(needs) == 23
    assert [o.partner.name for o in needs[("DMA", "D4.3")].offers] == ["Cyber partner"]
    assert needs[("DMA", "D4.3")].requests == [world.request_a]
    assert needs[("DMA", "D1.1")].orphaned
    assert result.reach[0].countries[0][0].pk == "DMA"
    outsider = blueprint(world.users["coord_b"], target=3)
    assert outsider.needs == [] and outsider.requests == []


def test_a_commitment_must_cover_the_requested_factor(world: World):
    from cybercap.program import services as program_services

    admin = world.users["admin"]
    item = world.request_a
    with pytest.raises(program_services.ProgramError, match="Choose the offer"):
        program_services.request_decide(by=admin, item=item, status="committed", offer=None)
    item.factor_code = "D1.2"
    with pytest.raises(program_services.ProgramError, match="does not cover"):
        program_services.request_decide(by=admin, item=item, status="committed", offer=world.offer)
