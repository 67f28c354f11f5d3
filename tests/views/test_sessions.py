"""Browser sessions end for real: a copied cookie is worthless after sign-out, a password
change or a deactivation; a session ends after hours without activity and after a longest
lifetime; sign-in starts a new CSRF secret; signed-in pages stay out of every cache."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from tests.conftest import csrf_token, password_of
from tests.forms import page_form
from tests.views.test_account import admin_sets_password, change, signed_in
from tests.views.test_auth import post_sign_in, sign_out
from tracker.extensions import db
from tracker.models import User

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """Another browser that got hold of a copy of the session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def set_active(app, admin_client, username: str, active: bool):
    """The admin's edit page, ticking or unticking Active (and confirming a deactivation)."""
    url = f"/admin/users/{user_id(app, username)}"
    form = page_form(admin_client.get(url), ".user-form")
    form.check("is_active", "y", checked=active)
    response = form.submit(admin_client)
    if not active:
        form = page_form(response, ".user-form").check("confirm_deactivation", "y")
        response = form.submit(admin_client)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


# --- a copied cookie ------------------------------------------------------------------------


def test_a_copied_cookie_is_worthless_after_sign_out(app, client, sign_in):
    sign_in("analyst")
    copied = session_cookie(client)
    assert signed_in(replay(app, copied))  # the copy works while the session lasts

    sign_out(client)
    thief = replay(app, copied)
    response = thief.get("/account")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert "Sign in</a>" in thief.get("/").get_data(as_text=True)


def test_sign_out_says_it_ends_the_other_sessions_too(app, client, sign_in):
    sign_in("viewer")
    other = app.test_client()
    post_sign_in(other, *password_of("viewer"))
    sign_out(client)
    assert "signed out here and everywhere else" in client.get("/").get_data(as_text=True)
    assert not signed_in(other)
    # Signing in again works as before.
    assert post_sign_in(other, *password_of("viewer")).status_code == 302
    assert signed_in(other)


def test_a_copied_cookie_is_worthless_after_a_password_change(app, client, sign_in):
    sign_in("analyst")
    copied = session_cookie(client)
    assert change(client, password_of("analyst")[1], "a-much-longer-secret-2026").status_code == 302
    assert signed_in(client)
    assert not signed_in(replay(app, copied))


def test_a_copied_cookie_stays_worthless_after_deactivation_and_reactivation(app, client, sign_in):
    analyst = app.test_client()
    post_sign_in(analyst, *password_of("analyst"))
    copied = session_cookie(analyst)
    sign_in("admin")
    set_active(app, client, "analyst", False)
    assert not signed_in(replay(app, copied))
    set_active(app, client, "analyst", True)
    # Reactivating lets the person sign in again, but revives no old session.
    assert not signed_in(replay(app, copied))
    assert not signed_in(analyst)
    assert post_sign_in(analyst, *password_of("analyst")).status_code == 302


def test_a_copied_cookie_is_worthless_after_an_admin_sets_the_password(app, client, sign_in):
    analyst = app.test_client()
    post_sign_in(analyst, *password_of("analyst"))
    copied = session_cookie(analyst)
    sign_in("admin")
    assert admin_sets_password(app, client, "analyst").status_code == 302
    assert not signed_in(replay(app, copied))


# --- time limits ----------------------------------------------------------------------------


def test_a_session_ends_after_eight_hours_without_activity(app, client, sign_in):
    with time_machine.travel(START, tick=False) as clock:
        sign_in("analyst")
        idle = app.test_client()  # the same person in another browser, left alone
        post_sign_in(idle, *password_of("analyst"))
        clock.shift(timedelta(hours=2))
        assert signed_in(client)  # activity: the eight hours start again
        clock.shift(timedelta(hours=6, minutes=1))
        response = idle.get("/projects/new?x=1")
        assert response.status_code == 302
        assert response.headers["Location"] == "/sign-in?next=/projects/new?x%3D1"
        page = idle.get(response.headers["Location"]).get_data(as_text=True)
        assert "Your session ended after 8 hours without activity; sign in again." in page
        # Signing in again returns to the page the person was on.
        here = "http://localhost" + response.headers["Location"]
        form = page_form(page, "#sign-in-form", url=here)
        username, password = password_of("analyst")
        back = form.set("username", username).set("password", password).submit(idle)
        assert back.headers["Location"] == "/projects/new?x=1"
        clock.shift(timedelta(hours=1, minutes=58))
        assert signed_in(client)  # 9 h 59 min after signing in, but active 7 h 58 min ago


