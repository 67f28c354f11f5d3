"""Commands that write say in one line that the database cannot be written, not a traceback.

The database is opened read-only by its URL (SQLite's mode=ro, PostgreSQL's
default_transaction_read_only), so the test holds also when it runs as root, whom file
permissions do not stop."""

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import _test_config, dispose_engines
from tracker import create_app
from tracker.extensions import db
from tracker.models import User
from tracker.services.accounts import api_tokens


def read_only(url: str) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///file:{make_url(url).database}?mode=ro&uri=true"
    return url + "?options=-c%20default_transaction_read_only%3Don"


@pytest.fixture
def read_only_app(make_database):
    """Factory: an app on a read-only copy of a database kind; ``prepare(app)`` runs first
    on the writable database."""
    apps = []

    def factory(kind: str = "seeded", prepare=None):
        url = make_database(kind)
        if prepare:
            writable = create_app(_test_config(url))
            with writable.app_context():
                prepare()
                db.session.commit()
            dispose_engines(writable)
        app = create_app(_test_config(read_only(url)))
        apps.append(app)
        return app

    yield factory
    for app in apps:
        dispose_engines(app)


def _issue_token():
    viewer = db.session.query(User).filter_by(username="viewer").one()
    api_tokens.issue_token(db.session, viewer, "script", issued_by=None)


IATI_FILE = Path(__file__).parent / "data" / "iati_sdg_illustrative.xml"
COMMANDS = {
    "create-user": ("seeded", ["create-user", "newadmin", "--password", "a-long-password-1"]),
    "issue-token": ("seeded", ["issue-token", "viewer", "script"]),
    "revoke-token": ("seeded", ["revoke-token", "viewer", "sdg_"]),
    "demo-accounts": ("migrated", ["demo-accounts"]),
    "seed": ("migrated", ["seed", "--reference-only"]),
    "import-iati": ("reference", ["import-iati", str(IATI_FILE), "--user", "analyst"]),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_read_only_database_is_reported_in_words(read_only_app, command):
    kind, args = COMMANDS[command]
    app = read_only_app(kind, prepare=_issue_token if command == "revoke-token" else None)
    result = app.test_cli_runner().invoke(args=args)
    assert isinstance(result.exception, SystemExit), result.exception  # not an error raised
    assert result.exit_code == 1
    assert "Cannot write to the database" in result.output
    assert "Traceback" not in result.output
