"""A manager opens the results dashboard and clicks a goal's off-track count."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_a_goals_off_track_count_opens_as_many_rows(page: Page, live_server):
    page.goto(live_server.base_url + "/dashboard/results")
    link = page.locator("table.results-table a[data-status=moving_away]").first
    shown = int(link.inner_text())
    assert shown > 0
    link.click()

    expect(page).to_have_url(re.compile(r"/dashboard/results/indicators\?.*progress=moving_away"))
    expect(page.locator("table.results-list tbody tr")).to_have_count(shown)
    expect(page.locator(".results-count")).to_contain_text(f"{shown} indicator")
