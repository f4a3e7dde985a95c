"""Accounts: login lockout, two-factor sign-in, invitations and country roles, API tokens."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cybercap.access.models import AuditEntry, Invitation, Membership
from tests.conftest import PASSWORD
from tests.world import World

pytestmark = pytest.mark.django_db


def log_in(client, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failures_lock_the_account_from_that_address(client, world):
    for _ in range(4):
        assert log_in(client, "coord_a", "wrong").status_code == 200
    assert log_in(client, "coord_a", "wrong").status_code == 429  # the fifth failure
    locked = log_in(client, "coord_a")
    assert locked.status_code == 429
    assert "Signing in is paused" in locked.text
    other = log_in(client, "coord_b")
    assert other.status_code == 302  # only that username is paused


def test_the_api_token_endpoint_is_locked_too(client, world):
    for _ in range(5):
        client.post(
            "/api/v1/auth/token",
            {"username": "analyst", "password": "nope"},
            content_type="application/json",
        )
    response = client.post(
        "/api/v1/auth/token",
        {"username": "analyst", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert "Too many failed attempts" in response.json()["detail"]


def test_coordinators_must_set_up_two_factor_before_anything_else(client, world, settings):
    settings.CYBERCAP_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries down; not under test here
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    assert log_in(client, "coord_a").status_code == 302
    response = client.get(reverse("assessments:list"))
    assert response.status_code == 302 and "/account/two-factor/" in response["Location"]
    page = client.get(reverse("access:two-factor-setup"))
    assert "<svg" in page.text  # the QR code
    device = TOTPDevice.objects.get(user=world.users["coord_a"])
    wrong = client.post(reverse("access:two-factor-setup"), {"code": "000000"})
    assert wrong.status_code == 400 and "did not match" in wrong.text
    code = f"{totp(device.bin_key):06d}"
    done = client.post(reverse("access:two-factor-setup"), {"code": code})
    assert done.status_code == 200, done.text[:500]
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.text)
    assert len(codes) == 10
    assert client.get(reverse("assessments:list")).status_code == 200
    assert AuditEntry.objects.filter(action="two_factor.enable").exists()

    client.post(reverse("logout"))
    log_in(client, "coord_a")
    assert "/account/two-factor/verify/" in client.get("/assessments/")["Location"]
    assert client.post(reverse("access:two-factor-verify"), {"code": "123"}).status_code == 400
    used = client.post(reverse("access:two-factor-verify"), {"code": codes[0], "next": "/"})
    assert used.status_code == 302
    client.post(reverse("logout"))
    log_in(client, "coord_a")
    again = client.post(reverse("access:two-factor-verify"), {"code": codes[0]})
    assert again.status_code == 400  # a recovery code works once


def test_people_without_a_required_second_factor_are_not_stopped(client, world, settings):
    settings.CYBERCAP_REQUIRE_2FA = True
    log_in(client, "assessor_a")
    assert client.get(reverse("assessments:list")).status_code == 200


def test_an_unverified_session_gets_a_json_answer_from_the_api(client, world, settings):
    settings.CYBERCAP_REQUIRE_2FA = True
    log_in(client, "admin")
    response = client.get("/api/v1/assessments")
    assert response.status_code == 401 and "two-factor" in response.json()["detail"]


def test_a_coordinator_invites_someone_who_accepts_once(
    client, world: World, django_capture_on_commit_callbacks
):
    client.force_login(world.users["coord_a"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("access:people-invite", args=["DMA"]),
            {"email": "Minister.Office@example.org", "role": "country_viewer"},
        )
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/invitations/[^/\s]+/)", mail.outbox[0].body).group(1)
    client.post(reverse("logout"))
    form = client.get(link)
    assert "Create my account" in form.text
    response = client.post(
        link,
        {"username": "minister", "password1": "a-Strong-pass-92", "password2": "a-Strong-pass-92"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="minister")
    assert (membership.role, membership.country_id) == ("country_viewer", "DMA")
    assert membership.user.email == "minister.office@example.org"
    assert Invitation.objects.get().accepted_at is not None
    assert client.get(link).status_code == 404  # used


def test_a_coordinator_gives_and_removes_country_roles_but_not_their_own(client, world):
    client.force_login(world.users["coord_a"])
    client.post(
        reverse("access:people-grant", args=["DMA"]),
        {"username": "analyst", "role": "country_viewer"},
    )
    granted = Membership.objects.get(user=world.users["analyst"], country_id="DMA")
    page = client.get(reverse("access:people", args=["DMA"]))
    assert "Analyst" in page.text and "Reviewer_A" in page.text  # country roles and teams
    client.post(reverse("access:people-revoke", args=["DMA", granted.pk]))
    assert not Membership.objects.filter(pk=granted.pk).exists()
    own = world.users["coord_a"].memberships.get()
    response = client.post(reverse("access:people-revoke", args=["DMA", own.pk]), follow=True)
    assert "Ask another coordinator" in response.text
    assert Membership.objects.filter(pk=own.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"membership.grant", "membership.revoke"} <= actions


def test_a_coordinator_cannot_manage_another_countrys_people(client, world):
    client.force_login(world.users["coord_b"])
    assert client.get(reverse("access:people", args=["DMA"])).status_code == 404
    response = client.post(
        reverse("access:people-invite", args=["DMA"]),
        {"email": "x@example.org", "role": "national_coordinator"},
    )
    assert response.status_code == 404 and not Invitation.objects.exists()


def test_people_create_and_revoke_their_own_api_tokens(client, world):
    client.force_login(world.users["analyst"])
    client.post(reverse("access:token-create"), {"name": "weekly export", "days": "30"})
    page = client.get(reverse("access:tokens"))
    raw = re.search(r'<code class="token">(cc_[^<]+)</code>', page.text).group(1)
    assert "weekly export" in page.text
    api = client.get("/api/v1/assessments", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200
    assert raw not in client.get(reverse("access:tokens")).text  # shown once
    token = world.users["analyst"].api_tokens.get()
    assert token.last_used_at is not None
    client.post(reverse("access:token-revoke", args=[token.pk]))
    client.logout()
    assert (
        client.post(
            "/api/v1/assessments",
            "{}",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        ).status_code
        == 401
    )


def test_the_audit_page_filters_by_object(client, world):
    client.force_login(world.users["coord_a"])
    response = client.get(
        reverse("access:audit"),
        {
            "country": "DMA",
            "object_type": "assessments.assessment",
            "object_id": str(world.draft_a.pk),
        },
    )
    assert response.status_code == 200
    assert "assessment.create" in response.text


def test_has_device_counts_only_confirmed_apps_and_recovery_codes(world):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cybercap.access.two_factor import has_device

    person = world.users["assessor_a"]
    assert not has_device(person)
    TOTPDevice.objects.create(user=person, name="phone", confirmed=False)
    assert not has_device(person)  # set up but never proven with a code
    StaticDevice.objects.create(user=person, name="recovery", confirmed=True)
    assert has_device(person)
    StaticDevice.objects.filter(user=person).delete()
    TOTPDevice.objects.filter(user=person).update(confirmed=True)
    assert has_device(person)
    assert not has_device(world.users["reviewer_a"])
