"""Documents from the browser: Dominica's assessment report, the regional report and the
program report, each rendered by the report worker while the page shows its progress."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cybercap.assessments.demo import demo_assessments_create
from cybercap.assessments.models import Assessment
from cybercap.core.demo import DEMO_PASSWORD, demo_users_create
from cybercap.program.demo import demo_program_create
from cybercap.regional.demo import demo_regional_create
from cybercap.reports.jobs import start_worker_thread


@pytest.fixture
def demo(transactional_db, reference):  # type: ignore[no-untyped-def]
    demo_users_create()
    demo_assessments_create(say=lambda _message: None)
    demo_program_create(say=lambda _message: None)
    demo_regional_create(say=lambda _message: None)
    stop = start_worker_thread()
    yield
    stop.set()


def _login(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _download(page: Page, button: str, artifacts, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name=button).click()
    status = page.locator("#job-status")
    expect(status).to_be_visible()
    expect(status).to_have_attribute("data-status", "done", timeout=60_000)
    with page.expect_download() as info:
        status.get_by_role("link", name="Download").click()
    path = artifacts / name
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")


def test_documents_from_the_browser(page: Page, live_server, demo, artifacts):  # type: ignore[no-untyped-def]
    baseline = Assessment.objects.get(
        country_id="DMA", status="published", framework__kind="maturity"
    )
    _login(page, live_server.url, "dominica")
    page.goto(f"{live_server.url}/assessments/{baseline.pk}/results/")
    _download(page, "Restricted report (PDF)", artifacts, "browser-assessment-report.pdf")
    page.screenshot(path=str(artifacts / "report-ready.png"))

    _login(page, live_server.url, "analyst")
    page.goto(f"{live_server.url}/groups/caribbean-14/comparison/")
    _download(page, "Regional report (PDF)", artifacts, "browser-regional-report.pdf")

    _login(page, live_server.url, "program")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Program").click()
    _download(page, "Program report (PDF)", artifacts, "browser-program-report.pdf")
    page.get_by_role("banner").get_by_role("link", name="My documents").click()
    expect(page.locator("tbody tr")).to_have_count(1)
