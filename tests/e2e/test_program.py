"""A program officer sees program figures change when a CSIRT record changes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cybercap.assessments.demo import demo_assessments_create
from cybercap.core.demo import DEMO_PASSWORD, demo_users_create
from cybercap.program.demo import demo_program_create
from cybercap.program.models import Csirt


@pytest.fixture
def demo(transactional_db, reference):  # type: ignore[no-untyped-def]
    demo_users_create()
    demo_assessments_create(say=lambda _message: None)
    demo_program_create(say=lambda _message: None)


def test_program_figures_follow_a_csirt_record(page: Page, live_server, demo, artifacts):  # type: ignore[no-untyped-def]
    operational = Csirt.objects.filter(status__in=["operational", "international_member"]).count()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("program")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Program").click()
    figure = page.locator('[data-figure="csirts"]')
    expect(figure).to_have_text(str(operational))
    expect(page.locator('[data-figure="states-assisted"]')).to_have_text("14")
    page.screenshot(path=str(artifacts / "program-figures.png"), full_page=True)

    country = Csirt.objects.exclude(status__in=["operational", "international_member"]).first()
    page.get_by_role("link", name="National CSIRTs").click()
    page.locator("tr", has_text=country.country.name).get_by_role("link", name="Edit").click()
    page.get_by_label("Status").select_option(label="Operational")
    page.get_by_label("Operational since").fill("2026-01-15")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message--success")).to_contain_text("CSIRT record saved")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Program").click()
    expect(figure).to_have_text(str(operational + 1))
