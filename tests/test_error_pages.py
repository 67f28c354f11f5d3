"""The app's own error page renders after a database error, also for a signed-in user and
with the database gone (instead of the bare server error page)."""

import pytest
from werkzeug.security import generate_password_hash

from tests.conftest import _test_config
from tracker import create_app
from tracker.extensions import db
from tracker.models import User

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


@pytest.fixture
def app(make_app):
    """An app that answers errors as in production, with a route whose write fails."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/test-only/duplicate-user")
    def duplicate_user():
        # A real write error: a second account with an existing user name.
        db.session.add(User(username="viewer", password_hash=generate_password_hash("x" * 12),
                            role="viewer", display_name=""))  # fmt: skip
        db.session.flush()
        return "not reached"

    return app


def test_a_signed_in_user_sees_the_error_page_after_a_failed_write(client, sign_in):
    sign_in("analyst")
    response = client.get("/test-only/duplicate-user")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html and "nothing was saved" in html
    assert "Demo analyst" in html  # still shown as signed in: the session was rolled back
    # and the next page works as before
    assert client.get("/account").status_code == 200


def test_the_error_page_renders_when_the_database_is_unreachable(client, sign_in):
    sign_in("viewer")
    cookie = client.get_cookie("session").value
    down = create_app(_test_config(UNREACHABLE, PROPAGATE_EXCEPTIONS=False))
    other = down.test_client()
    other.set_cookie("session", cookie)  # the same signed-in browser, the database gone
    response = other.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "Sign in" in html  # who is signed in cannot be read; the page says nothing wrong
