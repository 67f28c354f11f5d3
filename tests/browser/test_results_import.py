"""An analyst reports a year's actual with a spreadsheet in a real browser: from the import
page to the actuals, download the results CSV, upload an edited copy, see the preview with
before → after, confirm, and see the new actual on the indicator's page."""

import csv
import io
import os

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_projects import sign_in
from tests.factories import add_indicator, make_project
from tracker.extensions import db

pytestmark = pytest.mark.browser


def an_indicator(live_server) -> tuple[str, int]:
    with live_server.app.app_context():
        project = make_project(db.session, title="Clinics for every district")
        indicator = add_indicator(db.session, project, title_en="Clinics open",
                                  periods=((2025, "50", "30"), (2026, "80", None)))  # fmt: skip
        db.session.commit()
        return project.code, indicator.id


def test_an_analyst_reports_an_actual_with_the_results_csv(page: Page, live_server, tmp_path):
    base = live_server.base_url
    code, indicator_id = an_indicator(live_server)
    folder = os.environ.get("SCREENSHOTS")
    sign_in(page, base, "analyst")
    page.goto(base + "/import")
    page.get_by_role("link", name="import actuals").click()
    expect(page.get_by_role("heading", name="Import actuals")).to_be_visible()
    if folder:
        page.screenshot(path=f"{folder}/results-import-upload.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="the indicators of all projects as CSV").click()
    exported = download.value.path().read_bytes().decode("utf-8-sig")

    # In the spreadsheet: the 2026 actual of our indicator, with where it comes from.
    rows = list(csv.DictReader(io.StringIO(exported, newline="")))
    for row in rows:
        if row["indicator_id"] == str(indicator_id) and row["period_start"] == "2026-01-01":
            row["actual_value"], row["actual_comment"] = "64.5", "district reports"
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    page.get_by_label("Results CSV file").set_input_files(
        {"name": "actuals-2026.csv", "mimeType": "text/csv",
         "buffer": out.getvalue().encode("utf-8-sig")}
    )  # fmt: skip
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Preview of actuals-2026.csv")).to_be_visible()
    change = page.locator("#results-changes tbody tr", has_text="Clinics open")
    expect(change).to_contain_text(code)
    expect(change).to_contain_text("2026")
    expect(change).to_contain_text("—")  # before: no actual yet
    expect(change).to_contain_text("64.5 (district reports)")
    if folder:
        page.screenshot(path=f"{folder}/results-import-preview.png", full_page=True)
    page.get_by_role("button", name="Import: change the results of 1 project").click()

    expect(page.get_by_text("Imported actuals-2026.csv")).to_be_visible()
    page.goto(f"{base}/indicators/{indicator_id}")
    period = page.locator("tr", has_text="2026")
    expect(period).to_contain_text("64.5")
    expect(period).to_contain_text("district reports")
