"""A second press of a form's button while the first is on its way does nothing: the work
is done once, and the page that answers the first press is the one shown."""

from __future__ import annotations

import time

import pytest
from flask import request
from playwright.sync_api import Page, expect

from tests.browser.accounts import new_person, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def slow_answers(live_server):
    """Answers to forms take half a second, as on a busy server far away."""

    def pause() -> None:
        if request.method == "POST":
            time.sleep(0.5)

    hooks = live_server.app.before_request_funcs.setdefault(None, [])
    hooks.insert(0, pause)
    yield
    hooks.remove(pause)


def open_own_tokens(page: Page, live_server) -> None:
    admin = new_person(live_server, "admin", "Admin")
    sign_in(page, live_server.base_url, admin)
    page.goto(live_server.base_url + "/admin/users")
    page.get_by_role("link", name=f"API tokens ({admin.username})").click()


def test_a_second_press_while_the_first_is_on_its_way_issues_no_second_token(
    page: Page, live_server, slow_answers
):
    open_own_tokens(page, live_server)
    page.get_by_label("What the token is for").fill("Monthly export script")
    # Two presses 150 ms apart, the first answer still on its way (as a person double-clicks).
    page.evaluate("""() => {
        const button = document.querySelector("form.token-form button");
        button.click();
        setTimeout(() => button.click(), 150);
    }""")

    expect(page.get_by_role("heading", name="New token: copy it now")).to_be_visible()
    shown = page.get_by_label("Token", exact=True).input_value()
    rows = page.locator("table tbody tr", has_text="Monthly export script")
    expect(rows).to_have_count(1)
    assert shown.startswith(rows.locator("code").inner_text().rstrip("…"))


def test_a_form_can_be_sent_again_after_going_back_to_it(page: Page, live_server):
    open_own_tokens(page, live_server)
    page.get_by_label("What the token is for").fill("First")
    page.get_by_role("button", name="Issue a token").click()
    expect(page.get_by_role("heading", name="New token: copy it now")).to_be_visible()
    page.go_back()
    page.get_by_label("What the token is for").fill("Second")
    page.get_by_role("button", name="Issue a token").click()
    expect(page.locator("table tbody tr", has_text="Second")).to_have_count(1)
