"""Home page, login and logout, language switching, security headers."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_frameworks_and_groups(client, reference):
    response = client.get("/")
    assert response.status_code == 200
    assert "National cyber capacity reference model" in response.text
    assert "Caribbean cyber security framework states" in response.text


def test_a_person_logs_in_and_out(client, personas):
    response = client.post(reverse("login"), {"username": "coord-a", "password": PASSWORD})
    assert response.status_code == 302
    assert "coord-a" in client.get("/").text
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "Log in" in client.get("/").text


def test_a_wrong_password_shows_a_clear_message(client, personas):
    response = client.post(reverse("login"), {"username": "coord-a", "password": "wrong"})
    assert response.status_code == 200
    assert "didn&#x27;t match" in response.text or "didn't match" in response.text


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, reference):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
    assert inline_scripts == [], inline_scripts
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_htmx_is_served_from_our_own_static_files(client, reference):
    response = client.get("/")
    assert "/static/django_htmx/htmx" in response.text
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", response.text.split("<body")[0])


def test_the_health_check_answers(client, reference):
    assert client.get("/health/").json() == {"status": "ok"}


def test_the_admin_needs_staff(client, personas):
    assert client.get("/admin/").status_code == 302
