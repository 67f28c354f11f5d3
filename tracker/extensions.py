"""Extension objects, created unbound so no module needs the app to import them."""

from __future__ import annotations

import contextlib
import inspect
import sqlite3

from flask import Flask
from flask_login import LoginManager
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, event

db = SQLAlchemy()
csrf = CSRFProtect()
login_manager = LoginManager()


def init_db(app: Flask) -> None:
    """Bind ``db`` to the app, without the async-session teardown we have no use for.

    Flask runs an async teardown through asgiref on every request, which costs time and
    fails in any thread that already runs an event loop (Playwright's, in the tests).
    """
    db.init_app(app)
    app.teardown_appcontext_funcs[:] = [
        func for func in app.teardown_appcontext_funcs if not inspect.iscoroutinefunction(func)
    ]


@event.listens_for(Engine, "connect")
def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    """Each new SQLite connection: foreign keys, waiting for writers, WAL, Unicode lower()."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        # SQLite ignores foreign keys unless each connection asks for them.
        cursor.execute("PRAGMA foreign_keys=ON")
        # Wait for another connection's write instead of failing at once with "database is
        # locked" (a long import, a sign-in recording its attempt).
        cursor.execute("PRAGMA busy_timeout=8000")
        # In WAL mode readers are not blocked by a long write; a file database only.
        if any(row[2] for row in cursor.execute("PRAGMA database_list")):
            # A read-only or locked file keeps its mode; reading still works.
            with contextlib.suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
        # SQLite's own lower() folds ASCII letters only, so a search for "алматы" would miss
        # "Алматы"; Python's folds Kazakh and Russian letters too (no index uses lower()).
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(text: str | None) -> str | None:
    return text.lower() if isinstance(text, str) else text
