"""A national coordinator drafts a strategy from the baseline's gaps: proposal → acceptance →
action edit → progress update, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cybercap.assessments.demo import demo_assessments_create
from cybercap.core.demo import DEMO_PASSWORD, demo_users_create
from cybercap.strategies.models import Action, Strategy


@pytest.fixture
def demo(transactional_db, reference):  # type: ignore[no-untyped-def]
    demo_users_create()
    demo_assessments_create(say=lambda _message: None)


def test_from_gaps_to_a_monitored_action(page: Page, live_server, demo, artifacts):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("dominica")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Strategies").click()
    page.get_by_label("Start a strategy for").select_option(label="Dominica")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_label("Baseline assessment", exact=True)).not_to_have_value("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message--success")).to_contain_text("Strategy started")

    page.get_by_role("link", name="Action plan").click()
    page.get_by_role("link", name="New objective").click()
    page.get_by_label("Title", exact=True).fill("Govern cyber security as a national priority")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Proposals from gaps").click()
    page.get_by_role("button", name="Propose actions for the gaps").click()
    expect(page.locator(".message--success")).to_contain_text("actions proposed")
    first = page.locator(".proposal").first
    proposed_title = first.locator("h3").inner_text()
    first.get_by_role("link", name="Accept and edit").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value(proposed_title)
    page.get_by_label("Lead agency", exact=True).fill("Ministry responsible for ICT")
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".message--success")).to_contain_text("added to the plan")

    page.get_by_role("link", name="Action plan").click()
    page.get_by_role("link", name=proposed_title).click()
    page.get_by_role("link", name="Edit", exact=True).last.click()
    page.get_by_label("Budget estimate").fill("120000")
    page.locator('input[name="milestones-0-title"]').fill("Terms of reference agreed")
    page.locator('input[name="milestones-0-due"]').fill("2027-03-31")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message--success")).to_contain_text("saved")

    progress = page.locator("#progress-form")
    progress.get_by_label("Status").select_option(label="On track")
    progress.get_by_label("Progress %").fill("30")
    progress.get_by_label("Note").fill("Working group agreed the terms of reference.")
    progress.get_by_role("button", name="Record").click()
    expect(page.locator(".message--success")).to_contain_text("Progress recorded")
    expect(page.locator("[data-status]")).to_have_text("On track")
    expect(page.locator("[data-progress]")).to_have_text("30 %")
    page.screenshot(path=str(artifacts / "strategy-action.png"), full_page=True)

    page.get_by_role("link", name="Timeline").click()
    expect(page.locator("#timeline svg")).to_be_visible()
    page.screenshot(path=str(artifacts / "strategy-timeline.png"), full_page=True)

    strategy = Strategy.objects.get(country_id="DMA")
    action = Action.objects.get(strategy=strategy)
    assert action.indicators.exists()  # linked to the baseline's gaps
    assert action.milestones.get().title == "Terms of reference agreed"
    assert (action.status, action.progress, action.budget) == ("on_track", 30, 120000)
