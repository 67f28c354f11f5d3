"""An analyst codes a seed project's Gender Equality Marker and a policy marker in a real
browser, sees them on the project page, and finds the project in the register filtered by
"GEM 2 or 3"; the markers dashboard with the seed data."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.test_projects import sign_in
from tracker.extensions import db
from tracker.models import Project
from tracker.models.results import ProjectMarker

pytestmark = pytest.mark.browser


def test_an_analyst_codes_a_project_and_finds_it_by_its_marker(page: Page, live_server, tmp_path):
    base = live_server.base_url
    with live_server.app.app_context():
        coded = select(ProjectMarker.project_id)
        project_id, code = db.session.execute(
            select(Project.id, Project.code)
            .where(Project.id.not_in(coded), Project.parent_id.is_(None))
            .order_by(Project.code)
        ).first()  # fmt: skip
    sign_in(page, base, "analyst")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/projects/{project_id}")
    section = page.locator("section[aria-labelledby=markers]")
    expect(section.get_by_text("Not yet coded")).to_have_count(2)

    section.get_by_role("link", name="Edit markers").click()
    page.get_by_label("Gender Equality Marker", exact=True).select_option("2")
    page.get_by_label("Why this score (gender)").fill(
        "A gender analysis shaped the design; two outputs target rural women."
    )
    page.get_by_label("Gender Equality", exact=True).select_option("1")
    page.screenshot(path=tmp_path / "markers-form.png", full_page=True)
    page.get_by_role("button", name="Save markers").click()

    expect(page.get_by_text(f"The markers of {code} were saved.")).to_be_visible()
    expect(section).to_contain_text("Significant contribution to gender equality")
    expect(section).to_contain_text("two outputs target rural women")
    expect(section).to_contain_text("1 – significant objective")
    expect(section.get_by_text("Not yet coded")).to_have_count(1)  # human rights still
    section.screenshot(path=tmp_path / "markers-section.png")

    page.goto(f"{base}/projects")
    page.get_by_text("More filters").click()
    page.get_by_label("Gender Equality Marker").select_option(label="2 or 3")
    page.get_by_label("Search code, title and description").fill(code)
    page.locator(".register-filters").screenshot(path=tmp_path / "register-filters.png")
    page.get_by_role("button", name="Show projects").click()
    expect(page.locator("#result-count")).to_contain_text("1 project matches")
    expect(page.locator("table.register")).to_contain_text(code)
    expect(page.locator(".active-filters")).to_contain_text("Gender Equality Marker: 2 or 3")


def test_the_markers_dashboard_with_the_seed(page: Page, live_server, tmp_path):
    base = live_server.base_url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/dashboard")
    page.get_by_role("link", name="Gender and human-rights markers").click()
    expect(
        page.get_by_role("heading", name="Gender equality and human rights markers")
    ).to_be_visible()
    page.screenshot(path=tmp_path / "markers-dashboard.png", full_page=True)
    high = page.locator(".marker-figure").first.locator("a").first
    count = high.inner_text()
    high.click()
    expect(page.locator("#result-count")).to_contain_text(f"{count} projects match")
