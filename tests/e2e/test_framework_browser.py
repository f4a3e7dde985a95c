"""A demo user logs in, browses the reference model, searches it and sees the matrix."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from cybercap.core.demo import DEMO_PASSWORD, demo_users_create


@pytest.fixture
def demo_users(transactional_db, reference):  # type: ignore[no-untyped-def]
    demo_users_create()


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".user-name")).to_have_text(re.compile("Dana Dominica"))


def test_a_coordinator_browses_and_searches_the_reference_model(
    page: Page, live_server, demo_users, artifacts
):  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    log_in(page, live_server.url, "dominica")

    page.get_by_role("link", name="Frameworks", exact=True).first.click()
    page.get_by_role("link", name="National cyber capacity reference model").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("reference model")
    expect(page.locator("#node-D1 > summary")).to_contain_text("Cybersecurity Policy and Strategy")

    page.get_by_placeholder("Search indicators by word or code").fill("D4.1")
    expect(page.locator(".search-results h2")).to_contain_text("D4.1")
    expect(page.locator(".result").first).to_contain_text("D4.1")
    assert "q=D4.1" in page.url  # the search is in the address, so it can be shared
    page.screenshot(path=str(artifacts / "framework-search.png"), full_page=True)

    page.get_by_role("link", name="Stage matrix").click()
    expect(page.locator("table.matrix")).to_contain_text("Dynamic")
    page.screenshot(path=str(artifacts / "stage-matrix.png"))
    assert errors == [], errors


def test_the_language_switcher_translates_the_page(page: Page, live_server, demo_users):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/countries/")
    page.select_option("#language-select", "es")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_placeholder(re.compile("ISO")).fill("Dominique")
    expect(page.locator("#country-rows")).to_contain_text("Dominica")
