"""The assessment workflow through the public API, as an external script would run it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from cybercap.access.services import token_create
from tests.world import DRAFT_TITLE_B, World

pytestmark = pytest.mark.django_db


class Api:
    """A bearer-token client for one person."""

    def __init__(self, user: Any):
        _token, raw = token_create(user=user, name="test")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        kwargs: dict[str, Any] = {}
        if body is not None:
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs)


def test_a_script_runs_an_assessment_through_the_api(world: World):
    coordinator = Api(world.users["coord_a"])
    created = coordinator.call(
        "post",
        "/assessments",
        {
            "country": "DMA",
            "title": "API review",
            "round_label": "2026 api",
            "framework": {"slug": "national-capacity", "version": "2021.1"},
            "mission_start": "2026-03-02",
            "mission_end": "2026-03-06",
            "team": [
                {"username": "assessor_a", "role": "assessor"},
                {"username": "assessor_a", "role": "lead_assessor"},
                {"username": "analyst", "role": "assessor"},
                {"username": "reviewer_a", "role": "reviewer"},
            ],
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    for to in ("collecting", "scoring"):
        assert (
            coordinator.call("post", f"/assessments/{pk}/transitions", {"to": to}).status_code
            == 200
        )

    first, second = Api(world.users["assessor_a"]), Api(world.users["analyst"])
    for client, value in ((first, "met"), (second, "not_met")):
        response = client.call(
            "put",
            f"/assessments/{pk}/ratings/D1.1.1-2a",
            {"value": value, "rationale": "seen", "expected_version": 0},
        )
        assert response.status_code == 200 and response.json()["version"] == 1
    stale = first.call(
        "put", f"/assessments/{pk}/ratings/D1.1.1-2a", {"value": "partial", "expected_version": 0}
    )
    assert stale.status_code == 409 and stale.json()["current"]["value"] == "met"

    reviewer = Api(world.users["reviewer_a"])
    assert (
        first.call("post", f"/assessments/{pk}/transitions", {"to": "in_review"}).status_code == 200
    )
    early = reviewer.call("post", f"/assessments/{pk}/transitions", {"to": "approved"})
    assert early.status_code == 409 and "reviewer" in early.json()["detail"]
    reconciled = reviewer.call(
        "put",
        f"/assessments/{pk}/ratings/D1.1.1-2a",
        {"value": "met", "expected_version": 0, "reconciled": True},
    )
    assert reconciled.status_code == 200 and reconciled.json()["kind"] == "reconciled"
    approved = reviewer.call("post", f"/assessments/{pk}/transitions", {"to": "approved"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"

    results = coordinator.call("get", f"/assessments/{pk}/results").json()
    assert results["provisional"] is False
    assert results["overall"]["met"] == 1
    assert results["overall"]["not_assessed"] == results["overall"]["total"] - 1
    factor = next(node for node in results["nodes"] if node["code"] == "D1.1")
    assert factor["stage"] == 1 and factor["stage_name"] == "Start-up"

    diff = coordinator.call("get", f"/assessments/{pk}/diff/{world.published_a.pk}").json()
    assert len(diff["changes"]) == 23 and diff["not_mapped_after"] == []

    listed = coordinator.call("get", "/assessments?country=DMA&status=approved").json()
    assert pk in [item["id"] for item in listed]


def test_the_api_answers_bad_input_with_the_field_at_fault(world: World):
    api = Api(world.users["coord_a"])
    response = api.call("post", "/assessments", {"country": "DMA"})
    assert response.status_code == 422
    fields = {error["loc"][-1] for error in response.json()["detail"]}
    assert {"title", "round_label", "framework"} <= fields
    unknown = api.call(
        "post",
        "/assessments",
        {
            "country": "XYZ",
            "title": "t",
            "round_label": "r",
            "framework": {"slug": "national-capacity", "version": "2021.1"},
        },
    )
    assert unknown.status_code == 400 and "XYZ" in unknown.json()["detail"]
    bad_value = Api(world.users["assessor_a"]).call(
        "put",
        f"/assessments/{world.draft_a.pk}/ratings/D1.1.1-2a",
        {"value": "excellent", "expected_version": 0},
    )
    assert bad_value.status_code == 400 and "excellent" in bad_value.json()["detail"]


def test_the_api_hides_other_countries_drafts(world: World):
    api = Api(world.users["coord_a"])
    titles = [item["title"] for item in api.call("get", "/assessments").json()]
    assert DRAFT_TITLE_B not in titles
    assert api.call("get", f"/assessments/{world.draft_b.pk}").status_code == 404
    assert api.call("get", f"/assessments/{world.draft_b.pk}/results").status_code == 404
