"""Checks a production server runs once at start (gunicorn's ``when_ready`` hook)."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from tracker.extensions import db
from tracker.services.accounts.demo_accounts import accounts_with_public_passwords

logger = logging.getLogger("tracker")


def warn_about_demo_accounts(app: Flask, log: logging.Logger = logger) -> list[str]:
    """Log a WARNING if demo accounts still sign in with their public passwords; return
    their user names. A database that cannot be read yet (not migrated) is skipped."""
    with app.app_context():
        try:
            names = [user.username for user in accounts_with_public_passwords(db.session)]
        except SQLAlchemyError:
            log.info("Could not check for demo accounts: the database cannot be read yet.")
            return []
        finally:
            db.session.close()
            for engine in db.engines.values():
                engine.dispose()  # the arbiter forks workers next: they open their own
    if names:
        log.warning(
            "Demo accounts with their public passwords can sign in: %s. Anyone who has read "
            "the README can use them. Run `flask --app tracker remove-demo-accounts`.",
            ", ".join(names),
        )
    return names
