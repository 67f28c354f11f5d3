"""Fixtures: every database test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import threading
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from tests.databases import PostgresDatabases, PostgresServer, SqliteDatabases
from tests.forms import page_form
from tracker import create_app
from tracker.extensions import db
from tracker.services.accounts.users import DEMO_ACCOUNTS, create_demo_accounts
from tracker.services.reference.seeding import seed_database
from tracker.services.schema import upgrade_database

# Commands and services outside a request speak the environment's language; the suite
# checks English texts unless a test asks for another language.
os.environ["TRACKER_LANGUAGE"] = "en"

BACKENDS = ("sqlite", "postgresql")
_names = itertools.count(1)


def pytest_addoption(parser):
    parser.addoption(
        "--years-ahead", type=int, default=0, metavar="N",
        help="run with the clock moved N years ahead: no test may depend on today's date",
    )  # fmt: skip


@pytest.fixture(scope="session", autouse=True)
def clock_ahead(request):
    """With --years-ahead N, the whole run happens N years from now (the clock keeps ticking).

    The seed portfolio ages as a real one does; tests that need a fixed day freeze it
    themselves with time_machine.travel, which this does not override."""
    years = request.config.getoption("--years-ahead")
    if not years:
        yield
        return
    now = datetime.now(UTC)
    ahead = now.replace(year=now.year + years, day=min(now.day, 28))
    with time_machine.travel(ahead, tick=True):
        yield


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server started for this run, or the one TEST_DATABASE_URL names."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    server = PostgresServer()
    yield server.url
    server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def databases(request):
    if request.param == "sqlite":
        manager = SqliteDatabases()
    else:
        manager = PostgresDatabases(request.getfixturevalue("postgres_url"))
    manager.backend = request.param
    yield manager
    manager.close()


@pytest.fixture(scope="session")
def migrated_template(databases) -> str:
    url = databases.create("migrated")
    engine = create_engine(url)
    try:
        upgrade_database(engine)
    finally:
        engine.dispose()
    return url


def _seeded_copy(databases, template: str, name: str, *, with_portfolio: bool) -> str:
    url = databases.copy(template, name)
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            seed_database(session, with_portfolio=with_portfolio)
            if not with_portfolio:
                create_demo_accounts(session)
            session.commit()
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="session")
def reference_template(databases, migrated_template) -> str:
    """Schema and reference data, no projects."""
    return _seeded_copy(databases, migrated_template, "reference", with_portfolio=False)


@pytest.fixture(scope="session")
def seeded_template(databases, reference_template) -> str:
    """Schema, reference data and the illustrative portfolio: what `make run` starts with."""
    return _seeded_copy(databases, reference_template, "seeded", with_portfolio=True)


def _test_config(url: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": url,
        "WTF_CSRF_ENABLED": True,
        "RATELIMIT_ENABLED": False,  # tests of the limits themselves switch them on
        **overrides,
    }


def dispose_engines(app) -> None:
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def make_database(databases, request):
    """Factory: a new database: 'seeded', 'reference' (no projects), 'migrated' or 'empty'."""
    created = []

    def factory(kind: str = "seeded") -> str:
        name = f"db{next(_names)}"
        if kind == "empty":
            url = databases.create(name)
        else:
            url = databases.copy(request.getfixturevalue(f"{kind}_template"), name)
        created.append(url)
        return url

    yield factory
    for url in created:
        databases.drop(url)


@pytest.fixture
def make_app(make_database):
    """Factory: an app on its own new database (see make_database), with config overrides."""
    apps = []

    def factory(database: str = "seeded", **config):
        app = create_app(_test_config(make_database(database), **config))
        apps.append(app)
        return app

    yield factory
    for app in apps:
        dispose_engines(app)


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "the page has no CSRF token"
    return match.group(1)


def password_of(role: str) -> tuple[str, str]:
    username, _, _, password = next(a for a in DEMO_ACCOUNTS if a[1] == role)
    return username, password


@pytest.fixture
def sign_in(client):
    """Sign the test client in as the demo account of a role: sign_in("analyst")."""

    def do(role: str = "analyst"):
        username, password = password_of(role)
        form = page_form(client.get("/sign-in"), "#sign-in-form")
        form.set("username", username).set("password", password)
        response = form.submit(client)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return do


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """The app's session inside an app context, for service tests."""
    with app.app_context():
        yield db.session
        db.session.rollback()


# --- browser tests -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise RuntimeError(
            "Chromium is not installed, and the browser tests need it "
            "(Debian: apt-get install -y chromium)."
        )
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    }  # fmt: skip


@pytest.fixture(scope="module")
def live_server(databases, seeded_template):
    """The app served over HTTP on a free port, on its own copy of the seeded database."""
    url = databases.copy(seeded_template, f"live{next(_names)}")
    app = create_app(_test_config(url))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base_url = f"http://127.0.0.1:{server.server_port}"
    server.app = app
    yield server
    server.shutdown()
    thread.join()
    dispose_engines(app)
    databases.drop(url)
