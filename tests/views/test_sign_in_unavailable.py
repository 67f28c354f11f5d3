"""Sign-in fails closed: when an attempt cannot be recorded, nobody signs in, and the page
says to try again shortly (503) instead of an error 500."""

import sqlite3

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import _test_config, dispose_engines, password_of
from tests.forms import page_form
from tests.test_cli_read_only import read_only
from tracker import create_app

UNAVAILABLE = "Sign-in is unavailable right now. Try again in a minute."


def sign_in_as(client, role: str):
    form = page_form(client.get("/sign-in"), "#sign-in-form")
    username, password = password_of(role)
    return form.set("username", username).set("password", password).submit(client)


def assert_refused_politely(client, response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert UNAVAILABLE in response.get_data(as_text=True)
    assert "Sign in</a>" in client.get("/").get_data(as_text=True)  # still signed out


def test_a_read_only_database_refuses_even_the_right_password(make_database):
    # The throttle could be read but not written: signing in anyway would let a guesser
    # try passwords without limit, so sign-in fails closed.
    app = create_app(_test_config(read_only(make_database("seeded"))))
    try:
        client = app.test_client()
        assert_refused_politely(client, sign_in_as(client, "admin"))
    finally:
        dispose_engines(app)


def test_a_long_sqlite_write_makes_sign_in_wait_then_say_so(app):
    url = app.config["DATABASE_URL"]
    if not url.startswith("sqlite"):
        pytest.skip("SQLite's single write lock")
    client = app.test_client()
    form = page_form(client.get("/sign-in"), "#sign-in-form")
    username, password = password_of("admin")
    form.set("username", username).set("password", password)
    importer = sqlite3.connect(make_url(url).database, isolation_level=None)
    try:
        importer.execute("BEGIN IMMEDIATE")  # what a long import holds
        # Reading still works meanwhile (WAL mode).
        assert client.get("/").status_code == 200
        assert_refused_politely(client, form.submit(client))
    finally:
        importer.execute("ROLLBACK")
        importer.close()
    assert sign_in_as(client, "admin").status_code == 302
