"""Results in CSV from the command line: ``export-results`` (the indicators of the
register's projects, one row per indicator and period) and ``import-results`` (actuals and
targets of existing indicators, from a file in the same columns)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.cli_errors import reports_database_errors
from tracker.cli_exchange import _register_filters, _where
from tracker.extensions import db
from tracker.formats.csv_results import ResultsCsv, read_results_csv
from tracker.formats.records import place, severity_label
from tracker.formatting import whole_number
from tracker.services.accounts import users
from tracker.services.results.results_export import results_rows
from tracker.services.results.results_import import (
    ResultsImportRefused,
    apply_results_import,
    plan_results_import,
)


@click.command("export-results")
@with_appcontext
@click.option("--output", "-o", default="-", show_default=True, help="File to write; - for stdout.")
@click.option("--no-bom", is_flag=True, help="Plain UTF-8, without the byte-order mark.")
@click.option("--semicolon", is_flag=True, help="Separate fields with ; instead of ,")
@click.option("--filter", "filter_pairs", multiple=True, metavar="KEY=VALUE",
              help="A register filter or sort, as for export-csv. Repeatable.")  # fmt: skip
@reports_database_errors
def export_results_command(
    output: str, no_bom: bool, semicolon: bool, filter_pairs: tuple[str, ...]
) -> None:
    """Export the indicators of the projects the register shows for the filters, one row per
    indicator and period (unfiltered, the results chain's indicators follow)."""
    filters = _register_filters(filter_pairs)
    writer = ResultsCsv(bom=not no_bom, delimiter=";" if semicolon else ",")
    with click.open_file(output, "wb", atomic=output != "-") as handle:
        for chunk in writer.stream(results_rows(db.session, filters)):
            handle.write(chunk)
    rows = ngettext("%(count)s row", "%(count)s rows", writer.rows,
                    count=whole_number(writer.rows))  # fmt: skip
    indicators = ngettext("%(count)s indicator", "%(count)s indicators", writer.indicators,
                          count=whole_number(writer.indicators))  # fmt: skip
    click.echo(_("Wrote %(rows)s (%(indicators)s) to %(where)s.", rows=rows,
                 indicators=indicators, where=_where(output)), err=True)  # fmt: skip


@click.command("import-results")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--user", "username",
              help="Analyst or admin account to record the changes under (needed unless "
                   "--dry-run).")  # fmt: skip
@reports_database_errors
def import_results_command(file: Path, dry_run: bool, username: str | None) -> None:
    """Set the actuals (and targets) of existing indicators from FILE.

    FILE is a CSV in the columns of export-results. Exits with 1, writing nothing, when a
    row has a problem."""
    user = None
    if not dry_run:
        if not username:
            raise click.UsageError(_("Name the account to record the import under: --user NAME"))
        user = users.find_editor(db.session, username)
        if user is None:
            message = _("“%(username)s” is not an active analyst or admin account.",
                        username=username)  # fmt: skip
            raise click.BadParameter(message, param_hint="--user")
    plan = plan_results_import(db.session, *read_results_csv(file.read_bytes()))
    for problem in plan.problems:
        column = f", {problem.column}" if problem.column else ""
        click.echo(f"{place(problem.where)}{column}: {severity_label(problem.severity)}: "
                   f"{problem.message}", err=True)  # fmt: skip
    for planned in plan.changed:
        for change in planned.changes:
            click.echo(f"{planned.code} #{change.indicator_id} {change.period} {change.what}: "
                       f"{change.before or '—'} → {change.after or _('cleared')}")  # fmt: skip
    scope = _("%(file)s: %(rows)s; %(changes)s targets and actuals to change in "
              "%(projects)s; %(errors)s, %(warnings)s", file=file.name,
              rows=ngettext("%(count)s row", "%(count)s rows", plan.rows,
                            count=whole_number(plan.rows)),
              changes=whole_number(plan.change_count),
              projects=ngettext("%(count)s project", "%(count)s projects", len(plan.changed),
                                count=whole_number(len(plan.changed))),
              errors=ngettext("%(count)s error", "%(count)s errors", len(plan.errors),
                              count=whole_number(len(plan.errors))),
              warnings=ngettext("%(count)s warning", "%(count)s warnings", len(plan.warnings),
                                count=whole_number(len(plan.warnings))))  # fmt: skip
    if plan.has_errors:
        db.session.rollback()
        click.echo(_("%(scope)s. Nothing was imported: fix the errors first.", scope=scope),
                   err=True)  # fmt: skip
        sys.exit(1)
    if dry_run:
        db.session.rollback()
        click.echo(_("%(scope)s. Dry run: nothing was written.", scope=scope))
        return
    try:
        result = apply_results_import(db.session, plan, user)
    except ResultsImportRefused as refused:
        db.session.rollback()
        raise click.ClickException(_("Nothing was imported: %(reason)s", reason=refused)) from None
    db.session.commit()
    click.echo(ngettext("%(file)s: the results of %(count)s project changed.",
                        "%(file)s: the results of %(count)s projects changed.", result.projects,
                        file=file.name, count=whole_number(result.projects)))  # fmt: skip


def init_app(app: Flask) -> None:
    app.cli.add_command(export_results_command)
    app.cli.add_command(import_results_command)
