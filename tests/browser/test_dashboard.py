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
