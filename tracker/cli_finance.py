"""Money in CSV from the command line: ``export-finance`` (the register's projects' annual
figures, one row per project, year, measure and funder) and ``import-finance`` (annual
figures for existing projects, from a file in the same columns)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.cli_errors import reports_database_errors
from tracker.cli_exchange import _register_filters, _where
from tracker.extensions import db
from tracker.formats.csv_finance import FinanceCsv, read_finance_csv
from tracker.formats.records import place, severity_label
from tracker.formatting import whole_number
from tracker.services.accounts import users
from tracker.services.finance.finance_export import finance_rows
from tracker.services.finance.finance_import import (
    FinanceImportRefused,
    apply_finance_import,
    plan_finance_import,
    years_text,
)


@click.command("export-finance")
@with_appcontext
@click.option("--output", "-o", default="-", show_default=True, help="File to write; - for stdout.")
@click.option("--no-bom", is_flag=True, help="Plain UTF-8, without the byte-order mark.")
@click.option("--semicolon", is_flag=True, help="Separate fields with ; instead of ,")
@click.option("--filter", "filter_pairs", multiple=True, metavar="KEY=VALUE",
              help="A register filter or sort, as for export-csv. Repeatable.")  # fmt: skip
@reports_database_errors
def export_finance_command(
    output: str, no_bom: bool, semicolon: bool, filter_pairs: tuple[str, ...]
) -> None:
    """Export the annual figures of the projects the register shows for the filters."""
    filters = _register_filters(filter_pairs)
    writer = FinanceCsv(bom=not no_bom, delimiter=";" if semicolon else ",")
    with click.open_file(output, "wb", atomic=output != "-") as handle:
        for chunk in writer.stream(finance_rows(db.session, filters)):
            handle.write(chunk)
    click.echo(_("Wrote %(rows)s annual figures (%(projects)s projects) to %(where)s.",
                 rows=whole_number(writer.rows), projects=whole_number(writer.projects),
                 where=_where(output)), err=True)  # fmt: skip


@click.command("import-finance")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--user", "username",
              help="Analyst or admin account to record the changes under (needed unless "
                   "--dry-run).")  # fmt: skip
@reports_database_errors
def import_finance_command(file: Path, dry_run: bool, username: str | None) -> None:
    """Replace the annual figures of existing projects, for the years FILE mentions.

    FILE is a CSV in the columns of export-finance. Exits with 1, writing nothing, when a
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
    start_month = current_app.config.get("FISCAL_YEAR_START_MONTH", 1)
    entries, problems = read_finance_csv(file.read_bytes())
    plan = plan_finance_import(db.session, entries, problems, start_month=start_month)
    for problem in plan.problems:
        column = f", {problem.column}" if problem.column else ""
        click.echo(f"{place(problem.where)}{column}: {severity_label(problem.severity)}: "
                   f"{problem.message}", err=True)  # fmt: skip
    for planned in plan.changed:
        for change in planned.changes:
            funder = f" ({change.funder})" if change.funder else ""
            before = "—" if change.before is None else f"{change.before:.2f}"
            after = _("removed") if change.after is None else f"{change.after:.2f}"
            click.echo(f"{planned.code} {change.year} {change.measure}{funder}: "
                       f"{before} → {after} {planned.currency}")  # fmt: skip
    projects = ngettext("%(file)s: replaces %(years)s of %(count)s project, other years "
                        "unchanged", "%(file)s: replaces %(years)s of %(count)s projects, other "
                        "years unchanged", len(plan.projects), file=file.name,
                        years=years_text(plan.years) or "—",
                        count=whole_number(len(plan.projects)))  # fmt: skip
    scope = _("%(projects)s; %(changed)s to change; %(errors)s, %(warnings)s",
              projects=projects, changed=whole_number(len(plan.changed)),
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
        result = apply_finance_import(db.session, plan, user, start_month=start_month)
    except FinanceImportRefused as refused:
        db.session.rollback()
        raise click.ClickException(_("Nothing was imported: %(reason)s", reason=refused)) from None
    db.session.commit()
    click.echo(ngettext("%(file)s: the figures of %(count)s project changed.",
                        "%(file)s: the figures of %(count)s projects changed.", result.projects,
                        file=file.name, count=whole_number(result.projects)))  # fmt: skip


def init_app(app: Flask) -> None:
    app.cli.add_command(export_finance_command)
    app.cli.add_command(import_finance_command)
