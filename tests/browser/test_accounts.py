"""A person signs in and changes their password in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.accounts import field, fill_sign_in, new_person, sign_in

pytestmark = pytest.mark.browser
SIGNED_IN = re.compile("Signed in as")


def test_a_wrong_password_is_refused_then_the_right_one_opens_the_page_asked_for(
    page: Page, live_server
):
    base = live_server.base_url
    person = new_person(live_server, "analyst", "Aigerim")
    page.goto(base + "/projects/new")
    expect(page.get_by_text("Please sign in to continue.")).to_be_visible()

    fill_sign_in(page, person.username, "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("The user name or password is not right.")
    expect(page.get_by_label("User name")).to_have_value(person.username)
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_label("Password")).to_be_focused()  # ready for the second try

    page.keyboard.type(person.password)
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + "/projects/new")
    expect(page.get_by_role("status").filter(has_text=SIGNED_IN)).to_contain_text("Aigerim")
    expect(page.get_by_label("Project code")).to_be_visible()


def test_a_new_password_signs_out_the_other_browser_and_the_old_one_stops_working(
    page: Page, browser: Browser, live_server
):
    base = live_server.base_url
    person = new_person(live_server, "viewer", "Bolat")
    other = browser.new_context()
    try:
        elsewhere = other.new_page()
        sign_in(elsewhere, base, person)  # the same person, signed in on another computer
        sign_in(page, base, person)

        page.get_by_role("link", name=re.compile(person.display_name)).click()
        expect(page.get_by_role("heading", name="Your account")).to_be_visible()
        new_password = "a-brand-new-password-2026"
        page.get_by_label("Current password").fill("not-my-password")
        page.get_by_label("New password", exact=True).fill(new_password)
        page.get_by_label("New password again").fill(new_password)
        page.get_by_role("button", name="Change password").click()
        expect(page.get_by_role("alert")).to_contain_text("The password was not changed.")
        expect(field(page, "current").locator(".field-error")).to_have_text(
            "The current password is not right."
        )

        page.get_by_label("Current password").fill(person.password)
        page.get_by_label("New password", exact=True).fill(new_password)
        page.get_by_label("New password again").fill(new_password)
        page.get_by_role("button", name="Change password").click()
        expect(page.get_by_role("status")).to_contain_text("Your password is changed.")

        elsewhere.goto(base + "/account")
        expect(elsewhere.get_by_role("heading", name="Sign in")).to_be_visible()
        expect(elsewhere.get_by_text("Please sign in to continue.")).to_be_visible()

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("status")).to_contain_text("You are signed out here and everywhere")
        page.get_by_role("link", name="Sign in").click()
        fill_sign_in(page, person.username, person.password)
        expect(page.get_by_role("alert")).to_contain_text("The user name or password is not right.")
        page.get_by_label("Password").fill(new_password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("status").filter(has_text=SIGNED_IN)).to_be_visible()
    finally:
        other.close()


@pytest.mark.parametrize("path", ["/sign-in", "/account"])
def test_the_sign_in_and_account_pages_fit_a_phone(page: Page, live_server, path):
    sign_in(page, live_server.base_url, new_person(live_server, "viewer", "Phone"))
    page.set_viewport_size({"width": 360, "height": 740})
    if path == "/sign-in":
        page.get_by_role("button", name="Sign out").click()
    page.goto(live_server.base_url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
