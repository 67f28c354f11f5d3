"""An analyst corrects a year's money of a seed project in a real browser and sees it on the
project page, with the change in its log."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.test_projects import sign_in
from tracker.extensions import db
from tracker.models import Project

pytestmark = pytest.mark.browser
CODE = "ILLUS-KZ-UNDP-2021-001"  # closed, 2021 to 2025, funded by UNDP


def test_an_analyst_edits_a_years_figures_of_a_seed_project(page: Page, live_server, tmp_path):
    base = live_server.base_url
    with live_server.app.app_context():
        project_id = db.session.scalar(select(Project.id).where(Project.code == CODE))
    sign_in(page, base, "analyst")
    page.goto(f"{base}/projects/{project_id}")
    money = page.locator("section[aria-labelledby=money]")
    expect(money.get_by_text("Illustrative figures")).to_be_visible()
    expect(money.locator("tbody tr").first).to_contain_text("704,700")
    page.set_viewport_size({"width": 1280, "height": 900})
    money.screenshot(path=tmp_path / "money-section.png")

    money.get_by_role("link", name="Edit annual figures").click()
    expect(page.get_by_role("heading", name="Annual figures", exact=True)).to_be_visible()
    spent_2022 = page.get_by_label("Spent in 2022")
    expect(spent_2022).to_have_value("857000.00")
    spent_2022.fill("860500")
    page.screenshot(path=tmp_path / "annual-form.png", full_page=True)
    page.get_by_role("button", name="Save annual figures").click()

    expect(page.get_by_text(f"The annual figures of {CODE} were saved.")).to_be_visible()
    row_2022 = money.locator("tbody tr", has=page.locator("th", has_text="2022"))
    expect(row_2022).to_contain_text("860,500")
    log = page.locator("section[aria-labelledby=changes]")
    expect(log).to_contain_text("Annual figures: 2022 spent")
    expect(log).to_contain_text("USD 857,000 → USD 860,500")
    page.screenshot(path=tmp_path / "project-after.png", full_page=True)
