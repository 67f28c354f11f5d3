"""Command-line interface: ``flask --app tracker <command>``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from tracker.config import SEED_DIR
from tracker.extensions import db
from tracker.formats.csv_rows import RowError
from tracker.services import schema
from tracker.services.seeding import seed_database

db_cli = AppGroup("db", help="Create and migrate the database schema.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def upgrade_command(revision: str) -> None:
    """Migrate the database to REVISION (the newest by default)."""
    schema.upgrade_database(db.engine, revision)
    click.echo(f"Database at revision {schema.current_revision(db.engine)}.")


@db_cli.command("downgrade")
@click.argument("revision")
def downgrade_command(revision: str) -> None:
    """Migrate the database back to REVISION ('base' removes every table)."""
    schema.downgrade_database(db.engine, revision)
    click.echo(f"Database at revision {schema.current_revision(db.engine) or 'base'}.")


@db_cli.command("current")
def current_command() -> None:
    """Show the database's revision and the newest one."""
    click.echo(f"current: {schema.current_revision(db.engine) or 'none (empty database)'}")
    click.echo(f"newest:  {schema.head_revision()}")


@click.command("seed")
@click.option(
    "--directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=SEED_DIR,
    show_default=True,
    help="Folder with reference/ and portfolio/ CSV files.",
)
@click.option("--reference-only", is_flag=True, help="Load the reference data, no projects.")
def seed_command(directory: Path, reference_only: bool) -> None:
    """Load reference data and the illustrative portfolio; what is there already is kept."""
    if schema.current_revision(db.engine) != schema.head_revision():
        raise click.ClickException(
            "the database is not at the newest revision; run `flask --app tracker db upgrade`"
        )
    session = db.session
    try:
        report = seed_database(session, directory, with_portfolio=not reference_only)
    except RowError as error:
        session.rollback()
        click.echo(f"Seed stopped, nothing was loaded: {error}", err=True)
        sys.exit(1)
    session.commit()
    for part, counts in report.items():
        loaded = ", ".join(f"{count} {table}" for table, count in counts.items())
        click.echo(f"{part}: {loaded}")
    if not any(count for counts in report.values() for key, count in counts.items()
               if key != "projects already present"):  # fmt: skip
        click.echo("Nothing new to load: the database already holds this seed data.")


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(seed_command)