def test_a_session_ends_after_its_longest_lifetime_however_active(app, client, sign_in):
    with time_machine.travel(START, tick=False) as clock:
        sign_in("viewer")
        for _ in range(5):
            clock.shift(timedelta(hours=2, minutes=20))
            assert signed_in(client)
        clock.shift(timedelta(minutes=40))  # past 12 hours after signing in
        response = client.get("/account")
        assert response.headers["Location"] == "/sign-in?next=/account"
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "a session lasts at most 12 hours after signing in. Sign in again." in page
        assert "Please sign in to continue." not in page
        assert not signed_in(client)


def test_the_time_limits_are_settings(make_app):
    app = make_app(SESSION_IDLE_TIMEOUT=timedelta(minutes=30))
    client = app.test_client()
    with time_machine.travel(START, tick=False) as clock:
        post_sign_in(client, *password_of("viewer"))
        clock.shift(timedelta(minutes=31))
        response = client.get("/")
        assert response.headers["Location"] == "/sign-in?next=/"
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Your session ended after 30 minutes without activity" in page


def test_a_form_sent_after_the_session_ended_asks_to_sign_in_again(app, client, sign_in):
    with time_machine.travel(START, tick=False) as clock:
        sign_in("analyst")
        form = page_form(client.get("/projects/new"), ".project-form")
        clock.shift(timedelta(hours=9))  # the form's CSRF token has expired too
        response = form.set("title", "Left open overnight").submit(client)
        assert response.status_code == 302
        assert response.headers["Location"] == "/sign-in?next=/projects/new"
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Your session ended after 8 hours without activity" in page


def test_an_expired_session_gets_json_from_the_api(app, client, sign_in):
    with time_machine.travel(START, tick=False) as clock:
        sign_in("viewer")
        assert client.get("/api/v1/sdg/goals").status_code == 200
        clock.shift(timedelta(hours=9))
        response = client.get("/api/v1/sdg/goals")
        assert response.status_code == 401 and response.mimetype == "application/json"


# --- sign-in starts a new session -----------------------------------------------------------


def test_sign_in_starts_a_new_csrf_secret(client):
    before = csrf_token(client.get("/sign-in").get_data(as_text=True))
    username, password = password_of("analyst")
    form = page_form(client.get("/sign-in"), "#sign-in-form")
    form.set("username", username).set("password", password).submit(client)
    after = csrf_token(client.get("/account").get_data(as_text=True))
    # Flask-WTF signs one secret per session with a timestamp; compare the secrets.
    assert before.split(".")[0] != after.split(".")[0]
    # A token from before signing in (which an attacker could have planted) is refused.
    # What no page sends, on purpose: the sign-out form with the token from before.
    stale = client.post("/sign-out", data={"csrf_token": before})
    assert stale.status_code == 400
    assert signed_in(client)


# --- caches ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("viewer", "/account"),
        ("admin", "/admin/users"),
        ("admin", "/admin/users/1"),
        ("admin", "/admin/users/new"),
        ("admin", "/admin/users/1/tokens"),
        ("analyst", "/import"),
        ("viewer", "/"),
        ("viewer", "/projects"),
    ],
)
def test_signed_in_pages_are_not_stored_by_any_cache(client, sign_in, role, url):
    sign_in(role)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/account", "/admin/users", "/import", "/sign-in"])
def test_sensitive_addresses_are_not_stored_even_when_signed_out(client, url):
    assert client.get(url).headers["Cache-Control"] == "no-store"


def test_public_pages_and_files_stay_cacheable_for_visitors(client):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    assert "public" in client.get("/goal-colours.css").headers["Cache-Control"]
