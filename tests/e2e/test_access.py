"""Access in the browser: guessing another country's URLs, lockout, and two-factor sign-in."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from cybercap.assessments.demo import demo_assessments_create
from cybercap.assessments.models import Assessment
from cybercap.core.demo import DEMO_PASSWORD, demo_users_create


@pytest.fixture
def demo(transactional_db, reference):  # type: ignore[no-untyped-def]
    demo_users_create()
    demo_assessments_create(say=lambda _message: None)


def sign_in(page: Page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_coordinator_of_another_country_cannot_reach_a_draft_by_guessing(
    page: Page, live_server, demo, artifacts
):  # type: ignore[no-untyped-def]
    draft = Assessment.objects.get(country_id="DMA", status="scoring")
    sign_in(page, live_server.url, "jamaica")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    for path in ["", "ratings/", "consultations/", "evidence/", "results/", "edit/"]:
        response = page.goto(f"{live_server.url}/assessments/{draft.pk}/{path}")
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
        expect(page.locator("body")).not_to_contain_text("Dominica (demo data)")
    page.goto(f"{live_server.url}/assessments/")
    expect(page.locator("table")).not_to_contain_text("scoring")
    page.screenshot(path=str(artifacts / "access-url-guessing.png"))


def test_five_wrong_passwords_pause_sign_in(page: Page, live_server, demo):  # type: ignore[no-untyped-def]
    for _ in range(4):
        sign_in(page, live_server.url, "analyst", "not-the-password")
        expect(page.get_by_role("alert")).to_contain_text("didn't match")
    sign_in(page, live_server.url, "analyst", "not-the-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")
    sign_in(page, live_server.url, "analyst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")


def test_a_program_admin_sets_up_and_uses_two_factor_sign_in(
    browser: Browser, live_server, demo, settings, artifacts
):  # type: ignore[no-untyped-def]
    settings.CYBERCAP_REQUIRE_2FA = True
    page = browser.new_context().new_page()
    sign_in(page, live_server.url, "program")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.locator(".qr svg")).to_be_visible()
    page.screenshot(path=str(artifacts / "two-factor-setup.png"))
    device = TOTPDevice.objects.get(user__username="program")
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Continue").click()
    page.get_by_role("button", name="Log out").click()

    sign_in(page, live_server.url, "program")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".message--warning")).to_contain_text("recovery code")
    page.goto(f"{live_server.url}/assessments/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Assessments"))
