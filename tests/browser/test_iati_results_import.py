"""An analyst previews an IATI file with results in a real browser: the preview counts each
activity's results, indicators, periods and policy markers before anything is saved."""

import os

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_projects import sign_in
from tests.iati_results_files import results_activity, results_file

pytestmark = pytest.mark.browser


def test_the_preview_counts_an_activitys_results(page: Page, live_server):
    base = live_server.base_url
    sign_in(page, base, "analyst")
    page.goto(base + "/import")
    data = results_file(results_activity(), results_activity("XM-TEST-TWO"))
    page.get_by_label("File to import").set_input_files(
        {"name": "results.xml", "mimeType": "application/xml", "buffer": data}
    )
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Preview of results.xml")).to_be_visible()
    table = page.locator("section[aria-labelledby=published-results]")
    expect(table.get_by_role("heading", name="Results and policy markers")).to_be_visible()
    row = table.locator("tbody tr", has_text="XM-TEST-TWO")
    expect(row.locator("td")).to_have_text(["XM-TEST-TWO", "2", "3", "4", "3"])
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/iati-results-preview.png", full_page=True)
