"""The whole needs-assessment workflow in the browser: create, consult, add evidence, rate with
two assessors, reconcile, approve, then read results and the comparison with the last round."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from cybercap.assessments.demo import demo_assessments_create
from cybercap.core.demo import DEMO_PASSWORD, demo_users_create

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def demo(transactional_db, reference):  # type: ignore[no-untyped-def]
    demo_users_create()
    demo_assessments_create(say=lambda _message: None)
    get_user_model().objects.create_user(
        "second", password=DEMO_PASSWORD, first_name="Second", last_name="Assessor"
    )


def session(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def move_to(page: Page, label: str) -> None:
    page.get_by_role("button", name=f"Move to “{label}”").click()
    expect(page.locator(".page-head .status")).to_have_text(label)


def rate(page: Page, code: str, value: str, *, reconcile: bool = False) -> None:
    row = page.locator(f"tr[id='row-{code}']")
    row.get_by_role("link", name="Reconcile" if reconcile else "Rate").click()
    form = page.locator(f"tr[id='row-{code}'] form.rating-form")
    expect(form).to_be_visible()
    form.get_by_label("Value", exact=True).select_option(label=value)
    form.get_by_label("Rationale", exact=True).fill(f"{value} on the evidence seen")
    form.get_by_role("button", name="Save").click()
    expect(page.locator(f"tr[id='row-{code}'] form")).to_have_count(0)


def test_a_team_runs_an_assessment_from_creation_to_approved_results(
    browser: Browser, live_server, demo, artifacts, tmp_path
):  # type: ignore[no-untyped-def]
    base = live_server.url
    coordinator = session(browser, base, "dominica")
    coordinator.get_by_role("link", name="Assessments", exact=True).click()
    coordinator.get_by_role("link", name="New assessment").click()
    coordinator.get_by_label("Country", exact=True).select_option(label="Dominica")
    coordinator.get_by_label("Framework", exact=True).select_option(
        label="National cyber capacity reference model (2021.1)"
    )
    coordinator.get_by_label("Title", exact=True).fill("National capacity review 2026")
    coordinator.get_by_label("Round", exact=True).fill("2026 review")
    coordinator.get_by_label("Mission start", exact=True).fill("2026-03-02")
    coordinator.get_by_label("Mission end", exact=True).fill("2026-03-06")
    coordinator.get_by_label("Lead assessor", exact=True).select_option(label="assessor")
    coordinator.get_by_label("Assessors", exact=True).select_option(label=["assessor", "second"])
    coordinator.get_by_label("Reviewers", exact=True).select_option(label="reviewer")
    coordinator.get_by_role("button", name="Create assessment").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "National capacity review 2026"
    )
    url = coordinator.url
    move_to(coordinator, "Collecting evidence")

    coordinator.get_by_role("link", name="Consultations").click()
    coordinator.get_by_role("link", name="Record a consultation").click()
    coordinator.get_by_label("Stakeholder cluster", exact=True).select_option(
        label="Private sector"
    )
    coordinator.get_by_label("D1 Cybersecurity Policy and Strategy", exact=True).check()
    coordinator.locator("#id_participants_private_sector").fill("12")
    coordinator.get_by_label("Notes", exact=True).fill("Banks described their incident reporting.")
    coordinator.get_by_role("button", name="Save").click()
    expect(coordinator.locator(".schedule")).to_contain_text("Private sector")
    expect(coordinator.locator(".schedule")).to_contain_text("12 participants")

    coordinator.get_by_role("link", name="Evidence", exact=True).click()
    coordinator.get_by_role("link", name="Add evidence").click()
    coordinator.get_by_label("Source", exact=True).select_option(label="Document")
    coordinator.get_by_label("Title", exact=True).fill("Draft national strategy 2026")
    pdf = tmp_path / "strategy.pdf"
    pdf.write_bytes(PDF)
    coordinator.get_by_label("File", exact=True).set_input_files(str(pdf))
    coordinator.get_by_label("Indicators supported", exact=True).fill("D1.1.1-2a D1.1.1-2b")
    coordinator.get_by_role("button", name="Save").click()
    expect(coordinator.locator("table")).to_contain_text("Draft national strategy 2026")
    coordinator.goto(url)
    move_to(coordinator, "Scoring")

    for username, second_value in (("assessor", "Not met"), ("second", "Met")):
        assessor = session(browser, base, username)
        assessor.goto(f"{url}ratings/?dimension=D1")
        rate(assessor, "D1.1.1-2a", "Met")
        rate(assessor, "D1.1.1-2b", second_value)
        expect(assessor.locator("tr[id='row-D1.1.1-2a']")).to_contain_text("Met")
    reviewer = session(browser, base, "reviewer")
    reviewer.goto(f"{url}ratings/?show=disagreements")
    expect(reviewer.locator("tr[data-row]")).to_have_count(1)
    reviewer.locator("tr[id='row-D1.1.1-2b']").get_by_role("link", name="Reconcile").click()
    expect(reviewer.locator(".side-by-side")).to_contain_text("Second Assessor")
    reviewer.get_by_label("Value", exact=True).select_option(label="Not met")
    reviewer.get_by_role("button", name="Save").click()
    expect(reviewer.locator("tr[id='row-D1.1.1-2b']")).to_contain_text("Not met")
    reviewer.screenshot(path=str(artifacts / "assessment-reconcile.png"), full_page=True)
    reviewer.goto(f"{url}ratings/")
    reviewer.get_by_role("button", name="Accept agreed ratings").click()
    expect(reviewer.locator(".message--success")).to_contain_text("1 agreed rating")

    lead = session(browser, base, "assessor")
    lead.goto(url)
    move_to(lead, "In review")
    reviewer.goto(url)
    move_to(reviewer, "Approved")

    reviewer.get_by_role("link", name="Results").click()
    expect(reviewer.locator("svg[role=img]").first).to_be_visible()
    expect(reviewer.get_by_role("heading", name="Compared with 2014 baseline")).to_be_visible()
    expect(reviewer.locator(".results-table").first).to_contain_text(
        "National Cybersecurity Strategy"
    )
    reviewer.screenshot(path=str(artifacts / "assessment-results.png"), full_page=True)


def test_a_refused_rating_shows_why_in_the_row(browser: Browser, live_server, demo):  # type: ignore[no-untyped-def]
    """The workspace saves a rating in place; a save the server refuses (here: a version saved
    since, in another tab) shows its message in the row instead of doing nothing."""
    from cybercap.assessments.models import Assessment

    follow_up = Assessment.objects.get(country_id="DMA", round_label="2020 follow-up")
    url = f"{live_server.url}/assessments/{follow_up.pk}/ratings/"
    first, second = (session(browser, live_server.url, "assessor") for _ in range(2))
    code = "D1.1.1-2a"
    for page in (first, second):
        page.goto(url)
        page.locator(f"tr[id='row-{code}']").get_by_role("link", name="Rate").click()
        expect(page.locator(f"tr[id='row-{code}'] form.rating-form")).to_be_visible()

    form = second.locator(f"tr[id='row-{code}'] form.rating-form")
    form.get_by_label("Value", exact=True).select_option(index=1)
    form.get_by_role("button", name="Save").click()
    expect(second.locator(f"tr[id='row-{code}'] form")).to_have_count(0)

    form = first.locator(f"tr[id='row-{code}'] form.rating-form")
    form.get_by_label("Value", exact=True).select_option(index=2)
    form.get_by_role("button", name="Save").click()
    expect(first.locator(f"tr[id='row-{code}'] [role='alert']")).to_contain_text(
        "You saved this rating again elsewhere"
    )
    # Saving again now starts from the version saved meanwhile, and goes through.
    first.locator(f"tr[id='row-{code}'] form.rating-form").get_by_role(
        "button", name="Save"
    ).click()
    expect(first.locator(f"tr[id='row-{code}'] form")).to_have_count(0)
