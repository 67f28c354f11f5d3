"""Exchange rates from the command line: ``flask --app tracker import-rates FILE
[--dry-run]``, with the same reader, checks and all-or-nothing rule as the admin page."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.cli_errors import reports_database_errors
from tracker.extensions import db
from tracker.formats.csv_rates import read_rates_csv
from tracker.formats.records import place, severity_label
from tracker.formatting import whole_number
from tracker.services.finance.rate_imports import apply_rates, plan_rates


@click.command("import-rates")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@reports_database_errors
def import_rates_command(file: Path, dry_run: bool) -> None:
    """Add and replace monthly exchange rates from FILE, a CSV with the columns currency,
    quote_currency, month (YYYY-MM), rate and source.

    Exits with 1, writing nothing, when any row has an error."""
    records, problems = read_rates_csv(file.read_bytes())
    plan = plan_rates(db.session, records, problems)
    for problem in plan.problems:
        column = f", {problem.column}" if problem.column else ""
        click.echo(f"{place(problem.where)}{column}: {severity_label(problem.severity)}: "
                   f"{problem.message}", err=True)  # fmt: skip
    errors = len(plan.errors)
    counts = _("%(adds)s to add, %(changes)s to change, %(unchanged)s unchanged; %(errors)s",
               adds=whole_number(len(plan.adds)), changes=whole_number(len(plan.changes)),
               unchanged=whole_number(plan.unchanged),
               errors=ngettext("%(count)s error", "%(count)s errors", errors,
                               count=whole_number(errors)))  # fmt: skip
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
    added, changed = apply_rates(db.session, plan)
    db.session.commit()
    click.echo(_("%(file)s: %(added)s added, %(changed)s changed, %(unchanged)s unchanged.",
                 file=file.name, added=whole_number(added), changed=whole_number(changed),
                 unchanged=whole_number(plan.unchanged)))  # fmt: skip


def init_app(app: Flask) -> None:
    app.cli.add_command(import_rates_command)
