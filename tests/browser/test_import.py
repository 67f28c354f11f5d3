"""An analyst imports projects from a CSV file in a real browser: upload, preview, confirm."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_projects import sign_in

pytestmark = pytest.mark.browser

CSV = (
    b"code,title,status,planned_start,planned_end,budget,sdg_targets,places\r\n"
    b"KZ-IMPORT-2026-001,Clean water for schools in Turkistan,1,2026-09-01,2028-08-31,"
    b"1250000.50,6.1 (70%); 4.a (30%),KZ-61\r\n"
)


def test_an_analyst_imports_a_csv_and_finds_the_project_in_the_register(page: Page, live_server):
    base = live_server.base_url
    sign_in(page, base, "analyst")
    page.goto(base + "/import")
    page.get_by_label("File to import").set_input_files(
        {"name": "new-projects.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Preview of new-projects.csv")).to_be_visible()
    expect(page.get_by_text("Nothing has been saved yet.")).to_be_visible()
    new = page.locator("section[aria-labelledby=creates]")
    expect(new).to_contain_text("KZ-IMPORT-2026-001")
    expect(new).to_contain_text("USD 1,250,000.50")
    page.get_by_role("button", name="Import: create 1, update 0").click()

    expect(page.get_by_text("Imported new-projects.csv: 1 created, 0 updated")).to_be_visible()
    page.goto(base + "/projects?q=KZ-IMPORT-2026-001")
    row = page.locator("tbody tr", has_text="KZ-IMPORT-2026-001")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Clean water for schools in Turkistan")
    expect(row).not_to_contain_text("Illustrative")  # an imported project is a real one
