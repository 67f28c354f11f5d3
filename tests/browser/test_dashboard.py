"""A manager reads the dashboard in a browser and drills down to the projects."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_clicking_a_goal_opens_the_matching_filtered_register(page: Page, live_server):
    page.goto(live_server.base_url + "/dashboard")
    goals = page.locator("section[aria-labelledby=chart-goals]")
    bar = goals.locator(".bar-row", has_text="13 Climate action")
    shown = int(bar.locator(".bar-value").inner_text())
    assert shown > 0
    bar.click()

    expect(page).to_have_url(re.compile(r"/projects\?.*goal=13"))
    expect(page.get_by_text(re.compile(rf"\b{shown} projects? match"))).to_be_visible()


def test_filters_apply_to_every_chart_and_stay_in_the_url(page: Page, live_server):
    page.goto(live_server.base_url + "/dashboard")
    page.get_by_label("Status", exact=True).select_option("2")
    page.get_by_label("UN agency", exact=True).select_option("UNDP")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"status=2.*agency=UNDP"))
    statuses = page.locator("section[aria-labelledby=chart-statuses]")
    expect(statuses.locator(".bar-row", has_text="Closed").locator(".bar-value")).to_have_text("0")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"agency=UNDP"))


@pytest.mark.parametrize("path", ["/dashboard", "/dashboard/sdg", "/dashboard/sdg/13",
                                  "/dashboard/heatmap?mode=budget"])  # fmt: skip
def test_dashboards_fit_a_phone(page: Page, live_server, path):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.base_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _total_budget(page: Page) -> str:
    card = page.locator(".card.figure", has=page.locator(".figure-label", has_text="total budget"))
    return card.locator(".figure-value").inner_text()


def _record_a_tenge_project(app) -> None:
    """An analyst records a project budgeted in tenge, through the service the form uses."""
    from datetime import date
    from decimal import Decimal

    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.models import User
    from tracker.services.portfolio.projects import ProjectData, create_project

    with app.app_context():
        analyst = db.session.scalar(select(User).where(User.username == "analyst"))
        data = ProjectData(
            code="KZ-TENGE-1", title="Rural clinics (tenge budget)", budget=Decimal("500000000"),
            currency="KZT", planned_start=date(2024, 1, 1), planned_end=date(2026, 12, 31),
            targets=[("3.8", None)],
        )  # fmt: skip
        create_project(db.session, data, 1, analyst, today=date(2024, 1, 1))
        db.session.commit()


def test_a_tenge_budget_is_named_not_added_to_the_dollars(page: Page, live_server):
    base = live_server.base_url
    page.goto(base + "/dashboard")
    dollars = _total_budget(page)
    assert dollars.startswith("USD")
    expect(page.locator(".currency-note")).to_have_count(0)
    _record_a_tenge_project(live_server.app)

    page.goto(base + "/dashboard")
    assert _total_budget(page) == dollars
    note = page.locator(".currency-note")
    expect(note).to_have_text("Budgets in USD. Left out: 1 project in KZT (KZT 500,000,000).")
    page.goto(base + "/dashboard/sdg")
    expect(page.locator(".currency-note")).to_contain_text("1 project in KZT")

    # Budgets in tenge instead: chosen in the filters, and the dollars are what is left out.
    page.goto(base + "/dashboard?mode=budget")
    page.get_by_label("Budgets in").select_option("KZT")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"currency=KZT"))
    assert _total_budget(page) == "KZT 500.0 million"
    expect(page.locator(".currency-note")).to_contain_text("Budgets in KZT.")
    goals = page.locator("section[aria-labelledby=chart-goals]")
    goals.locator("a.bar-row", has_text="3 Good health").click()
    expect(page).to_have_url(re.compile(r"/projects\?.*currency=KZT"))
    expect(page.get_by_text(re.compile(r"\b1 project matches"))).to_be_visible()

    for language in ("kk", "ru"):
        for path in ("/dashboard", "/dashboard/sdg"):
            page.goto(f"{base}/language/{language}?next={path}")
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator(".currency-note")).to_contain_text("KZT")
