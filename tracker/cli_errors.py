"""How every command that uses the database reports it cannot: one line, no traceback."""

from __future__ import annotations

import functools
from contextlib import suppress

import click
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError, SQLAlchemyError

from tracker.extensions import db


def reports_database_errors(command):
    """Say in one line that the database cannot be reached or written, instead of a
    traceback; every command that uses the database wears it."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (OperationalError, InternalError) as error:
            with suppress(SQLAlchemyError):  # nothing was written; end the failed transaction
                db.session.rollback()
            url = db.engine.url.render_as_string(hide_password=True)
            if _is_read_only(error):
                message = _("Cannot write to the database %(url)s: it is read-only (%(error)s).",
                            url=url, error=error.orig)  # fmt: skip
            else:
                message = _("Cannot use the database %(url)s: %(error)s", url=url, error=error.orig)
            raise click.ClickException(message) from None

    return wrapped


def _is_read_only(error: DBAPIError) -> bool:
    """A read-only SQLite file (or folder), or a PostgreSQL read-only transaction or replica."""
    code = getattr(error.orig, "sqlite_errorname", None) or getattr(error.orig, "sqlstate", None)
    return str(code).startswith("SQLITE_READONLY") or code == "25006"
