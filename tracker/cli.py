"""Command-line interface: ``flask --app tracker <command>``."""

from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from tracker.config import SEED_DIR, default_database_url, normalise_database_url
from tracker.extensions import db
from tracker.formats.csv_projects import SHAPES, ProjectCsv
from tracker.formats.csv_rows import RowError
from tracker.models import ROLES
from tracker.services import accounts, schema
from tracker.services.exporting import export_records
from tracker.services.register_filters import FILTER_FIELDS, RegisterFilters
from tracker.services.seeding import seed_database
from tracker.services.synthetic import NotASyntheticDatabase, build_synthetic_portfolio

REGISTER_PARAMETERS = (*FILTER_FIELDS, "sort", "dir")  # what export-csv --filter takes

db_cli = AppGroup("db", help="Create and migrate the database schema.")


def reports_database_errors(command):
    """Say in one line that the database cannot be reached, instead of a traceback."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except OperationalError as error:
            url = db.engine.url.render_as_string(hide_password=True)
            raise click.ClickException(f"cannot use the database {url}: {error.orig}") from None

    return wrapped


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@reports_database_errors
def upgrade_command(revision: str) -> None:
    """Migrate the database to REVISION (the newest by default)."""
    schema.upgrade_database(db.engine, revision)
    click.echo(f"Database at revision {schema.current_revision(db.engine)}.")


@db_cli.command("downgrade")
@click.argument("revision")
@reports_database_errors
def downgrade_command(revision: str) -> None:
    """Migrate the database back to REVISION ('base' removes every table)."""
    schema.downgrade_database(db.engine, revision)
    click.echo(f"Database at revision {schema.current_revision(db.engine) or 'base'}.")


@db_cli.command("current")
@reports_database_errors
def current_command() -> None:
    """Show the database's revision and the newest one."""
    click.echo(f"current: {schema.current_revision(db.engine) or 'none (empty database)'}")
    click.echo(f"newest:  {schema.head_revision()}")


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
            "the synthetic portfolio needs a database of its own, not the app's database"
        )
    try:
        engine = create_engine(url)
    except ArgumentError:
        raise click.ClickException(f"{url!r} is not a database URL") from None
    try:
        with click.progressbar(length=projects, label=f"Generating {projects:,} projects") as bar:
            added = build_synthetic_portfolio(engine, projects, seed=seed, progress=bar.update)
    except NotASyntheticDatabase as error:
        raise click.ClickException(str(error)) from None
    except OperationalError as error:
        raise click.ClickException(f"cannot use the database: {error.orig}") from None
    finally:
        engine.dispose()
    click.echo(f"Added {added:,} synthetic projects to {make_url(url).render_as_string()}")


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="admin", show_default=True)
@click.option("--name", "display_name", default="", help="Name shown on pages.")
@click.password_option(help="Prompted for (twice) when not given.")
def create_user_command(username: str, role: str, display_name: str, password: str) -> None:
    """Create a user account (an admin by default)."""
    try:
        accounts.create_user(db.session, username, password, role, display_name)
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {role} {username!r}.")


@click.command("demo-accounts")
@with_appcontext
def demo_accounts_command() -> None:
    """On a database without users, create one demo account per role and print them."""
    created = accounts.create_demo_accounts(db.session)
    db.session.commit()
    if not created:
        click.echo("Accounts exist already; no demo accounts were added.")
        return
    click.echo("Demo accounts (FOR THE DEMO ONLY: anyone can read these passwords):")
    for username, role, password in created:
        click.echo(f"  {role:<8} user name: {username:<8} password: {password}")


# --- export-csv: the register's projects as CSV ------------------------------------------------
@click.command("export-csv")
@with_appcontext
@click.option(
    "--shape",
    type=click.Choice(SHAPES),
    default="wide",
    show_default=True,
    help="wide: one row per project; long: one row per project and SDG target.",
)
@click.option("--output", default="-", show_default=True, help="File to write; - for stdout.")
@click.option("--no-bom", is_flag=True, help="Plain UTF-8, without the byte-order mark.")
@click.option("--semicolon", is_flag=True, help="Separate fields with ; instead of ,")
@click.option(
    "--filter",
    "filter_pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="A register filter or sort, as in its address: --filter goal=3 "
    "--filter status=2 --filter sort=budget. Repeatable.",
)
@reports_database_errors
def export_csv_command(
    shape: str, output: str, no_bom: bool, semicolon: bool, filter_pairs: tuple[str, ...]
) -> None:
    """Export the projects the register shows for the filters (all of them by default)."""
    filters = _register_filters(filter_pairs)
    writer = ProjectCsv(shape, bom=not no_bom, delimiter=";" if semicolon else ",")
    with click.open_file(output, "wb", atomic=output != "-") as handle:
        for chunk in writer.stream(export_records(db.session, filters)):
            handle.write(chunk)
    where = "stdout" if output == "-" else output
    summary = f"Wrote {writer.rows:,} rows ({writer.projects:,} projects, {shape}) to {where}."
    click.echo(summary, err=True)


def _register_filters(filter_pairs: tuple[str, ...]) -> RegisterFilters:
    """The register's filters from --filter KEY=VALUE pairs (export-csv, export-iati)."""
    args = {}
    for pair in filter_pairs:
        key, equals, value = pair.partition("=")
        if not equals or key.strip() not in REGISTER_PARAMETERS:
            raise click.BadParameter(
                f"{pair!r} should be KEY=VALUE with KEY one of {', '.join(REGISTER_PARAMETERS)}",
                param_hint="--filter",
            )
        args[key.strip()] = value
    filters, problems = RegisterFilters.from_args(args)
    if problems:
        reasons = " ".join(problem.removesuffix("; ignored.") for problem in problems)
        raise click.BadParameter(reasons, param_hint="--filter")
    return filters


