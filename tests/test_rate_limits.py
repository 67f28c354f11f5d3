"""Request-rate limits: low limits through config, so a few requests reach them."""

from __future__ import annotations

import json

import pytest

from tests.conftest import password_of
from tests.forms import page_form
from tracker.config import load_config
from tracker.views.api import OPENAPI_DOCUMENT

ADDRESS = {"REMOTE_ADDR": "203.0.113.7"}


def limited_app(make_app, **limits):
    return make_app(RATELIMIT_ENABLED=True, **limits)


def try_sign_in(client, password: str = "wrong", environ: dict | None = None,
                username: str = "viewer"):  # fmt: skip
    form = page_form(client.get("/sign-in", environ_base=environ or ADDRESS), "#sign-in-form")
    form.set("username", username)
    form.set("password", password)
    return form.submit(client, environ_base=environ or ADDRESS)


def test_sign_in_posts_beyond_the_limit_get_a_page_in_the_users_language(make_app):
    client = limited_app(make_app, RATELIMIT_SIGN_IN="2/minute").test_client()
    client.set_cookie("lang", "ru")
    assert [try_sign_in(client).status_code for _ in range(2)] == [401, 401]
    refused = try_sign_in(client)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.mimetype == "text/html"
    # The page's texts are in the reader's language (once the catalogues have them).
    assert '<html lang="ru">' in refused.text
    assert f"{refused.headers['Retry-After']} " in refused.text  # says how long to wait
    # Reading the page is not an attempt; another address has its own count.
    assert client.get("/sign-in", environ_base=ADDRESS).status_code == 200
    other = {"REMOTE_ADDR": "198.51.100.9"}
    assert try_sign_in(client, environ=other).status_code == 401


def test_the_api_beyond_its_limit_answers_429_in_json(make_app):
    app = limited_app(make_app, RATELIMIT_API="2/minute")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token_for_app(app)}"}
    for _ in range(2):
        assert client.get("/api/v1/sdg/goals", headers=headers).status_code == 200
    refused = client.get("/api/v1/projects", headers=headers)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json["status"] == 429 and refused.json["problems"] == {}
    assert "Retry-After" in refused.json["message"]
    document = client.get("/api/v1/openapi.json").json  # the document itself is limited too
    assert document["status"] == 429
    described = json.loads(OPENAPI_DOCUMENT.read_text())["paths"]
    assert all("429" in operation["get"]["responses"] for operation in described.values())


def token_for_app(app) -> str:
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.models import User
    from tracker.services.accounts import api_tokens

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "viewer"))
        _, secret = api_tokens.issue_token(db.session, user, "tests", issued_by=None)
        db.session.commit()
        return secret


def test_downloads_share_one_count_per_address(make_app):
    client = limited_app(make_app, RATELIMIT_DOWNLOADS="3/minute").test_client()
    username, password = password_of("viewer")
    assert try_sign_in(client, password, username=username).status_code == 302
    downloads = ["/projects/export.csv", "/changes.csv", "/dashboard/goals.csv"]
    assert [client.get(url).status_code for url in downloads] == [200, 200, 200]
    refused = client.get("/projects/export.xml")
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert client.get("/projects").status_code == 200  # pages are not downloads


def test_limits_are_off_when_disabled(make_app):
    client = make_app(RATELIMIT_SIGN_IN="1/minute").test_client()  # tests disable them
    assert [try_sign_in(client).status_code for _ in range(3)] == [401, 401, 401]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, {"RATELIMIT_ENABLED": True, "TRUSTED_PROXIES": 0}),
        (
            {"RATELIMIT_API": "5/second", "RATELIMIT_STORAGE_URI": "redis://cache:6379",
             "RATELIMIT_ENABLED": "0", "TRUSTED_PROXIES": "1"},
            {"RATELIMIT_API": "5/second", "RATELIMIT_STORAGE_URI": "redis://cache:6379",
             "RATELIMIT_ENABLED": False, "TRUSTED_PROXIES": 1},
        ),
    ],
)  # fmt: skip
def test_limits_and_proxies_come_from_the_environment(monkeypatch, tmp_path, environment,
                                                      expected):  # fmt: skip
    for name in ("RATELIMIT_API", "RATELIMIT_STORAGE_URI", "RATELIMIT_ENABLED",
                 "TRUSTED_PROXIES"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = load_config(str(tmp_path))
    assert {name: config.get(name) for name in expected} == expected
