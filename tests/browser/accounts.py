"""Helpers for the account journeys: a fresh person of their own for each test, and
signing in through the page as that person does."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tracker.extensions import db
from tracker.services.accounts import users

_numbers = itertools.count(1)


@dataclass(frozen=True)
class Person:
    username: str
    password: str
    display_name: str


def unique_name(start: str) -> str:
    """A user name no other test of this run uses."""
    return f"{start}-{next(_numbers)}"


def new_person(live_server, role: str = "viewer", name: str = "Person") -> Person:
    """An account of its own in the live server's database, so that no test depends on
    another's sign-ins, failures or changes."""
    number = next(_numbers)
    person = Person(f"{role}-{number}", f"{role}-password-{number:04d}", f"{name} {number}")
    with live_server.app.app_context():
        users.create_user(db.session, person.username, person.password, role, person.display_name)
        db.session.commit()
    return person


def fill_sign_in(page: Page, username: str, password: str) -> None:
    """Type into the sign-in page (already open) and press Sign in."""
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: Page, base_url: str, person: Person) -> None:
    page.goto(base_url + "/sign-in")
    fill_sign_in(page, person.username, person.password)
    expect(page.get_by_role("status").filter(has_text="Signed in as")).to_be_visible()


def field(page: Page, field_id: str):
    """The box of one form field: its label, input, help and messages together."""
    return page.locator(f"div.field:has(#{field_id})")
