"""Command-line interface: ``flask --app tracker <command>``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    InternalError,
    OperationalError,
)

from tracker import cli_exchange, cli_finance, cli_results
from tracker.cli_errors import reports_database_errors
from tracker.config import SEED_DIR, default_database_url, normalise_database_url
from tracker.extensions import db
from tracker.formats.csv_rows import RowError
from tracker.formatting import whole_number
from tracker.models import ROLES
from tracker.services import schema
from tracker.services.accounts import demo_accounts, users
from tracker.services.accounts.users import role_label
from tracker.services.reference.seeding import seed_database
from tracker.services.reference.synthetic import NotASyntheticDatabase, build_synthetic_portfolio

# What ``seed`` reports it loaded, part by part and table by table.
SEEDED = {
    "reference": _l("Reference data"),
    "portfolio": _l("Illustrative portfolio"),
    "markers": _l("Illustrative marker codes"),
    "un_markers": _l("gender and human-rights markers"),
    "policy_markers": _l("policy markers"),
    "chain": _l("Results chain (three official priorities, illustrative outcomes and outputs)"),
    "nodes": _l("priorities, outcomes and outputs"),
    "chain_indicators": _l("indicators"),
    "chain_periods": _l("periods"),
    "project_outputs": _l("links of projects to outputs"),
    "goals": _l("SDG goals"),
    "targets": _l("SDG targets"),
    "indicators": _l("SDG indicators"),
    "activity_statuses": _l("activity statuses"),
    "organisation_roles": _l("organisation roles"),
    "currencies": _l("currencies"),
    "sector_categories": _l("sector categories"),
    "sectors": _l("sectors"),
    "places": _l("places"),
    "organisations": _l("organisations"),
    "strategic_documents": _l("strategic documents"),
    "projects": _l("projects"),
    "project_targets": _l("links to SDG targets"),
    "project_sectors": _l("links to sectors"),
    "project_places": _l("links to places"),
    "project_organisations": _l("links to organisations"),
    "project_documents": _l("links to strategic documents"),
    "status_changes": _l("status changes"),
    "annual_figures": _l("annual figures (money per year)"),
    "projects already present": _l("projects already present"),
    "results": _l("Illustrative project results"),
    "project_results": _l("results"),
    "result_indicators": _l("indicators"),
    "indicator_periods": _l("indicator periods"),
}

db_cli = AppGroup("db", help="Create and migrate the database schema.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@reports_database_errors
def upgrade_command(revision: str) -> None:
    """Migrate the database to REVISION (the newest by default)."""
    schema.upgrade_database(db.engine, revision)
    click.echo(_("Database at revision %(revision)s.", revision=schema.current_revision(db.engine)))


@db_cli.command("downgrade")
@click.argument("revision")
@reports_database_errors
def downgrade_command(revision: str) -> None:
    """Migrate the database back to REVISION ('base' removes every table)."""
    schema.downgrade_database(db.engine, revision)
    revision = schema.current_revision(db.engine) or "base"
    click.echo(_("Database at revision %(revision)s.", revision=revision))


@db_cli.command("current")
@reports_database_errors
def current_command() -> None:
    """Show the database's revision and the newest one."""
    current = schema.current_revision(db.engine) or _("none (empty database)")
    click.echo(_("Current revision: %(revision)s", revision=current))
    click.echo(_("Newest revision: %(revision)s", revision=schema.head_revision()))


@click.command("seed")
@with_appcontext
@click.option(
    "--directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=SEED_DIR,
    show_default=True,
    help="Folder with reference/ and portfolio/ CSV files.",
)
@click.option("--reference-only", is_flag=True, help="Load the reference data, no projects.")
@reports_database_errors
def seed_command(directory: Path, reference_only: bool) -> None:
    """Load reference data and the illustrative portfolio; what is there already is kept."""
    if schema.current_revision(db.engine) != schema.head_revision():
        raise click.ClickException(
            _("The database is not at the newest revision; run “flask --app tracker db upgrade”.")
        )
    session = db.session
    try:
        report = seed_database(session, directory, with_portfolio=not reference_only)
    except RowError as error:
        session.rollback()
        click.echo(_("Seed stopped, nothing was loaded: %(error)s", error=error), err=True)
        sys.exit(1)
    session.commit()
    for part, counts in report.items():
        loaded = "; ".join(
            f"{SEEDED.get(table, table)}: {whole_number(count)}" for table, count in counts.items()
        )
        click.echo(f"{SEEDED.get(part, part)}: {loaded}")
    if not any(count for counts in report.values() for key, count in counts.items()
               if key != "projects already present"):  # fmt: skip
        click.echo(_("Nothing new to load: the database already holds this seed data."))


