"""A regional analyst follows the regional plan's timeline and a state's national steps; the
state's coordinator reports on a step."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cybercap.assessments.demo import demo_assessments_create
from cybercap.core.demo import DEMO_PASSWORD, demo_users_create
from cybercap.program.demo import demo_program_create
from cybercap.regional.demo import TITLE, demo_regional_create
from cybercap.regional.models import NationalStep


@pytest.fixture
def demo(transactional_db, reference):  # type: ignore[no-untyped-def]
    demo_users_create()
    demo_assessments_create(say=lambda _message: None)
    demo_program_create(say=lambda _message: None)
    demo_regional_create(say=lambda _message: None)


def _login(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_regional_timeline_with_national_steps(page: Page, live_server, demo, artifacts):  # type: ignore[no-untyped-def]
    _login(page, live_server.url, "analyst")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Regional plans").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#timeline svg")).to_be_visible()
    expect(page.get_by_role("heading", name="Incident Response")).to_be_visible()
    expect(page.locator("#action-1, [id^=action-]").first).to_be_visible()
    expect(page.locator("#standards")).to_contain_text("D1.2")
    page.screenshot(path=str(artifacts / "regional-plan.png"), full_page=True)
    page.get_by_label("One country's steps").select_option(label="Dominica")
    expect(page.get_by_role("heading", name="Dominica")).to_be_visible()
    rows = page.locator("tr[data-step]")
    expect(rows).to_have_count(NationalStep.objects.filter(country_id="DMA").count())
    page.screenshot(path=str(artifacts / "regional-plan-dominica.png"), full_page=True)

    page.context.clear_cookies()
    _login(page, live_server.url, "dominica")
    step = NationalStep.objects.filter(country_id="DMA").exclude(status="done").first()
    page.goto(f"{live_server.url}/regional-plans/{step.action.plan_id}/countries/DMA/")
    page.locator(f'tr[data-step="{step.pk}"]').get_by_role("link", name="Update").click()
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_label("Note").fill("Completed and reported to the committee.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message--success")).to_contain_text("National step saved")
    expect(page.locator(f'tr[data-step="{step.pk}"]')).to_contain_text("Done")
    step.refresh_from_db()
    assert step.status == "done"
