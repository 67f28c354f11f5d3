"""One's own account: who one is, one's API tokens, and a new password that ends the
other sessions."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from tests.conftest import password_of
from tests.forms import page_form
from tests.views.test_auth import post_sign_in, sign_out
from tracker.extensions import db
from tracker.models import User
from tracker.services.accounts import api_tokens

NEW = "a-much-longer-secret-2026"


def password_hash(app, username: str) -> str:
    with app.app_context():
        return db.session.scalar(select(User.password_hash).where(User.username == username))


def change(client, current: str, new: str, again: str | None = None):
    """Fill in the account page's password form and send it."""
    form = page_form(client.get("/account"), ".user-form")
    form.set("current", current).set("password", new)
    form.set("confirm", new if again is None else again)
    return form.submit(client)


def admin_sets_password(app, admin_client, username: str):
    """An admin's edit of ``username`` that types the password NEW and changes nothing else."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
    form = page_form(admin_client.get(f"/admin/users/{user_id}"), ".user-form")
    form.set("password", NEW).set("confirm", NEW)
    return form.submit(admin_client)


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_the_account_page_needs_a_signed_in_person(client):
    response = client.get("/account")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_everyone_sees_who_they_are_from_the_header(client, sign_in, role):
    sign_in(role)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/account"' in home  # the name in the header leads to the account
    page = client.get("/account").get_data(as_text=True)
    assert f"<code>{password_of(role)[0]}</code>" in page and "Change your password" in page
    assert "You have no API token." in page


def test_ones_own_active_tokens_are_listed_but_not_revoked_ones(app, client, sign_in):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "viewer"))
        kept, _ = api_tokens.issue_token(db.session, user, "Monthly report", issued_by=None)
        gone, _ = api_tokens.issue_token(db.session, user, "Old script", issued_by=None)
        api_tokens.revoke_token(db.session, gone, revoked_by=None)
        db.session.commit()
        prefix = kept.prefix
    sign_in("viewer")
    page = client.get("/account").get_data(as_text=True)
    assert "Monthly report" in page and f"<code>{prefix}…</code>" in page
    assert "never used" in page and "Old script" not in page


def test_a_new_password_works_and_the_old_one_does_not(app, client, sign_in):
    sign_in("analyst")
    response = change(client, password_of("analyst")[1], NEW)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your password is changed." in page
    assert signed_in(client)  # this session goes on

    sign_out(client)
    fresh = app.test_client()
    assert post_sign_in(fresh, "analyst", password_of("analyst")[1]).status_code == 401
    assert post_sign_in(fresh, "analyst", NEW).status_code == 302


def test_a_new_password_signs_out_the_other_sessions(app, client, sign_in):
    sign_in("analyst")
    other = app.test_client()  # the same person in another browser
    username, password = password_of("analyst")
    post_sign_in(other, username, password)
    assert signed_in(other)

    assert change(client, password, NEW).status_code == 302

    assert signed_in(client)
    assert not signed_in(other)


def test_an_admin_setting_a_password_signs_that_person_out(app, client, sign_in):
    analyst = app.test_client()
    post_sign_in(analyst, *password_of("analyst"))
    assert signed_in(analyst)
    sign_in("admin")
    assert admin_sets_password(app, client, "analyst").status_code == 302
    assert not signed_in(analyst)
    assert signed_in(client)  # the admin's own session is untouched


@pytest.mark.parametrize(
    ("current", "new", "again", "message", "field"),
    [
        ("not-my-password", NEW, None, "The current password is not right.", "current"),
        ("", NEW, None, "Enter your current password.", "current"),
        (None, "short", None, "Use 10 to 200 characters.", "password"),
        (None, NEW, NEW + "x", "The two passwords are not the same.", "confirm"),
        (None, "", None, "Enter a new password.", "password"),
        (None, None, None, "The new password is the one you have now.", "password"),
    ],
    ids=["wrong-current", "no-current", "too-short", "not-the-same", "empty", "unchanged"],
)
def test_a_refused_change_says_why_and_keeps_the_password(
    app, client, sign_in, current, new, again, message, field
):
    sign_in("analyst")
    password = password_of("analyst")[1]
    before = password_hash(app, "analyst")
    current = password if current is None else current
    new = password if new is None else new
    response = change(client, current, new, again)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "The password was not changed." in page
    assert f'id="{field}"' in page and 'aria-invalid="true"' in page
    assert password_hash(app, "analyst") == before
    assert signed_in(client)


def test_the_account_page_speaks_kazakh(client, sign_in):
    sign_in("viewer")
    client.set_cookie("lang", "kk")
    response = change(client, "not-my-password", NEW)
    page = response.get_data(as_text=True)
    assert '<html lang="kk"' in page
    assert "Change your password" not in page and "The current password is not right." not in page


def test_an_admin_setting_their_own_password_stays_signed_in(app, client, sign_in):
    sign_in("admin")
    assert admin_sets_password(app, client, "admin").status_code == 302
    assert signed_in(client)


def test_ones_tokens_show_when_they_expire(app, client, sign_in):
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        with app.app_context():
            user = db.session.scalar(select(User).where(User.username == "viewer"))
            api_tokens.issue_token(db.session, user, "Audit", issued_by=None,
                                   expires_on=date(2026, 12, 20))  # fmt: skip
            db.session.commit()
        sign_in("viewer")
        page = client.get("/account").get_data(as_text=True)
        assert "expires Dec 20, 2026, 00:00 UTC" in page
        clock.move_to(datetime(2026, 12, 20, 1, 0, tzinfo=UTC))
        sign_in("viewer")
        page = client.get("/account").get_data(as_text=True)
        assert "<strong>expired Dec 20, 2026, 00:00 UTC</strong>" in page
