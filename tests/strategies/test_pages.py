"""Strategy pages through the client: forms, errors, fixed query counts, the API flow."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cybercap.access.services import token_create
from cybercap.strategies import services
from tests.strategies.conftest import Plan

pytestmark = pytest.mark.django_db


def _grow(plan: Plan, count: int) -> None:
    objective = plan.strategy.objectives.first()
    for index in range(count):
        action = services.action_save(
            by=plan.by,
            strategy=plan.strategy,
            objective=objective,
            title=f"Action {index}",
            lead_agency=f"Agency {index % 3}",
            start=dt.date(2026, 1 + index % 12, 1),
            end=dt.date(2027, 1 + index % 12, 1),
            indicators=list(plan.baseline.framework.indicators.all()[index : index + 3]),
            milestones=[services.MilestoneIn("Half way", dt.date(2026, 6, 1))],
            kpis=[services.KpiIn("Staff trained", 10)],  # type: ignore[arg-type]
        )
        services.progress_report(
            by=plan.by,
            action=action,
            reported_on=dt.date(2026, 2, 1),
            status="on_track",
            progress=20,
        )


@pytest.mark.parametrize("name", ["strategies:detail", "strategies:actions", "strategies:timeline"])
def test_pages_run_the_same_queries_for_3_or_30_actions(client, plan: Plan, name):
    client.force_login(plan.by)
    url = reverse(name, args=[plan.strategy.pk])
    _grow(plan, 3)
    client.get(url)  # warm the framework cache
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(plan, 27)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(large) <= 20


def test_the_timeline_is_a_gantt_with_filters(client, plan: Plan):
    _grow(plan, 4)
    client.force_login(plan.by)
    url = reverse("strategies:timeline", args=[plan.strategy.pk])
    response = client.get(url)
    assert response.text.count("<svg") == 1 and "Action 3" in response.text
    filtered = client.get(url, {"agency": "Agency 1"})
    assert "Action 1" in filtered.text and "Action 2" not in filtered.text


def test_the_action_form_saves_milestones_kpis_gaps_and_dependencies(client, plan: Plan):
    client.force_login(plan.by)
    code = plan.baseline.framework.indicators.order_by("order").first().code
    url = reverse("strategies:action-create", args=[plan.strategy.pk])
    data = {
        "objective": plan.strategy.objectives.first().pk,
        "title": "Pass a cybercrime act",
        "lead_agency": "Attorney General's Chambers",
        "start": "2026-02-01",
        "end": "2027-01-31",
        "priority": "high",
        "status": "not_started",
        "progress": "0",
        "gaps": f"{code}, NOT-A-CODE",
        "dependencies": "1.1",
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Bill drafted",
        "milestones-0-due": "2026-06-30",
        "kpis-TOTAL_FORMS": "2",
        "kpis-INITIAL_FORMS": "0",
        "kpis-0-name": "Offences covered",
        "kpis-0-target": "12",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "NOT-A-CODE" in response.text  # said what was wrong, kept what was typed
    assert plan.strategy.actions.count() == 1
    data["gaps"] = code
    response = client.post(url, data)
    assert response.status_code == 302
    action = plan.strategy.actions.get(title="Pass a cybercrime act")
    assert action.code == "1.2"
    assert [m.title for m in action.milestones.all()] == ["Bill drafted"]
    assert action.kpis.get().target == 12
    assert [i.code for i in action.indicators.all()] == [code]
    assert [a.code for a in action.depends_on.all()] == ["1.1"]


def test_a_progress_report_from_the_page_changes_the_action(client, plan: Plan):
    client.force_login(plan.world.users["wg_a"])  # a working-group member with edit access
    action = plan.world.action_a
    url = reverse("strategies:action-progress", args=[plan.strategy.pk, action.pk])
    client.post(url, {"reported_on": "2026-03-01", "status": "delayed", "progress": "15"})
    action.refresh_from_db()
    assert (action.status, action.progress) == ("delayed", 15)
    page = client.get(reverse("strategies:action-detail", args=[plan.strategy.pk, action.pk]))
    assert "Delayed" in page.text


def test_a_coordinator_starts_a_strategy_with_the_latest_approved_round(client, plan: Plan):
    client.force_login(plan.by)
    url = reverse("strategies:create") + "?country=DMA"
    form = client.get(url).context["form"]
    assert form.initial["baseline"] == plan.baseline.pk or form.initial["baseline"]
    response = client.post(
        url,
        {
            "title": "Second strategy",
            "version": "2.0",
            "phase": "initiation",
            "baseline": plan.baseline.pk,
            "target_stage": "3",
            "currency": "XCD",
        },
    )
    assert response.status_code == 302
    assert plan.strategy.country.strategies.filter(title="Second strategy").exists()


def test_proposal_decisions_from_the_page(client, plan: Plan):
    client.force_login(plan.by)
    generate = reverse("strategies:proposals-generate", args=[plan.strategy.pk])
    client.post(generate)
    page = client.get(reverse("strategies:proposals", args=[plan.strategy.pk]))
    assert "Adopt the strategy formally" in page.text
    proposal = plan.strategy.proposals.get(recommendation__code="T-D1.2-2a")
    accept = reverse("strategies:proposal-accept", args=[plan.strategy.pk, proposal.pk])
    form = client.get(accept).context["form"]
    assert form.initial["title"] == "Set up a national CSIRT"
    response = client.post(
        accept,
        {
            "objective": plan.strategy.objectives.first().pk,
            "title": "Set up DM-CSIRT",
            "lead_agency": "National ICT unit",
            "start": "2026-04-01",
            "end": "2026-03-01",
            "priority": "high",
        },
    )
    assert response.status_code == 400  # ends before it starts
    proposal.refresh_from_db()
    assert proposal.decision == "pending"


def test_the_api_walks_a_strategy_from_start_to_progress(client, plan: Plan):
    _token, raw = token_create(user=plan.by, name="script")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def call(method: str, path: str, body: dict | None = None):  # type: ignore[no-untyped-def]
        if method == "get":
            return client.get(f"/api/v1{path}", **headers)
        return getattr(client, method)(
            f"/api/v1{path}", json.dumps(body or {}), content_type="application/json", **headers
        )

    created = call("post", "/strategies", {"country": "DMA", "title": "API strategy"})
    assert created.status_code == 201
    pk = created.json()["id"]
    assert call("post", f"/strategies/{pk}/objectives", {"title": "Govern"}).json()["code"] == "SO1"
    action = call(
        "post",
        f"/strategies/{pk}/actions",
        {
            "objective": "SO1",
            "title": "Name a lead agency",
            "lead_agency": "Cabinet Office",
            "start": "2026-01-01",
            "end": "2026-06-30",
            "kpis": [{"name": "Decree signed", "target": 1}],
        },
    )
    assert action.status_code == 201, action.content
    body = action.json()
    assert body["code"] == "1.1" and body["kpis"][0]["target"] == "1.00"
    path = f"/strategies/{pk}/actions/{body['id']}"
    progress = call(
        "post",
        f"{path}/progress",
        {"reported_on": "2026-02-01", "status": "on_track", "progress": 40},
    )
    assert progress.status_code == 201
    assert call("get", path).json()["progress"] == 40
    stale = call(
        "put",
        path,
        {
            **{k: body[k] for k in ("objective", "title", "lead_agency", "start", "end")},
            "expected_version": 1,
        },
    )
    assert stale.status_code == 409
    bad = call(
        "post",
        f"/strategies/{pk}/actions",
        {
            "objective": "SO9",
            "title": "x",
            "lead_agency": "y",
            "start": "2026-01-01",
            "end": "2026-01-02",
        },
    )
    assert bad.status_code == 400 and "SO9" in bad.json()["detail"]
    listed = client.get("/api/v1/strategies?country=DMA&adopted=false", **headers).json()
    assert {s["title"] for s in listed} >= {"API strategy"}


def test_saving_an_action_unchanged_keeps_its_milestones_and_kpis(client, plan: Plan):
    """The edit form shows the milestones and KPIs filled in; saving it without touching them
    kept none of them (only rows changed on the page were saved)."""
    from tests.browser_form import form_as_shown

    client.force_login(plan.by)
    action = plan.world.action_a
    services.action_save(
        by=plan.by,
        strategy=plan.strategy,
        action=action,
        milestones=[
            services.MilestoneIn("Terms of reference agreed", dt.date(2026, 3, 31)),
            services.MilestoneIn("Council meets", dt.date(2026, 9, 30)),
        ],
        kpis=[services.KpiIn("Agencies taking part", Decimal(8))],
    )
    url = reverse("strategies:action-edit", args=[plan.strategy.pk, action.pk])
    page = client.get(url)
    data = form_as_shown(page.text)
    assert data["milestones-0-title"] == ["Terms of reference agreed"]
    response = client.post(url, data)
    assert response.status_code == 302, response.text[:2000]
    assert [m.title for m in action.milestones.order_by("due")] == [
        "Terms of reference agreed",
        "Council meets",
    ]
    assert [k.name for k in action.kpis.all()] == ["Agencies taking part"]

    # A new row is added to the ones kept; a row marked for deletion goes.
    data = form_as_shown(client.get(url).text)
    data["milestones-2-title"], data["milestones-2-due"] = ["Review"], ["2026-12-15"]
    data["milestones-0-DELETE"] = ["on"]
    assert client.post(url, data).status_code == 302
    assert [m.title for m in action.milestones.order_by("due")] == ["Council meets", "Review"]
