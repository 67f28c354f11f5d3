"""A manager opens the funding dashboard in a browser and drills down to the projects."""

import os
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select

from tests.factories import add_figures, add_rate
from tracker.extensions import db
from tracker.models import AnnualFigure, Organisation, Project

pytestmark = pytest.mark.browser
# Where screenshots go when someone wants to look at the page (unset: none are taken).
SCREENSHOTS = os.environ.get("FUNDING_SCREENSHOTS")


@pytest.fixture(scope="module")
def funded(live_server):
    """Annual figures on twenty of the served portfolio's projects, in dollars and tenge."""
    with live_server.app.app_context():
        session = db.session
        session.execute(delete(AnnualFigure))  # the seed's illustrative figures
        projects = session.scalars(select(Project).order_by(Project.id).limit(20)).all()
        gef = session.scalar(select(Organisation).where(Organisation.acronym == "GEF"))
        for number, project in enumerate(projects):
            for year in (2022, 2023, 2024):
                add_figures(session, project, year, required=str(100_000 + 5_000 * number),
                            spent=str(20_000 + 1_000 * year % 7))  # fmt: skip
                add_figures(session, project, year, funder=gef if number % 3 else None,
                            available=str(60_000 + 2_000 * number))  # fmt: skip
            if number % 4 == 0:
                add_figures(session, project, 2024, "KZT", required="25000000")
        add_rate(session, "KZT", 2024, "0.0021", months=(1, 2, 3),
                 source="National Bank of Kazakhstan")  # fmt: skip
        add_figures(session, projects[1], 2022, "KZT", required="1000000")  # no rate for 2022
        session.commit()
    return live_server


def test_a_year_of_the_funding_dashboard_opens_its_projects(page: Page, funded):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(funded.base_url + "/")
    page.get_by_role("link", name="Funding", exact=True).click()
    heading = page.get_by_role("heading", name="Funding: required, available and spent")
    expect(heading).to_be_visible()
    expect(page.get_by_text("1 project's figures in KZT for 2022 are left out")).to_be_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/funding-page.png", full_page=True)
        page.screenshot(path=f"{SCREENSHOTS}/funding-top.png")
    years = page.locator("section[aria-labelledby=chart-years] table")
    row = years.locator("tr", has=page.locator("th", has_text="2023"))
    shown = int(row.locator("td").first.inner_text())
    assert shown == 20
    row.locator("th a").click()
    expect(page).to_have_url(re.compile(r"/projects\?.*figures_year=2023"))
    expect(page.get_by_text(re.compile(rf"\b{shown} projects match"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Total budget of these 20 projects: USD"))).to_be_visible()


def test_a_funder_and_a_goal_open_exactly_their_projects(page: Page, funded):
    page.goto(funded.base_url + "/dashboard/funding?year=2024")
    for name, label in (("funders", "GEF"), ("goals", None)):
        section = page.locator(f"section[aria-labelledby=chart-{name}]")
        row = section.locator("tbody tr", has_text=label) if label else section.locator(
            "tbody tr").first  # fmt: skip
        shown = int(row.locator("td").first.inner_text())
        row.locator("th a").click()
        expect(page.get_by_text(re.compile(rf"\b{shown} projects? match"))).to_be_visible()
        page.go_back()


def test_the_funding_dashboard_fits_a_phone(page: Page, funded):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(funded.base_url + "/dashboard/funding")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/funding-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if SCREENSHOTS:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(funded.base_url + "/")
        page.screenshot(path=f"{SCREENSHOTS}/home.png")
