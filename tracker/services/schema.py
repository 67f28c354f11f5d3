"""Bringing a database's schema to a revision with the project's Alembic migrations."""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from tracker.config import ROOT


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config(toml_file=str(ROOT / "pyproject.toml"))
    if engine is not None:
        config.attributes["url"] = engine.url.render_as_string(hide_password=False)
    return config


def upgrade_database(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade_database(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


# Why the app cannot serve yet: the readiness check's answer, for monitoring (English).
DATABASE_UNREACHABLE = "database unreachable"
SCHEMA_OUT_OF_DATE = "schema out of date"


@cache
def _code_head() -> str | None:
    return head_revision()  # the migrations on disk do not change while the app runs


def readiness_problem(engine: Engine) -> str | None:
    """None when the database answers and is at the newest migration, else what is wrong."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError:
        return DATABASE_UNREACHABLE
    return None if current == _code_head() else SCHEMA_OUT_OF_DATE
