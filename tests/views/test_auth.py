"""Signing in and out, and the limit on repeated failures."""

import lxml.html
import pytest
from sqlalchemy import select

from tests.conftest import password_of
from tests.forms import page_form
from tracker.extensions import db
from tracker.models import User


def post_sign_in(client, username: str, password: str, next_url: str = ""):
    """Fill in the sign-in page's form (reached with ``next_url``'s query) and send it."""
    form = page_form(client.get(f"/sign-in{next_url}"), "#sign-in-form")
    return form.set("username", username).set("password", password).submit(client)


def sign_out(client):
    """Press the header's Sign out button."""
    return page_form(client.get("/"), "/sign-out").submit(client)


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_each_demo_role_signs_in_and_out(client, role):
    username, password = password_of(role)
    response = post_sign_in(client, username, password)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Signed in as" in page and f"<small>{role}</small>" in page

    sign_out(client)
    page = client.get("/").get_data(as_text=True)
    assert "You are signed out here and everywhere else you were signed in." in page
    assert "Sign in</a>" in page


def test_a_wrong_password_says_so_and_signs_nobody_in(client):
    response = post_sign_in(client, "analyst", "not-the-password")
    assert response.status_code == 401
    assert "The user name or password is not right." in response.get_data(as_text=True)
    assert "Sign in</a>" in client.get("/").get_data(as_text=True)


def test_repeated_failures_lock_the_user_name_for_a_while(client):
    for _ in range(5):
        assert post_sign_in(client, "analyst", "guess").status_code == 401
    username, password = password_of("analyst")
    locked = post_sign_in(client, username, password)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.get_data(as_text=True)
    # Other accounts are not affected.
    assert post_sign_in(client, *password_of("viewer")).status_code == 302


def test_sign_out_needs_the_form_token(sign_in, client):
    sign_in("viewer")
    # What no page sends, on purpose: a sign-out without the form's CSRF token (another
    # site's link or form) must not sign anyone out.
    client.post("/sign-out", data={})
    assert "<small>viewer</small>" in client.get("/").get_data(as_text=True)


def test_sign_in_without_csrf_token_is_refused(client):
    # What no page sends, on purpose: the fields without the form's CSRF token.
    username, password = password_of("analyst")
    response = client.post("/sign-in", data={"username": username, "password": password})
    assert response.status_code == 400


def test_next_only_goes_to_local_pages(client):
    username, password = password_of("viewer")
    response = post_sign_in(client, username, password, "?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_deactivated_users_cannot_sign_in_and_are_told_why(app, client):
    with app.app_context():
        db.session.scalars(select(User).where(User.username == "analyst")).one().is_active = False
        db.session.commit()
    refused = post_sign_in(client, *password_of("analyst"))
    assert refused.status_code == 403
    assert "Your account is deactivated" in refused.get_data(as_text=True)
    assert "Sign in</a>" in client.get("/").get_data(as_text=True)
    # Without the right password, a deactivated account looks like any other refusal.
    wrong = post_sign_in(client, "analyst", "not-the-password")
    assert wrong.status_code == 401
    assert "The user name or password is not right." in wrong.get_data(as_text=True)


def autofocused(response) -> list[str]:
    """The ids of the fields the page puts the cursor in."""
    page = lxml.html.fromstring(response.get_data(as_text=True))
    return [element.get("id") for element in page.xpath("//*[@autofocus]")]


def test_after_a_wrong_password_the_cursor_waits_in_the_password_field(client):
    assert autofocused(client.get("/sign-in")) == ["username"]
    assert autofocused(post_sign_in(client, "analyst", "not-the-password")) == ["password"]


def test_session_cookie_is_httponly_and_samesite(client):
    response = post_sign_in(client, *password_of("viewer"))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cli_creates_users_and_demo_accounts(make_app):
    app = make_app("migrated")
    runner = app.test_cli_runner()
    runner.invoke(args=["seed", "--reference-only"])
    result = runner.invoke(args=["demo-accounts"])
    assert "FOR THE DEMO ONLY" in result.output and "analyst-demo-2026" in result.output
    assert "no demo accounts were added" in runner.invoke(args=["demo-accounts"]).output

    made = runner.invoke(args=["create-user", "aigerim", "--role", "analyst"],
                         input="a-long-password\na-long-password\n")  # fmt: skip
    assert made.exit_code == 0, made.output
    short = runner.invoke(args=["create-user", "bolat", "--password", "short"])
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    taken = runner.invoke(args=["create-user", "AIGERIM", "--password", "another-long-one"])
    assert taken.exit_code != 0 and "taken" in taken.output
