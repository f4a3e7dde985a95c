"""The public API: tokens, frameworks, countries, groups, errors and the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cybercap.access.models import ApiToken
from cybercap.access.services import token_create, token_revoke
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_token_is_issued_for_a_good_password_and_stored_hashed(client, personas):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "coord-a", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    stored = ApiToken.objects.get(user=personas.coordinator_a)
    assert token not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64
    assert stored.expires_at is not None


def test_a_wrong_password_gets_401_with_a_detail(client, personas):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "coord-a", "password": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_malformed_token_request_gets_422_with_field_errors(client, reference):
    response = client.post("/api/v1/auth/token", {"username": "x"}, content_type="application/json")
    assert response.status_code == 422
    assert any("password" in str(error["loc"]) for error in response.json()["detail"])


def test_revoked_and_expired_tokens_stop_working(personas):
    from cybercap.access.services import token_authenticate

    token, raw = token_create(user=personas.analyst, name="script")
    assert token_authenticate(raw) is not None
    token_revoke(token=token)
    assert token_authenticate(raw) is None
    token, raw = token_create(user=personas.analyst, name="old", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert token_authenticate(raw) is None
    assert token_authenticate("cc_garbage") is None


def test_the_framework_list_names_every_version(client, reference):
    body = client.get("/api/v1/frameworks").json()
    slugs = {item["slug"]: item for item in body}
    assert {"national-capacity", "budapest-checklist", "csirt-maturity"} <= set(slugs)
    assert slugs["national-capacity"]["indicator_count"] >= 250
    assert (
        slugs["national-capacity"]["url"] == "/api/v1/frameworks/national-capacity/versions/2021.1"
    )


def test_a_framework_version_is_the_full_tree_with_indicator_codes(
    client, capacity_model, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/frameworks/national-capacity/versions/2021.1")
    body = response.json()
    assert body["kind"] == "maturity" and len(body["stages"]) == 5
    assert [node["code"] for node in body["nodes"]] == ["D1", "D2", "D3", "D4", "D5"]
    factor = body["nodes"][0]["children"][0]
    assert factor["level"] == "factor" and factor["title"] == "National Cybersecurity Strategy"
    codes = []

    def walk(node):  # type: ignore[no-untyped-def]
        codes.extend(indicator["code"] for indicator in node["indicators"])
        for child in node["children"]:
            walk(child)

    for node in body["nodes"]:
        walk(node)
    assert len(codes) == body["indicator_count"] == capacity_model.indicators.count()


def test_an_unknown_framework_version_is_a_json_404(client, reference):
    response = client.get("/api/v1/frameworks/national-capacity/versions/1999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_countries_can_be_searched_and_filtered_by_group(client, reference):
    everything = client.get("/api/v1/countries").json()
    assert len(everything) == 249
    found = client.get("/api/v1/countries", {"q": "San Cristóbal"}).json()
    assert [country["code"] for country in found] == ["KNA"]
    assert found[0]["names"]["fr"] == "Saint-Christophe-et-Niévès"
    caribbean = client.get("/api/v1/countries", {"group": "caribbean-14"}).json()
    assert len(caribbean) == 14 and all("caribbean-14" in c["groups"] for c in caribbean)


def test_a_group_lists_its_members(client, reference):
    body = client.get("/api/v1/groups/caribbean-14").json()
    assert body["kind"] == "region"
    assert {member["code"] for member in body["members"]} == {
        "BHS",
        "JAM",
        "HTI",
        "KNA",
        "ATG",
        "DMA",
        "BRB",
        "GRD",
        "TTO",
        "BLZ",
        "SUR",
        "GUY",
        "LCA",
        "VCT",
    }
    assert client.get("/api/v1/groups/atlantis").status_code == 404


def test_the_openapi_document_describes_every_public_endpoint(client, reference):
    document = client.get("/api/v1/openapi.json").json()
    paths = set(document["paths"])
    assert {
        "/api/v1/auth/token",
        "/api/v1/frameworks",
        "/api/v1/frameworks/{slug}/versions/{version}",
        "/api/v1/countries",
        "/api/v1/groups/{slug}",
    } <= paths


def test_the_api_docs_page_uses_no_cdn(client, reference):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "cdn" not in response.text.lower()