# --- end export-csv ----------------------------------------------------------------------------


# --- import-csv: projects from a wide CSV file -------------------------------------------------
PROGRESS_FROM = 1000  # rows; shorter files need no progress bar


@click.command("import-csv")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option(
    "--user",
    "username",
    help="Analyst or admin account to record the changes under (needed unless --dry-run).",
)
@reports_database_errors
def import_csv_command(file: Path, dry_run: bool, username: str | None) -> None:
    """Create and update projects from FILE, a CSV in the wide export's columns.

    Exits with 1, writing nothing, when the file has errors."""
    from tracker.formats.csv_import import read_projects_csv

    _import_file(file, read_projects_csv, "csv", dry_run, username)


def _import_file(file: Path, read, kind: str, dry_run: bool, username: str | None) -> None:
    """Read FILE with ``read``, plan with the rules of ``kind``, report, and save unless
    ``dry_run`` or errors (import-csv and import-iati share it)."""
    from tracker.services import importing

    user = None
    if not dry_run:
        if not username:
            raise click.UsageError("name the account to record the import under: --user NAME")
        user = accounts.find_editor(db.session, username)
        if user is None:
            raise click.BadParameter(
                f"{username!r} is not an active analyst or admin account", param_hint="--user"
            )
    records, problems = read(file.read_bytes())
    with _progress(len(records), "Checking") as bar:
        plan = importing.plan_import(
            db.session, records, problems, rules=importing.RULES[kind], progress=bar.update
        )
    for problem in plan.problems:
        column = f", {problem.column}" if problem.column else ""
        click.echo(f"{problem.where}{column}: {problem.severity}: {problem.message}", err=True)
    counts = (f"{len(plan.creates):,} to create, {len(plan.updates):,} to update "
              f"({plan.status_changes:,} status changes), {len(plan.unchanged):,} unchanged; "
              f"{len(plan.errors):,} errors, {len(plan.warnings):,} warnings")  # fmt: skip
    skipped = sum(problem.message.startswith("Skipped:") for problem in plan.warnings)
    if skipped:
        counts += f"; {skipped:,} skipped (see the warnings)"
    for record in records:  # how an IATI activity's budget was arrived at, and its spending
        if record.extra:
            notes = "; ".join(f"{key}: {value}" for key, value in record.extra.items())
            click.echo(f"{record.where}: note: {notes}", err=True)
    if plan.has_errors:
        db.session.rollback()
        click.echo(f"{file.name}: {counts}. Nothing was imported: fix the errors first.", err=True)
        sys.exit(1)
    if dry_run:
        db.session.rollback()
        click.echo(f"{file.name}: {counts}. Dry run: nothing was written.")
        return
    try:
        with _progress(len(plan.creates) + len(plan.updates), "Importing") as bar:
            result = importing.apply_import(
                db.session, plan, user, file_name=file.name, progress=bar.update
            )
    except importing.ImportRefused as refused:
        db.session.rollback()
        raise click.ClickException(f"nothing was imported: {refused}") from None
    db.session.commit()
    skipped_note = f", {skipped:,} skipped" if skipped else ""
    click.echo(f"{file.name}: {result.summary()}{skipped_note}.")


def _progress(length: int, label: str):
    """A progress bar on stderr for long files; a silent stand-in for short ones."""
    if length >= PROGRESS_FROM:
        return click.progressbar(length=length, label=label, file=sys.stderr)
    return contextlib.nullcontext(_NoProgress())


class _NoProgress:
    def update(self, _steps: int) -> None:
        pass


# --- end import-csv ----------------------------------------------------------------------------


# --- import-iati and export-iati: IATI activity XML --------------------------------------------
@click.command("import-iati")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option(
    "--user",
    "username",
    help="Analyst or admin account to record the changes under (needed unless --dry-run).",
)
@reports_database_errors
def import_iati_command(file: Path, dry_run: bool, username: str | None) -> None:
    """Create and update projects from FILE, IATI activity XML (versions 2.01 to 2.03).

    Activities that cannot be imported are skipped and reported; exits with 1, writing
    nothing, when the file itself cannot be read."""
    from tracker.formats.iati import read_activities

    _import_file(file, read_activities, "xml", dry_run, username)


@click.command("export-iati")
@with_appcontext
@click.option("--output", "-o", default="-", show_default=True, help="File to write; - for stdout.")
@click.option("--filter", "filter_pairs", multiple=True, metavar="KEY=VALUE",
              help="A register filter or sort, as for export-csv. Repeatable.")  # fmt: skip
@reports_database_errors
def export_iati_command(output: str, filter_pairs: tuple[str, ...]) -> None:
    """Export the projects the register shows for the filters as IATI 2.03 XML."""
    from tracker.services.iati_exporting import export_iati, reporting_org

    filters = _register_filters(filter_pairs)
    writer, chunks = export_iati(db.session, filters, reporting_org(current_app.config))
    with click.open_file(output, "wb", atomic=output != "-") as handle:
        for chunk in chunks:
            handle.write(chunk)
    where = "stdout" if output == "-" else output
    click.echo(f"Wrote {writer.activities:,} IATI activities to {where}.", err=True)


# --- end import-iati and export-iati -----------------------------------------------------------


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_accounts_command)
    app.cli.add_command(db_cli)
    app.cli.add_command(seed_command)
    app.cli.add_command(synth_command)
    app.cli.add_command(export_csv_command)
    app.cli.add_command(import_csv_command)
    app.cli.add_command(import_iati_command)
    app.cli.add_command(export_iati_command)
