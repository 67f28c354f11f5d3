"""An analyst updates a year's money from a finance CSV in a real browser: from the import
page to the annual figures, upload, preview, confirm, and the project's page shows it."""

import os

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.test_projects import sign_in
from tracker.extensions import db
from tracker.models import Organisation, Project
from tracker.services.finance.annual import project_years

pytestmark = pytest.mark.browser


def a_project(live_server) -> tuple[int, str, str, int, str]:
    """A seeded project (id, code, currency, a year of its own) and a funder's acronym."""
    with live_server.app.app_context():
        project = db.session.scalars(
            select(Project).where(Project.planned_start.is_not(None)).order_by(Project.code)
        ).first()
        funder = db.session.scalars(select(Organisation).order_by(Organisation.id)).first()
        years = project_years(project)
        return project.id, project.code, project.currency, years[0], funder.acronym


def test_an_analyst_imports_annual_figures_and_sees_them_on_the_project(page: Page, live_server):
    base = live_server.base_url
    project_id, code, currency, year, funder = a_project(live_server)
    data = (
        "project_code,project_title,year,measure,amount,currency,funder,correction,note\r\n"
        f"{code},,{year},required,120000,{currency},,,\r\n"
        f"{code},,{year},available,90000,,{funder},,\r\n"
        f'{code},,{year},spent,"45000,50",,,,\r\n'
    ).encode()
    sign_in(page, base, "analyst")
    page.goto(base + "/import")
    page.get_by_role("link", name="import annual figures").click()
    expect(page.get_by_role("heading", name="Import annual figures")).to_be_visible()
    page.get_by_label("Finance CSV file").set_input_files(
        {"name": "finance-2025.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Preview of finance-2025.csv")).to_be_visible()
    expect(page.locator("#finance-scope")).to_have_text(
        f"Replaces {year} of 1 project; its other years stay unchanged."
    )
    changes = page.locator("#finance-changes")
    expect(changes).to_contain_text(code)
    expect(changes).to_contain_text(f"{currency} 45,000.50")
    expect(changes).to_contain_text(funder)
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/finance-import-preview.png", full_page=True)
    page.get_by_role("button", name="Import: change the figures of 1 project").click()

    expect(page.get_by_text("Imported finance-2025.csv")).to_be_visible()
    page.goto(f"{base}/projects/{project_id}")
    money = page.locator("section[aria-labelledby=money] tr", has_text=str(year)).first
    expect(money).to_contain_text("45,000.50")
    expect(money).to_contain_text("120,000")
    log = page.locator("section[aria-labelledby=changes]")
    expect(log).to_contain_text(f"Annual figures: {year} spent")
    expect(log).to_contain_text(f"{currency} 45,000.50")
    expect(log).to_contain_text(f"Annual figures: {year} available from {funder}")
    expect(log).to_contain_text("Demo analyst")
    if folder:
        page.screenshot(path=f"{folder}/finance-import-project.png", full_page=True)
