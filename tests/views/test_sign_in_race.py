"""Parallel sign-ins against a real HTTP server: the throttle cannot be raced."""

from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select

from tests.conftest import password_of
from tests.forms import page_form
from tracker.extensions import db
from tracker.models import SignInFailure

ATTEMPTS = 40


def _attempt(base_url: str, username: str, password: str) -> int:
    """One browser: fetch the sign-in page (for its cookie and CSRF token), then send it."""
    with requests.Session() as browser:
        form = page_form(browser.get(f"{base_url}/sign-in", timeout=60).text, "#sign-in-form")
        fields = form.set("username", username).set("password", password).values()
        return browser.post(
            f"{base_url}/sign-in",
            data=list(fields.items(multi=True)),
            allow_redirects=False,
            timeout=60,
        ).status_code


def test_parallel_wrong_passwords_get_only_the_allowed_checks(live_server):
    username, password = password_of("analyst")
    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        statuses = list(
            pool.map(lambda n: _attempt(live_server.base_url, username, f"guess-{n}"),
                     range(ATTEMPTS))
        )  # fmt: skip
    print("statuses:", sorted(statuses))
    checked = statuses.count(401)  # each 401 is one password that was checked
    assert checked <= 5
    assert set(statuses) <= {401, 429}
    with live_server.app.app_context():
        recorded = db.session.scalar(
            select(func.count())
            .select_from(SignInFailure)
            .where(SignInFailure.username == username)
        )
    assert recorded == checked
    # The right password, from the same address, is refused while the throttle lasts.
    assert _attempt(live_server.base_url, username, password) == 429
