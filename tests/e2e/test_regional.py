"""A regional analyst compares the 14 Caribbean states and exports the matrix."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cybercap.assessments.demo import demo_assessments_create
from cybercap.core.demo import DEMO_PASSWORD, demo_users_create


@pytest.fixture
def demo(transactional_db, reference):  # type: ignore[no-untyped-def]
    demo_users_create()
    demo_assessments_create(say=lambda _message: None)


def test_an_analyst_sees_the_heatmap_common_gaps_and_a_country_against_the_median(
    page: Page, live_server, demo, artifacts
):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    page.get_by_role("link", name="Caribbean cyber security framework states").click()
    page.get_by_role("link", name="Compare these countries").click()
    heatmap = page.locator("svg[role=img]").first
    expect(heatmap).to_be_visible()
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(14)
    expect(page.locator(".gap-list li").first).to_contain_text("/ 14")
    page.get_by_label("Dimension").select_option(label="D4 Legal and Regulatory Frameworks")
    expect(page.locator(".gap-list li").first).to_contain_text("D4.")
    page.locator("#cmp-country").select_option(label="Jamaica")
    expect(page.locator("#position table")).to_contain_text("Group median")
    page.screenshot(path=str(artifacts / "regional-comparison.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename == "caribbean-14-comparison.xlsx"
