"""Moving projects in and out of the register from the command line: ``export-csv``,
``import-csv``, ``import-iati`` and ``export-iati``."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.cli_errors import reports_database_errors
from tracker.extensions import db
from tracker.formats.csv_projects import SHAPES, ProjectCsv
from tracker.formats.records import place, severity_label
from tracker.formatting import whole_number
from tracker.services.accounts import users
from tracker.services.exchange.exporting import export_records
from tracker.services.register.filters import FILTER_FIELDS, RegisterFilters

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
    summary = _("Wrote %(rows)s rows (%(projects)s projects, %(shape)s) to %(where)s.",
                rows=whole_number(writer.rows), projects=whole_number(writer.projects),
                shape=shape, where=_where(output))  # fmt: skip
    click.echo(summary, err=True)


def _where(output: str) -> str:
    return _("standard output") if output == "-" else output


def _register_filters(filter_pairs: tuple[str, ...]) -> RegisterFilters:
    """The register's filters from --filter KEY=VALUE pairs (export-csv, export-iati)."""
    args = {}
    for pair in filter_pairs:
        key, equals, value = pair.partition("=")
        if not equals or key.strip() not in REGISTER_PARAMETERS:
            message = _("“%(pair)s” should be KEY=VALUE with KEY one of %(keys)s.", pair=pair,
                        keys=", ".join(REGISTER_PARAMETERS))  # fmt: skip
            raise click.BadParameter(message, param_hint="--filter")
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


