"""An analyst makes one project a component of another, in a real browser."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_projects import sign_in
from tests.factories import make_project
from tracker.extensions import db

pytestmark = pytest.mark.browser
# Where to keep the screenshots for a person to look at (nothing is written without it).
SCREENSHOTS = os.environ.get("TRACKER_SCREENSHOTS")


def _shoot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS, name)), full_page=True)


def test_an_analyst_sets_a_projects_parent_and_sees_it_among_the_components(
    page: Page, live_server
):
    with live_server.app.app_context():
        programme = make_project(db.session, code="KZ-UNDP-PROG-7", budget=Decimal("400000"),
                                 title="Low-carbon cities programme")  # fmt: skip
        make_project(db.session, code="KZ-UNDP-PROG-7-O1", title="Energy-efficient buildings",
                     budget=Decimal("150000"), parent_id=programme.id)  # fmt: skip
        output = make_project(db.session, code="KZ-UNDP-PROG-7-O2", budget=Decimal("90000"),
                              title="Electric buses for Almaty")  # fmt: skip
        db.session.commit()
        programme_id, output_id = programme.id, output.id
    base = live_server.base_url
    sign_in(page, base, "analyst")

    page.goto(f"{base}/projects/{output_id}/edit")
    page.get_by_label("Part of project").fill("KZ-UNDP-PROG-7-O1")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("is itself a component of another project")).to_be_visible()
    page.get_by_label("Part of project").fill("KZ-UNDP-PROG-7")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text("Component of")).to_be_visible()
    _shoot(page, "component-page.png")
    page.get_by_role("link", name="KZ-UNDP-PROG-7 Low-carbon cities programme").click()
    expect(page).to_have_url(f"{base}/projects/{programme_id}")
    components = page.locator("section.components")
    expect(components.locator("tbody tr")).to_have_count(2)
    expect(components).to_contain_text("Electric buses for Almaty")
    expect(components.locator("tfoot")).to_contain_text("640,000")
    _shoot(page, "project-with-components.png")

    page.goto(f"{base}/projects?q=KZ-UNDP-PROG-7")
    expect(page.locator("td.col-code code")).to_have_text(["KZ-UNDP-PROG-7"])
    expect(page.locator(".tag-components")).to_have_text("2 components")
    _shoot(page, "register-with-components.png")
