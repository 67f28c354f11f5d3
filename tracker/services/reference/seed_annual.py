"""Loading the illustrative portfolio's annual money (``annual_figures.csv``): one row per
project, year, measure and funder, checked as the annual form checks a person's rows."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask_babel import gettext as _

from tracker.formats.csv_rows import parse_decimal, parse_int, required
from tracker.models import AnnualFigure, Organisation, Project
from tracker.models.finance import AVAILABLE, MEASURES, REQUIRED

ANNUAL_FILE = "annual_figures.csv"
ANNUAL_COLUMNS = ("year", "measure", "amount", "currency", "funder")


def annual_row_loader(organisations: dict[str, Organisation],
                      added: dict[str, int]) -> Callable:  # fmt: skip
    """A handler for ``load_portfolio``'s ``each_row``: adds one row to its project."""

    def handle(_line: int, row: dict[str, str], entry) -> None:
        project: Project = entry.project
        measure = required(row, "measure")
        if measure not in MEASURES:
            raise ValueError(_("Unknown measure “%(measure)s”.", measure=measure))
        amount = parse_decimal(row, "amount")
        if amount < 0:
            raise ValueError(_("An amount cannot be negative, unless it is a correction."))
        if row["currency"] != project.currency:
            raise ValueError(_("The amount is in %(currency)s, the project in %(project)s.",
                               currency=row["currency"], project=project.currency))  # fmt: skip
        funder = None
        if row["funder"]:
            if measure != AVAILABLE:
                raise ValueError(_("Only available money has a funder."))
            if row["funder"] not in organisations:
                raise ValueError(_("Unknown organisation “%(code)s”.", code=row["funder"]))
            funder = organisations[row["funder"]]
        year = parse_int(row, "year")
        key = (year, measure, funder)
        if any((f.year, f.measure, f.funder) == key for f in project.annual_figures):
            raise ValueError(_("%(year)s %(measure)s is listed twice.", year=year,
                               measure=measure))  # fmt: skip
        figure = AnnualFigure(year=year, measure=measure, amount=amount,
                              currency=project.currency, funder=funder)  # fmt: skip
        project.annual_figures.append(figure)
        added["annual_figures"] += 1

    return handle


def budget_problem(project: Project) -> str | None:
    """The budget must be the sum of the required years, as the tracker keeps it."""
    years = [f.amount for f in project.annual_figures if f.measure == REQUIRED]
    if years and sum(years, Decimal(0)) != project.budget:
        return _("The required amounts add up to %(total)s, not the budget %(budget)s.",
                 total=sum(years, Decimal(0)), budget=project.budget)  # fmt: skip
    return None
