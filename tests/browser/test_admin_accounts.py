"""An admin manages people and their API tokens in a real browser."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.accounts import field, fill_sign_in, new_person, sign_in, unique_name

pytestmark = pytest.mark.browser


def row_of(page: Page, username: str):
    """The users table's row of exactly this user name (not of "dana-12" for "dana-1")."""
    name = page.locator("td.username", has_text=re.compile(rf"^\s*{re.escape(username)}\b"))
    return page.locator("tbody tr").filter(has=name)


def test_an_admin_adds_edits_and_deactivates_a_user_who_then_cannot_sign_in(
    page: Page, browser: Browser, live_server
):
    base = live_server.base_url
    sign_in(page, base, new_person(live_server, "admin", "Admin"))
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="Add a user").click()

    username = unique_name("dana")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Display name").fill("Dana K. (UNICEF)")
    page.get_by_label("Role").select_option(label="Analyst")
    page.get_by_label("Password", exact=True).fill("a-good-long-password")
    page.get_by_label("Password again").fill("a-different-password")
    page.get_by_role("button", name="Add the user").click()
    expect(page.get_by_role("alert")).to_contain_text("The user was not added.")
    expect(field(page, "confirm").locator(".field-error")).to_have_text(
        "The two passwords are not the same."
    )
    expect(page.get_by_label("User name")).to_have_value(username)
    expect(page.get_by_label("Role")).to_have_value("analyst")

    page.get_by_label("Password", exact=True).fill("a-good-long-password")
    page.get_by_label("Password again").fill("a-good-long-password")
    page.get_by_role("button", name="Add the user").click()
    expect(page.get_by_role("status")).to_have_text(f"User {username} was added as analyst.")
    row = row_of(page, username)
    expect(row).to_contain_text("Dana K. (UNICEF)")
    expect(row.locator(".role")).to_have_text("analyst")

    row.get_by_role("link", name=f"Edit ({username})").click()
    page.get_by_label("Display name").fill("Dana Kairatovna (UNICEF)")
    page.get_by_label("Role").select_option(label="Viewer")
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_role("button", name="Save").click()
    expect(field(page, "password").locator(".field-error")).to_have_text(
        "Use 10 to 200 characters."
    )
    expect(page.get_by_label("Display name")).to_have_value("Dana Kairatovna (UNICEF)")
    page.get_by_label("New password", exact=True).fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Saved {username}: display name “Dana K. (UNICEF)” → “Dana Kairatovna (UNICEF)”; "
        "role analyst → viewer."
    )
    row = row_of(page, username)
    expect(row.locator(".role")).to_have_text("viewer")

    row.get_by_role("link", name=f"Edit ({username})").click()
    page.get_by_label("Active: may sign in").uncheck()
    page.get_by_role("button", name="Save").click()
    confirm = page.locator(".confirm-box")
    expect(confirm).to_contain_text("Deactivate Dana Kairatovna (UNICEF)?")
    confirm.get_by_label(re.compile("I understand")).check()
    page.get_by_role("button", name="Save and deactivate").click()
    expect(page.get_by_role("status")).to_contain_text("deactivated: they can no longer sign in")
    expect(row_of(page, username).locator(".status-cell")).to_have_text("Deactivated")

    with browser.new_context() as other:
        them = other.new_page()
        them.goto(base + "/sign-in")
        fill_sign_in(them, username, "a-good-long-password")
        expect(them.get_by_role("alert")).to_have_text(
            "Your account is deactivated, so you cannot sign in. Ask an admin to reactivate it."
        )
        expect(them.get_by_role("link", name="Sign in")).to_be_visible()


