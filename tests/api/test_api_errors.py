"""What the API answers to requests that are wrong: credentials that do not work, bodies too
large, paths and methods that do not exist, input that breaks a rule. Always JSON with a
`detail`, always the documented status, and nothing written."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cybercap.access.services import token_create
from cybercap.program.models import FollowUp
from cybercap.regional.models import NationalStep
from cybercap.strategies.models import Action
from tests.api.test_assessments_api import Api
from tests.conftest import PASSWORD
from tests.world import World

pytestmark = pytest.mark.django_db

HUGE = 2**63  # one past the largest 64-bit key


def _detail(response) -> str:  # type: ignore[no-untyped-def]
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    detail = response.json()["detail"]
    return detail if isinstance(detail, str) else json.dumps(detail)


# Credentials ------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Bearer cc_not-a-token", "Token abc", "Bearer", "Basic eDp5"])
def test_credentials_that_do_not_work_get_401_on_reads_too(world: World, header):
    client = Client(HTTP_AUTHORIZATION=header)
    for path in ("/api/v1/assessments", f"/api/v1/assessments/{world.published_a.pk}"):
        response = client.get(path)
        assert response.status_code == 401, (header, path)
        assert "bearer token" in _detail(response)


def test_an_expired_token_gets_401_not_an_empty_world(world: World):
    from datetime import timedelta

    from django.utils import timezone

    from cybercap.access.models import ApiToken

    token, raw = token_create(user=world.users["coord_a"], name="old", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(
        f"/api/v1/assessments/{world.draft_a.pk}"
    )
    assert response.status_code == 401


def test_a_write_without_credentials_gets_401_not_a_csrf_failure(world: World):
    client = Client(enforce_csrf_checks=True)
    response = client.put(
        f"/api/v1/assessments/{world.draft_a.pk}/ratings/D1.1.1-2a",
        json.dumps({"value": "met", "expected_version": 0}),
        content_type="application/json",
    )
    assert response.status_code == 401 and "CSRF" not in _detail(response)
    # Reads without any credentials stay open to what countries published.
    assert client.get("/api/v1/assessments").status_code == 200


def _token_for(username: str, **extra: str):  # type: ignore[no-untyped-def]
    return Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD, **extra},
        content_type="application/json",
    )


def test_a_token_needs_the_second_factor_of_an_account_that_has_one(world: World, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=world.users["analyst"], name="app", confirmed=True)
    missing = _token_for("analyst")
    assert missing.status_code == 401 and "code" in _detail(missing)
    wrong = _token_for("analyst", code=f"{(totp(device.bin_key) + 1) % 10**6:06d}")
    assert wrong.status_code == 401 and "not valid" in _detail(wrong)
    right = _token_for("analyst", code=f"{totp(device.bin_key):06d}")
    assert right.status_code == 200 and right.json()["token"]


def test_who_must_use_a_second_factor_sets_it_up_before_getting_a_token(world: World, settings):
    settings.CYBERCAP_REQUIRE_2FA = True
    refused = _token_for("coord_a")
    assert refused.status_code == 403 and "two-factor" in _detail(refused)
    assert _token_for("assessor_a").status_code == 200  # no second factor required of them


# Paths, methods, sizes ---------------------------------------------------------------------------


def test_unknown_paths_and_methods_answer_json(world: World):
    client = Api(world.users["admin"]).client
    for path in ("/api/v1/nonexistent", "/api/v1/assessments/", "/api/v1/groups"):
        response = client.get(path)
        assert response.status_code == 404, path
        _detail(response)
    response = client.delete(f"/api/v1/assessments/{world.draft_a.pk}")
    assert response.status_code == 405 and "GET" in _detail(response)
    assert "GET" in response["Allow"]
    # Pages keep their HTML error pages.
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_body_over_the_limit_gets_413(world: World, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = Api(world.users["assessor_a"]).call(
        "put",
        f"/assessments/{world.draft_a.pk}/ratings/D1.1.1-2a",
        {"value": "met", "rationale": "x" * 4000, "expected_version": 0},
    )
    assert response.status_code == 413 and "larger than the limit" in _detail(response)
    assert not world.draft_a.ratings.exists()


@pytest.mark.parametrize("suffix", ["", "/results", "/diff/1"])
def test_an_id_too_large_for_the_database_is_not_found(world: World, suffix):
    response = Api(world.users["admin"]).call("get", f"/assessments/{HUGE}{suffix}")
    assert response.status_code == 404
    _detail(response)


# Ratings -----------------------------------------------------------------------------------------


def test_a_version_of_a_rating_never_saved_is_stale(world: World):
    api = Api(world.users["assessor_a"])
    path = f"/assessments/{world.draft_a.pk}/ratings/D1.1.1-2a"
    response = api.call("put", path, {"value": "met", "expected_version": 3})
    assert response.status_code == 409
    assert response.json()["current"] is None and "not been saved" in _detail(response)
    assert not world.draft_a.ratings.exists()


def test_a_stale_version_of_ones_own_rating_says_so(world: World):
    api = Api(world.users["assessor_a"])
    path = f"/assessments/{world.draft_a.pk}/ratings/D1.1.1-2a"
    assert api.call("put", path, {"value": "met", "expected_version": 0}).status_code == 200
    stale = api.call("put", path, {"value": "partial", "expected_version": 0})
    assert stale.status_code == 409 and "You saved this rating" in _detail(stale)
    assert stale.json()["current"]["version"] == 1


def test_rating_input_is_checked_strictly(world: World):
    api = Api(world.users["assessor_a"])
    path = f"/assessments/{world.draft_a.pk}/ratings/D1.1.1-2a"
    for body, field in (
        ({"value": "met", "expected_version": True}, "expected_version"),
        ({"value": "met", "expected_version": 0, "rationale": "x" * 10_001}, "rationale"),
        ({"value": "met", "expected_version": 0, "rationale": "a\u0000b"}, "rationale"),
        ({"value": "met", "expected_version": 0, "colour": "red"}, "colour"),
    ):
        response = api.call("put", path, body)
        assert response.status_code == 422, body
        assert field in _detail(response), (field, _detail(response))
    assert not world.draft_a.ratings.exists()


def test_a_published_assessment_is_called_published(world: World):
    response = Api(world.users["admin"]).call(
        "put",
        f"/assessments/{world.published_a.pk}/ratings/D1.1.1-2a",
        {"value": "met", "expected_version": 0, "reconciled": True},
    )
    assert response.status_code == 403 and "published" in _detail(response)


def test_an_unknown_transition_target_is_invalid_input_not_a_conflict(world: World):
    response = Api(world.users["coord_a"]).call(
        "post", f"/assessments/{world.draft_a.pk}/transitions", {"to": "bogus"}
    )
    assert response.status_code == 422 and "to" in _detail(response)


def test_a_title_of_spaces_is_empty(world: World):
    response = Api(world.users["coord_a"]).call(
        "post",
        "/assessments",
        {
            "country": "DMA",
            "title": "   ",
            "round_label": "2027",
            "framework": {"slug": "national-capacity", "version": "2021.1"},
        },
    )
    assert response.status_code == 422 and "title" in _detail(response)


# Strategies, plans, program ----------------------------------------------------------------------


def _action_body(**extra):  # type: ignore[no-untyped-def]
    return {
        "objective": "SO1",
        "title": "Measure it",
        "lead_agency": "Ministry",
        "start": "2026-01-01",
        "end": "2026-12-31",
        **extra,
    }


def test_a_kpi_too_large_to_store_is_refused_and_the_plan_stays_readable(world: World):
    api = Api(world.users["coord_a"])
    strategy = world.strategy_a.pk
    objective = api.call("get", f"/strategies/{strategy}").json()["objectives"][0]["code"]
    before = Action.objects.count()
    response = api.call(
        "post",
        f"/strategies/{strategy}/actions",
        _action_body(objective=objective, kpis=[{"name": "K", "target": "1e30"}]),
    )
    assert response.status_code == 422 and "target" in _detail(response)
    assert Action.objects.count() == before
    assert api.call("get", f"/strategies/{strategy}/actions").status_code == 200


def test_a_principle_is_one_line(world: World):
    response = Api(world.users["admin"]).call(
        "patch", f"/strategies/{world.strategy_a.pk}", {"principles": ["a\nb", "c"]}
    )
    assert response.status_code == 422 and "principles" in _detail(response)


def test_a_country_named_twice_gets_one_national_step(world: World):
    before = NationalStep.objects.count()
    response = Api(world.users["analyst"]).call(
        "post",
        f"/regional-plans/{world.plan.pk}/actions",
        {
            "pillar": "Legal Environment",
            "title": "Model bill",
            "lead_organisation": "Agency",
            "start": "2026-01-01",
            "end": "2026-06-30",
            "steps_for": ["JAM", "jam", "DMA"],
        },
    )
    assert response.status_code == 201, response.content
    assert NationalStep.objects.count() == before + 2


def test_a_mission_keeps_the_done_date_of_its_follow_ups(world: World):
    response = Api(world.users["admin"]).call(
        "post",
        "/missions",
        {
            "country": "JAM",
            "purpose": "csirt_setup",
            "title": "CSIRT set-up",
            "start": "2026-03-01",
            "end": "2026-03-03",
            "follow_up_actions": [
                {
                    "what": "Draft policy",
                    "owner": "CIRT",
                    "due": "2026-04-01",
                    "done_on": "2026-03-20",
                }
            ],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["follow_up_actions"][0]["done_on"] == "2026-03-20"
    assert FollowUp.objects.get(what="Draft policy").done_on.isoformat() == "2026-03-20"


def test_numbers_and_addresses_the_database_cannot_hold_are_refused(world: World):
    admin = Api(world.users["admin"])
    website = admin.call(
        "put", "/csirts/JAM", {"status": "operational", "website": "javascript:alert(1)"}
    )
    assert website.status_code == 400 and "web address" in _detail(website)
    capacity = admin.call(
        "post",
        "/assistance-offers",
        {"partner": "Cyber partner", "kind": "training", "factors": ["D1.2"], "capacity": 10**12},
    )
    assert capacity.status_code == 422 and "capacity" in _detail(capacity)