def _import_file(
    file: Path,
    read,
    kind: str,
    dry_run: bool,
    username: str | None,
    create_organisations: bool = False,
) -> None:
    """Read FILE with ``read``, plan with the rules of ``kind``, report, and save unless
    ``dry_run`` or errors (import-csv and import-iati share it). ``create_organisations``:
    the organisations the file names and the tracker lacks are created with the import."""
    from tracker.services.exchange import importing
    from tracker.services.exchange.importing.apply import status_changes_text

    user = None
    if not dry_run:
        if not username:
            raise click.UsageError(_("Name the account to record the import under: --user NAME"))
        user = users.find_editor(db.session, username)
        if user is None:
            message = _("“%(username)s” is not an active analyst or admin account.",
                        username=username)  # fmt: skip
            raise click.BadParameter(message, param_hint="--user")
    records, problems = read(file.read_bytes())
    options = {
        "rules": importing.RULES[kind],
        "start_month": current_app.config.get("FISCAL_YEAR_START_MONTH", 1),
    }
    with _progress(len(records), _("Checking")) as bar:
        plan = importing.plan_import(db.session, records, problems, progress=bar.update, **options)
    for problem in plan.problems:
        column = f", {problem.column}" if problem.column else ""
        click.echo(f"{place(problem.where)}{column}: {severity_label(problem.severity)}: "
                   f"{problem.message}", err=True)  # fmt: skip
    errors, warnings = len(plan.errors), len(plan.warnings)
    counts = _("%(creates)s to create, %(updates)s to update (%(status_changes)s), "
               "%(unchanged)s unchanged; %(errors)s, %(warnings)s",
               creates=whole_number(len(plan.creates)), updates=whole_number(len(plan.updates)),
               status_changes=status_changes_text(plan.status_changes),
               unchanged=whole_number(len(plan.unchanged)),
               errors=ngettext("%(count)s error", "%(count)s errors", errors,
                               count=whole_number(errors)),
               warnings=ngettext("%(count)s warning", "%(count)s warnings", warnings,
                                 count=whole_number(warnings)))  # fmt: skip
    if plan.skipped:
        skipped = _("%(count)s skipped (see the warnings)", count=whole_number(plan.skipped))
        counts = f"{counts}; {skipped}"
    for new in plan.new_organisations:
        if create_organisations:
            click.echo(_("%(label)s: yes", label=new.label()), err=True)
        else:
            click.echo(_("Unknown organisation %(name)s (ref %(ref)s), named by %(count)s "
                         "projects: not created (--create-organisations creates it).",
                         name=new.name, ref=new.ref or "-", count=len(new.projects)),
                       err=True)  # fmt: skip
    for record in records:  # how an IATI activity's budget was arrived at, and its spending
        if record.extra:
            notes = " ".join(record.extra.values())
            click.echo(f"{place(record.where)}: {notes}", err=True)
    if plan.has_errors:
        db.session.rollback()
        click.echo(_("%(file)s: %(counts)s. Nothing was imported: fix the errors first.",
                     file=file.name, counts=counts), err=True)  # fmt: skip
        sys.exit(1)
    if dry_run:
        db.session.rollback()
        click.echo(_("%(file)s: %(counts)s. Dry run: nothing was written.", file=file.name,
                     counts=counts))  # fmt: skip
        return
    created = []
    if create_organisations and plan.new_organisations:
        # Created in the import's transaction, so kept with it or not at all.
        plan, created = importing.plan_creating_organisations(
            db.session, records, problems, {new.key for new in plan.new_organisations}, **options
        )
    try:
        with _progress(len(plan.creates) + len(plan.updates), _("Importing")) as bar:
            result = importing.apply_import(
                db.session, plan, user, file_name=file.name, progress=bar.update
            )
    except importing.ImportRefused as refused:
        db.session.rollback()
        raise click.ClickException(_("Nothing was imported: %(reason)s", reason=refused)) from None
    db.session.commit()
    summary = result.summary()
    if plan.skipped:
        summary = _("%(summary)s, %(count)s skipped", summary=summary,
                    count=whole_number(plan.skipped))  # fmt: skip
    if created:
        summary = _("%(summary)s; organisations created: %(names)s", summary=summary,
                    names=", ".join(organisation.name for organisation in created))  # fmt: skip
    click.echo(_("%(file)s: %(summary)s.", file=file.name, summary=summary))


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
@click.option(
    "--create-organisations",
    is_flag=True,
    help="Create the organisations the file names and the tracker does not know.",
)
@reports_database_errors
def import_iati_command(
    file: Path, dry_run: bool, username: str | None, create_organisations: bool
) -> None:
    """Create and update projects from FILE, IATI activity XML (versions 2.01 to 2.03),
    with their budgets, transactions, planned disbursements and hierarchy.

    Activities that cannot be imported are skipped and reported; exits with 1, writing
    nothing, when the file itself cannot be read."""
    from tracker.formats.iati import read_activities

    _import_file(file, read_activities, "xml", dry_run, username, create_organisations)


@click.command("export-iati")
@with_appcontext
@click.option("--output", "-o", default="-", show_default=True, help="File to write; - for stdout.")
@click.option("--filter", "filter_pairs", multiple=True, metavar="KEY=VALUE",
              help="A register filter or sort, as for export-csv. Repeatable.")  # fmt: skip
@reports_database_errors
def export_iati_command(output: str, filter_pairs: tuple[str, ...]) -> None:
    """Export the projects the register shows for the filters as IATI 2.03 XML."""
    from tracker.services.exchange.iati_exporting import export_iati, reporting_org

    filters = _register_filters(filter_pairs)
    writer, chunks = export_iati(db.session, filters, reporting_org(current_app.config))
    with click.open_file(output, "wb", atomic=output != "-") as handle:
        for chunk in chunks:
            handle.write(chunk)
    message = ngettext("Wrote %(count)s IATI activity to %(where)s.",
                       "Wrote %(count)s IATI activities to %(where)s.", writer.activities,
                       count=whole_number(writer.activities), where=_where(output))  # fmt: skip
    click.echo(message, err=True)


# --- end import-iati and export-iati -----------------------------------------------------------


def init_app(app: Flask) -> None:
    app.cli.add_command(export_csv_command)
    app.cli.add_command(import_csv_command)
    app.cli.add_command(import_iati_command)
    app.cli.add_command(export_iati_command)