def test_an_admin_issues_a_token_that_works_until_it_is_revoked(page: Page, live_server):
    base = live_server.base_url
    sign_in(page, base, new_person(live_server, "admin", "Admin"))
    person = new_person(live_server, "viewer", "Report reader")
    page.get_by_role("link", name="Admin", exact=True).click()
    row_of(page, person.username).get_by_role(
        "link", name=f"API tokens ({person.username})"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"API tokens of {person.username}")

    page.get_by_role("button", name="Issue a token").click()
    expect(field(page, "name").locator(".field-error")).to_contain_text("Say what the token is for")

    page.get_by_label("What the token is for").fill("Power BI report")
    page.get_by_role("button", name="Issue a token").click()
    expect(page.get_by_role("heading", name="New token: copy it now")).to_be_visible()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("sdg_")
    expect(page.get_by_label("What the token is for")).to_have_value("")

    bearer = {"Authorization": f"Bearer {secret}"}
    answer = page.request.get(base + "/api/v1/projects", headers=bearer)
    assert answer.status == 200, answer.text()
    assert answer.json()["items"], answer.text()

    # Reloading the page sends its form again: that issues no second, unseen token.
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("This form was already sent")
    expect(page.get_by_label("Token", exact=True)).to_have_count(0)
    expect(page.get_by_text(secret)).to_have_count(0)
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Power BI report")
    expect(row).to_contain_text(secret[:12] + "…")
    expect(row.locator("td.when").nth(1)).not_to_have_text("never")
    row.get_by_role("link", name="Revoke (Power BI report)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revoke the token “Power BI report”?")
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_role("status")).to_contain_text("was revoked.")
    expect(page.locator("tbody tr").filter(has_text="Power BI report")).to_contain_text("Revoked")

    # Refused as the API documents a revoked token (README, openapi.json): 401, saying why.
    refused = page.request.get(base + "/api/v1/projects", headers=bearer)
    assert refused.status == 401, refused.text()
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]
    assert "was revoked" in refused.json()["message"]


def test_an_admin_issues_a_token_with_an_expiry_date_that_its_owner_sees(
    page: Page, browser: Browser, live_server
):
    base = live_server.base_url
    sign_in(page, base, new_person(live_server, "admin", "Admin"))
    person = new_person(live_server, "viewer", "Auditor")
    page.get_by_role("link", name="Admin", exact=True).click()
    row_of(page, person.username).get_by_role(
        "link", name=f"API tokens ({person.username})"
    ).click()

    page.get_by_label("What the token is for").fill("Audit of 2026")
    page.get_by_label("Expires on (optional)").fill(datetime.now(UTC).date().isoformat())
    page.get_by_role("button", name="Issue a token").click()
    expect(field(page, "expires").locator(".field-error")).to_contain_text(
        "The expiry date must be after today"
    )
    expires = datetime.now(UTC).date() + timedelta(days=30)
    page.get_by_label("Expires on (optional)").fill(expires.isoformat())
    page.get_by_role("button", name="Issue a token").click()
    expect(page.get_by_role("heading", name="New token: copy it now")).to_be_visible()
    secret = page.get_by_label("Token", exact=True).input_value()
    shown = f"Expires {expires:%b} {expires.day}, {expires.year}, 00:00 UTC"
    expect(page.locator("tbody tr").filter(has_text="Audit of 2026")).to_contain_text(shown)
    answer = page.request.get(base + "/api/v1/sdg/goals",
                              headers={"Authorization": f"Bearer {secret}"})  # fmt: skip
    assert answer.status == 200, answer.text()

    with browser.new_context() as other:
        them = other.new_page()
        sign_in(them, base, person)
        them.goto(base + "/account")
        expect(them.locator(".token-list")).to_contain_text(
            f"expires {expires:%b} {expires.day}, {expires.year}, 00:00 UTC"
        )


@pytest.mark.parametrize(
    "path", ["/admin/users", "/admin/users/new", "/admin/users/1", "/admin/users/1/tokens"]
)
def test_the_user_pages_fit_a_phone(page: Page, live_server, path):
    sign_in(page, live_server.base_url, new_person(live_server, "admin", "Admin"))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.base_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_an_admin_unlocks_a_person_who_got_their_password_wrong_too_often(
    page: Page, browser: Browser, live_server
):
    base = live_server.base_url
    person = new_person(live_server, "viewer", "Forgetful")
    with browser.new_context() as other:
        them = other.new_page()
        them.goto(base + "/sign-in")
        for attempt in range(5):
            fill_sign_in(them, person.username, f"wrong-guess-{attempt}")
        fill_sign_in(them, person.username, person.password)
        expect(them.get_by_role("alert")).to_contain_text("Too many failed attempts")

        sign_in(page, base, new_person(live_server, "admin", "Admin"))
        page.get_by_role("link", name="Admin", exact=True).click()
        row_of(page, person.username).get_by_role("link", name=f"Edit ({person.username})").click()
        expect(page.locator("#sign-in-throttle")).to_contain_text("5 failed sign-ins")
        page.get_by_role("link", name="Unlock sign-in…").click()
        expect(page.locator(".confirm-box")).to_contain_text("will be forgotten")
        page.get_by_role("button", name="Unlock sign-in").click()
        expect(page.get_by_role("status")).to_contain_text(
            f"5 failed sign-ins of {person.username} were cleared"
        )

        fill_sign_in(them, person.username, person.password)
        expect(them.get_by_role("status").filter(has_text="Signed in as")).to_be_visible()
