"""Analysts' journeys in a real browser: create a project, change its status, fix errors."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import password_of
from tests.factories import make_project
from tracker.extensions import db

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


# --- editing, and two analysts at once -----------------------------------------------------


def fresh_project(live_server, **fields) -> int:
    """A project of its own for one journey (the live server's database is shared)."""
    with live_server.app.app_context():
        project = make_project(db.session, **fields)
        db.session.commit()
        return project.id


def two_analysts(browser: Browser, base: str) -> tuple[Page, Page]:
    """Two people in browsers of their own: the demo analyst and the demo admin."""
    pages = []
    for role in ("analyst", "admin"):
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, base, role)
        pages.append(page)
    return pages[0], pages[1]


def test_an_analyst_edits_a_project_and_sees_it_on_its_page(page: Page, live_server):
    base = live_server.base_url
    project_id = fresh_project(live_server, title="Energy audits of schools")
    sign_in(page, base, "analyst")
    page.goto(f"{base}/projects/{project_id}")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Title", exact=True).fill("Energy audits of schools in Abay")
    page.get_by_label("Budget", exact=True).fill("125000.50")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text("was saved (version")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Energy audits of schools in Abay")
    log = page.locator(".change-log")
    expect(log).to_contain_text("USD 100,000 → USD 125,000.50")


def test_a_status_form_shows_all_its_problems_at_once(page: Page, live_server):
    base = live_server.base_url
    project_id = fresh_project(live_server)
    sign_in(page, base, "analyst")
    page.goto(f"{base}/projects/{project_id}/status")
    expect(page.get_by_label("New status")).to_have_value("")  # nothing chosen for you
    page.get_by_label("New status").select_option(label="Suspended")
    page.get_by_label("Effective date").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_label("Reason", exact=True).fill("")
    page.get_by_role("button", name="Record the change").click()

    expect(page.get_by_text("The effective date cannot be in the future.")).to_be_visible()
    expect(page.get_by_text("Give the reason for the change.")).to_be_visible()
    expect(page.get_by_label("New status")).to_have_value("6")
    page.get_by_label("Effective date").fill(date.today().isoformat())
    page.get_by_label("Reason", exact=True).fill("Contractor withdrew")
    page.get_by_role("button", name="Record the change").click()
    expect(page.locator(".timeline li").first).to_contain_text("Implementation → Suspended")


def test_two_analysts_edit_different_fields_and_both_changes_stay(browser: Browser, live_server):
    base = live_server.base_url
    project_id = fresh_project(live_server, title="Flood warnings on the Ural",
                               description="Gauges upstream.")  # fmt: skip
    alice, bob = two_analysts(browser, base)
    for page in (alice, bob):
        page.goto(f"{base}/projects/{project_id}/edit")
    alice.get_by_label("Description", exact=True).fill("Gauges upstream and sirens in Atyrau.")
    alice.get_by_role("button", name="Save changes").click()
    expect(alice.get_by_text("was saved (version")).to_be_visible()

    bob.get_by_label("Title", exact=True).fill("Flood warnings on the Ural and Emba")
    bob.get_by_role("button", name="Save changes").click()
    expect(bob.get_by_text("were kept: Description")).to_be_visible()
    expect(bob.get_by_role("heading", level=1)).to_have_text("Flood warnings on the Ural and Emba")
    expect(bob.locator(".prose")).to_have_text("Gauges upstream and sirens in Atyrau.")


def test_two_analysts_change_the_same_field_and_the_second_chooses(browser: Browser, live_server):
    base = live_server.base_url
    project_id = fresh_project(live_server, title="Green corridors in Astana",
                               budget=Decimal("1250000.50"))  # fmt: skip
    alice, bob = two_analysts(browser, base)
    for page in (alice, bob):
        page.goto(f"{base}/projects/{project_id}/edit")
    alice.get_by_label("Title", exact=True).fill("Green corridors in Astana and Kosshy")
    alice.get_by_label("Budget", exact=True).fill("1400000")
    alice.get_by_role("button", name="Save changes").click()
    expect(alice.get_by_text("was saved (version")).to_be_visible()

    bob.get_by_label("Title", exact=True).fill("Tree corridors in Astana")
    bob.get_by_label("Description", exact=True).fill("Planting along the Yesil.")
    bob.get_by_role("button", name="Save changes").click()
    panel = bob.locator("#conflict")
    expect(panel).to_contain_text("Someone else saved this project while you were editing")
    expect(panel).to_contain_text("Green corridors in Astana and Kosshy")
    expect(panel).to_contain_text("Tree corridors in Astana")
    expect(panel).to_contain_text("USD 1,250,000.50 → USD 1,400,000")
    expect(bob.get_by_label("Budget", exact=True)).to_have_value("1400000.00")

    panel.get_by_label("Use mine").check()
    bob.get_by_role("button", name="Save changes").click()
    expect(bob.get_by_role("heading", level=1)).to_have_text("Tree corridors in Astana")
    expect(bob.locator(".prose")).to_have_text("Planting along the Yesil.")
    expect(bob.locator("dd", has_text="USD 1,400,000")).to_be_visible()


def test_a_status_form_opened_before_another_change_explains_it(browser: Browser, live_server):
    base = live_server.base_url
    project_id = fresh_project(live_server, title="Rural broadband in Ulytau")
    alice, bob = two_analysts(browser, base)
    for page in (alice, bob):
        page.goto(f"{base}/projects/{project_id}/status")
    alice.get_by_label("New status").select_option(label="Suspended")
    alice.get_by_label("Effective date").fill(date.today().isoformat())
    alice.get_by_label("Reason", exact=True).fill("Licence withdrawn")
    alice.get_by_role("button", name="Record the change").click()
    expect(alice.locator(".timeline li").first).to_contain_text("Implementation → Suspended")

    bob.get_by_label("New status").select_option(label="Finalisation")
    bob.get_by_label("Effective date").fill(date.today().isoformat())
    bob.get_by_label("Reason", exact=True).fill("Last towers built")
    bob.get_by_role("button", name="Record the change").click()
    panel = bob.locator("#conflict")
    expect(panel).to_contain_text("Implementation → Suspended")
    expect(bob.get_by_text("A project in Suspended cannot move to Finalisation")).to_be_visible()
    expect(bob.get_by_label("New status")).to_have_value("")
    expect(bob.get_by_label("Reason", exact=True)).to_have_value("Last towers built")