@click.command("synth")
@with_appcontext
@click.option("--projects", type=click.IntRange(min=1), default=100_000, show_default=True)
@click.option(
    "--database",
    "database_url",
    help="Where to put them; by default instance/synthetic-<N>.db, never the app's database.",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed.")
def synth_command(projects: int, database_url: str | None, seed: int) -> None:
    """Generate a synthetic portfolio of N projects (for benchmarks) in its own database."""
    url = database_url or default_database_url(current_app.instance_path).replace(
        "tracker.db", f"synthetic-{projects}.db"
    )
    url = normalise_database_url(url)
    if url == current_app.config["DATABASE_URL"]:
        raise click.ClickException(
            _("The synthetic portfolio needs a database of its own, not the app's database.")
        )
    try:
        engine = create_engine(url)
    except ArgumentError:
        raise click.ClickException(_("“%(url)s” is not a database URL.", url=url)) from None
    label = _("Generating %(count)s projects", count=whole_number(projects))
    try:
        with click.progressbar(length=projects, label=label) as bar:
            added = build_synthetic_portfolio(engine, projects, seed=seed, progress=bar.update)
    except NotASyntheticDatabase as error:
        raise click.ClickException(str(error)) from None
    except (OperationalError, InternalError) as error:
        message = _("Cannot use the database: %(error)s", error=error.orig)
        raise click.ClickException(message) from None
    finally:
        engine.dispose()
    where = make_url(url).render_as_string()
    click.echo(_("Added %(count)s synthetic projects to %(url)s.", count=whole_number(added),
                 url=where))  # fmt: skip


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="admin", show_default=True)
@click.option("--name", "display_name", default="", help="Name shown on pages.")
@click.password_option(help="Prompted for (twice) when not given.")
@reports_database_errors
def create_user_command(username: str, role: str, display_name: str, password: str) -> None:
    """Create a user account (an admin by default)."""
    try:
        users.create_user(db.session, username, password, role, display_name)
    except users.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(_("Created the account “%(username)s” (%(role)s).", username=username,
                 role=role_label(role)))  # fmt: skip


@click.command("demo-accounts")
@with_appcontext
@reports_database_errors
def demo_accounts_command() -> None:
    """On a database without users, create one demo account per role and print them."""
    created = users.create_demo_accounts(db.session)
    db.session.commit()
    if not created:
        click.echo(_("Accounts exist already; no demo accounts were added."))
        return
    click.echo(_("Demo accounts (FOR THE DEMO ONLY: anyone can read these passwords):"))
    for username, role, password in created:
        line = _("%(role)s: user name %(username)s, password %(password)s",
                 role=role_label(role), username=username, password=password)  # fmt: skip
        click.echo("  " + line)


@click.command("remove-demo-accounts")
@with_appcontext
@reports_database_errors
def remove_demo_accounts_command() -> None:
    """Deactivate the demo accounts that still have their public passwords."""
    removal = demo_accounts.remove_demo_accounts(db.session)
    db.session.commit()
    for user in removal.deactivated:
        click.echo(_("Deactivated the demo account “%(username)s”.", username=user.username))
    for user, reason in removal.kept:
        click.echo(_("Kept “%(username)s”: %(reason)s", username=user.username, reason=reason))
    if not removal.deactivated and not removal.kept:
        click.echo(_("No demo account signs in with its public password."))
    if removal.kept:
        sys.exit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_accounts_command)
    app.cli.add_command(remove_demo_accounts_command)
    app.cli.add_command(db_cli)
    app.cli.add_command(seed_command)
    app.cli.add_command(synth_command)
    cli_exchange.init_app(app)
    cli_finance.init_app(app)
    cli_results.init_app(app)
