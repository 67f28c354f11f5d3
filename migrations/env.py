"""Alembic environment: migrates the database the tracker is configured for.

The URL comes, in order, from a connection handed over by the caller (the CLI and the
tests), a URL in ``config.attributes``, ``DATABASE_URL``, or the default SQLite file.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from tracker.config import ROOT, default_database_url, normalise_database_url
from tracker.models import Base

config = context.config
target_metadata = Base.metadata


def database_url() -> str:
    url = config.attributes.get("url") or os.environ.get("DATABASE_URL")
    return normalise_database_url(url or default_database_url(str(ROOT / "instance")))


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_with_connection(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite can only change a table by copying it; batch mode does that.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with_connection(connection)
        return
    engine = create_engine(database_url())
    try:
        with engine.connect() as connection:
            run_with_connection(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
