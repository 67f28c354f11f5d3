"""An analyst records a project's results in a real browser: a result, an indicator with a
baseline and a target, then the actual; the status changes on the indicator page and on the
results dashboard. The same analyst links the project to an output of the results chain."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_projects import sign_in
from tests.factories import make_project
from tracker.extensions import db

pytestmark = pytest.mark.browser


def _count(page: Page, base: str, status: str) -> int:
    page.goto(f"{base}/dashboard/results")
    link = page.locator(f"table.results-table a[data-goal='3'][data-status='{status}']")
    return int(link.inner_text()) if link.count() else 0


@pytest.fixture
def project(live_server):
    with live_server.app.app_context():
        start = date(2024, 1, 1)
        found = make_project(db.session, title="Telemedicine", planned_start=start,
                             actual_start=start)  # fmt: skip
        db.session.commit()
        return found.id, found.code


def test_an_analyst_records_an_actual_and_sees_the_status_change(page: Page, live_server,
                                                                 project, tmp_path):  # fmt: skip
    base, (project_id, _code) = live_server.base_url, project
    sign_in(page, base, "analyst")
    on_track_before = _count(page, base, "on_track")
    no_data_before = _count(page, base, "no_data")

    page.goto(f"{base}/projects/{project_id}")
    results = page.locator("section[aria-labelledby=results]")
    expect(results).to_contain_text("No results recorded yet.")
    results.get_by_role("link", name="Add a result").click()
    page.get_by_label("Title").fill("Rural clinics offer telemedicine")
    page.get_by_role("button", name="Add the result, then its first indicator").click()

    page.get_by_label("Title (English)").fill("Clinics offering telemedicine")
    page.get_by_label("SDG indicator it follows (optional)").select_option("3.8.1")
    page.get_by_label("Baseline year").fill("2023")
    page.get_by_label("Baseline value").fill("10")
    page.get_by_role("button", name="Add the indicator, then its first target").click()

    expect(page.get_by_label("Period start")).to_have_value("2024-01-01")
    page.get_by_label("Target", exact=True).fill("50")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The period was saved.")).to_be_visible()
    expect(page.locator(".badge.progress-no_data")).to_have_text("Not enough data")
    expect(page.locator("svg .actual-dot")).to_have_count(0)
    assert _count(page, base, "no_data") == no_data_before + 1

    page.goto(f"{base}/projects/{project_id}")
    page.get_by_role("link", name="Clinics offering telemedicine").click()
    page.get_by_role("link", name="Record actual").click()
    page.get_by_label("Actual").fill("48,5")
    page.get_by_label("Comment").fill("Ministry of Health report")
    page.screenshot(path=tmp_path / "record-actual.png", full_page=True)
    page.get_by_role("button", name="Record the actual").click()

    expect(page.get_by_text("The actual was recorded.")).to_be_visible()
    expect(page.locator(".badge.progress-on_track")).to_have_text("On track")
    expect(page.locator("svg .actual-dot")).to_have_count(1)
    expect(page.locator("svg .value-label").filter(has_text="48.5")).to_have_count(1)
    expect(page.locator(".change-log")).to_contain_text("48.5 (Ministry of Health report)")
    page.screenshot(path=tmp_path / "indicator.png", full_page=True)
    assert _count(page, base, "on_track") == on_track_before + 1
    assert _count(page, base, "no_data") == no_data_before


def test_an_analyst_links_a_project_to_an_output(page: Page, live_server, project):
    base, (project_id, code) = live_server.base_url, project
    sign_in(page, base, "analyst")
    page.goto(f"{base}/projects/{project_id}")
    section = page.locator("section[aria-labelledby=outputs]")
    expect(section).to_contain_text("Not linked to an output")
    section.get_by_role("link", name="Choose outputs").click()
    page.get_by_label("OP1.1.1").check()
    page.get_by_role("button", name="Save outputs").click()

    expect(page.get_by_text(f"The outputs of {code} were saved.")).to_be_visible()
    expect(section).to_contain_text("Primary health care facilities use digital records")
    section.get_by_role("link", name="OP1.1.1").click()
    expect(page.locator("table.data")).to_contain_text(code)
