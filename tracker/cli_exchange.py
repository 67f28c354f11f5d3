"""Moving projects in and out of the register from the command line: ``export-csv``,
``import-csv``, ``import-iati`` and ``export-iati``."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from tracker.cli import reports_database_errors
from tracker.extensions import db
from tracker.formats.csv_projects import SHAPES, ProjectCsv
from tracker.services import accounts
from tracker.services.exporting import export_records
from tracker.services.register_filters import FILTER_FIELDS, RegisterFilters

REGISTER_PARAMETERS = (*FILTER_FIELDS, "sort", "dir")  # what export-csv --filter takes


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
    app.cli.add_command(export_csv_command)
    app.cli.add_command(import_csv_command)
    app.cli.add_command(import_iati_command)
    app.cli.add_command(export_iati_command)
