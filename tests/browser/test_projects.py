"""Analysts' journeys in a real browser: create a project, change its status, fix errors."""

import itertools
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import password_of

pytestmark = pytest.mark.browser
_codes = itertools.count(1)


def sign_in(page: Page, base_url: str, role: str) -> None:
    username, password = password_of(role)
    page.goto(base_url + "/sign-in")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()


def pick(page: Page, picker: str, search: str, code: str, share: str = "") -> None:
    box = page.locator(f"#{picker}-picker")
    box.get_by_placeholder("Type a code or words").fill(search)
    item = box.locator(f"[data-picker-item]:has(input[value='{code}'])")
    expect(item).to_be_visible()
    item.locator("input[type=checkbox]").check()
    if share:
        item.locator(".share-input").fill(share)


def test_an_analyst_creates_a_project_and_records_a_status_change(page: Page, live_server):
    base = live_server.base_url
    code = f"KZ-WHO-2025-{next(_codes):03d}"
    sign_in(page, base, "analyst")
    page.goto(base + "/projects/new")
    page.get_by_label("Project code").fill(code)
    page.get_by_label("Title", exact=True).fill("Telemedicine for rural clinics in Ulytau")
    page.get_by_label("Status", exact=True).select_option("2")
    page.get_by_label("Planned start").fill("2025-03-01")
    page.get_by_label("Planned end").fill("2027-02-28")
    page.get_by_label("Actual start").fill("2025-03-15")
    page.get_by_label("Budget", exact=True).fill("750000")
    pick(page, "targets", "universal health coverage", "3.8", "50")
    pick(page, "targets", "3.d", "3.d", "25")
    pick(page, "targets", "information and communications technology", "9.c", "25")
    pick(page, "places", "ulytau", "KZ-62")
    page.get_by_role("button", name="Create project").click()

    expect(page.get_by_text(f"Project {code} was created.")).to_be_visible()
    targets = page.locator("section[aria-labelledby=sdg]")
    for target in ("3.8", "3.d", "9.c"):
        expect(targets.get_by_text(target, exact=True)).to_be_visible()
    expect(targets).to_contain_text("50%")

    page.get_by_role("link", name="Record status change").click()
    page.get_by_label("New status").select_option(label="Suspended")
    page.get_by_label("Effective date").fill(date.today().isoformat())
    page.get_by_label("Reason", exact=True).fill("Equipment delivery delayed")
    page.get_by_role("button", name="Record the change").click()

    timeline = page.locator(".timeline li").first
    expect(timeline).to_contain_text("Implementation → Suspended")
    expect(timeline).to_contain_text("Equipment delivery delayed")
    expect(timeline).to_contain_text("by Demo analyst")


def test_a_form_with_errors_shows_them_and_keeps_the_input(page: Page, live_server):
    base = live_server.base_url
    sign_in(page, base, "analyst")
    page.goto(base + "/projects/new")
    page.get_by_label("Project code").fill("bad code with spaces")
    page.get_by_label("Title", exact=True).fill("Kept title")
    page.get_by_label("Planned start").fill("2025-03-01")
    page.get_by_label("Planned end").fill("2024-03-01")
    page.get_by_label("Budget", exact=True).fill("1000")
    pick(page, "targets", "13.2", "13.2", "70")
    pick(page, "targets", "7.3", "7.3", "20")
    page.get_by_role("button", name="Create project").click()

    expect(page.get_by_role("alert").first).to_contain_text("The project was not saved")
    expect(page.locator(".field:has(#code) .field-error")).to_contain_text("letters, digits")
    expect(page.locator("#targets-picker .field-error")).to_contain_text("add up to 90, not 100")
    expect(page.get_by_label("Title", exact=True)).to_have_value("Kept title")
    expect(page.locator("#targets-picker input[value='13.2']")).to_be_checked()
    expect(page.locator("input[name='targets-share-13.2']")).to_have_value("70")


def test_a_viewer_sees_no_edit_controls_and_is_refused(page: Page, live_server):
    base = live_server.base_url
    sign_in(page, base, "viewer")
    page.goto(base + "/projects/1")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    expect(page.get_by_role("link", name="Record status change")).to_have_count(0)
    response = page.goto(base + "/projects/1/edit")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


@pytest.mark.parametrize("path", ["/projects/1", "/projects/new", "/projects/1/status"])
def test_project_pages_fit_a_phone(page: Page, live_server, path):
    sign_in(page, live_server.base_url, "analyst")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.base_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
