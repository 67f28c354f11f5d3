"""Rendering the app's error page so that it cannot fail itself on the database."""

from __future__ import annotations

from contextlib import suppress

from flask import current_app, g, render_template
from sqlalchemy.exc import SQLAlchemyError

from tracker.extensions import db


def render_error_page(code: int, **context) -> tuple[str, int]:
    """error.html with ``context``, answering ``code``.

    After a failed write the session must be rolled back before the page (its menu reads the
    signed-in user) queries again; with the database unreachable the page still renders,
    for a visitor who is not signed in, rather than Werkzeug's bare error page."""
    if code == 500:
        _roll_back()
    try:
        return render_template("error.html", **context), code
    except SQLAlchemyError:
        _roll_back()
        # Flask-Login keeps the request's user here; who it is cannot be read now.
        g._login_user = current_app.login_manager.anonymous_user()
        return render_template("error.html", **context), code


def _roll_back() -> None:
    with suppress(SQLAlchemyError):  # a connection that is gone has nothing to undo
        db.session.rollback()
