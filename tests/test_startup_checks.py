"""At start, a production server warns about demo accounts with public passwords."""

from __future__ import annotations

import logging
import runpy
from types import SimpleNamespace

from tracker.config import ROOT
from tracker.startup_checks import warn_about_demo_accounts

WARNING = "Demo accounts with their public passwords can sign in"


def test_demo_accounts_with_public_passwords_are_warned_about(app, runner, caplog):
    with caplog.at_level(logging.INFO, logger="tracker"):
        assert warn_about_demo_accounts(app) == ["viewer", "analyst", "admin"]
    [record] = [record for record in caplog.records if WARNING in record.getMessage()]
    assert record.levelno == logging.WARNING
    assert "viewer, analyst, admin" in record.getMessage()
    assert "remove-demo-accounts" in record.getMessage()

    runner.invoke(args=["create-user", "chief", "--password", "chief-secret-2026"])
    assert runner.invoke(args=["remove-demo-accounts"]).exit_code == 0
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="tracker"):
        assert warn_about_demo_accounts(app) == []
    assert not caplog.records


def test_a_database_not_migrated_yet_is_not_an_error(make_app, caplog):
    app = make_app("empty")
    with caplog.at_level(logging.INFO, logger="tracker"):
        assert warn_about_demo_accounts(app) == []
    assert "cannot be read yet" in caplog.text and WARNING not in caplog.text


def test_gunicorns_start_hook_warns(make_database, monkeypatch, caplog):
    # gunicorn.conf.py builds the app from the environment, as the server does.
    monkeypatch.setenv("DATABASE_URL", make_database("seeded"))
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    server = SimpleNamespace(log=logging.getLogger("gunicorn.error.test"))
    with caplog.at_level(logging.WARNING, logger="gunicorn.error.test"):
        settings["when_ready"](server)
    assert WARNING in caplog.text
