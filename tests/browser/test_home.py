"""The home page in a real browser, at laptop and phone widths."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_a_manager_reads_the_headline_figures(page: Page, live_server):
    page.goto(live_server.base_url + "/")
    expect(page.get_by_role("heading", name="Portfolio overview")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("Illustrative data.")
    figures = page.locator(".figure")
    expect(figures.filter(has_text="projects in the portfolio")).to_contain_text("235")
    expect(figures.filter(has_text="active (in implementation)")).to_contain_text("35")
    expect(figures.filter(has_text="completed (closed)")).to_contain_text("200")
    # The goal colours arrive from the app's own stylesheet (no inline styles under CSP).
    badge = page.locator(".goal-badge.goal-13").first
    expect(badge).to_have_css("background-color", "rgb(63, 126, 68)")


def test_the_home_page_fits_a_phone_without_sideways_scrolling(page: Page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.base_url + "/")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360
