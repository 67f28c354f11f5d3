"""Which rates the portfolio still lacks: the currencies and fiscal years of the amounts it
holds (annual figures, project budgets) that have no rate to the reporting currency yet.

The conversion (``rates.yearly_rates``) takes the mean of a fiscal year's monthly rates, so a
year needs at least one month's rate; a year with only some months is converted with those,
and listed here as incomplete so that the admin knows which months to add.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import AnnualFigure, Project
from tracker.services.finance.rates import fiscal_year, yearly_rates

# The years a converted amount can fall in (as AnnualFigure's check); a project whose dates
# run beyond them is counted within them.
FIRST_YEAR, LAST_YEAR = 1900, 2200


@dataclass(frozen=True)
class CurrencyGap:
    """A currency of the portfolio's amounts, the fiscal years it has no rate for, and the
    years it has a rate for only some months (year -> months with a rate)."""

    currency: str
    missing: list[int]
    incomplete: dict[int, int] = field(default_factory=dict)

    @property
    def missing_spans(self) -> list[tuple[int, int]]:
        """The missing years as runs of consecutive years: [(2019, 2021), (2023, 2023)]."""
        return year_spans(self.missing)


def year_spans(years: list[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for year in sorted(years):
        if spans and spans[-1][1] == year - 1:
            spans[-1] = (spans[-1][0], year)
        else:
            spans.append((year, year))
    return spans


def years_held(session: Session, reporting: str, start_month: int = 1) -> dict[str, set[int]]:
    """The fiscal years in which the portfolio holds amounts in each currency other than
    ``reporting``: the years of annual figures, and the years a project with a budget runs
    (from its actual or else planned start to its actual or else planned end)."""
    held: dict[str, set[int]] = defaultdict(set)
    figures = select(AnnualFigure.currency, AnnualFigure.year).distinct()
    for currency, year in session.execute(figures.where(AnnualFigure.currency != reporting)):
        held[currency].add(year)
    start = func.coalesce(Project.actual_start, Project.planned_start)
    end = func.coalesce(Project.actual_end, Project.planned_end)
    projects = select(Project.currency, start, end).where(
        Project.currency != reporting, Project.budget > 0, start.is_not(None)
    )
    for currency, first, last in session.execute(projects):
        first_year = fiscal_year(first, start_month)
        last_year = fiscal_year(last, start_month) if last and last >= first else first_year
        held[currency].update(range(max(first_year, FIRST_YEAR), min(last_year, LAST_YEAR) + 1))
    return held


def missing_rates(session: Session, reporting: str, start_month: int = 1) -> list[CurrencyGap]:
    """Each currency the portfolio holds with the years it lacks a rate for, or has one for
    only some months; currencies with a rate for every month of every year are left out."""
    rates = yearly_rates(session, reporting, start_month)
    months: dict[tuple[str, int], int] = defaultdict(int)
    for currency, month in rates.by_month:
        months[(currency, fiscal_year(month, start_month))] += 1
    gaps = []
    for currency, years in sorted(years_held(session, reporting, start_month).items()):
        missing = sorted(year for year in years if rates.rate(currency, year) is None)
        incomplete = {
            year: months[(currency, year)]
            for year in sorted(years)
            if 0 < months[(currency, year)] < 12
        }
        if missing or incomplete:
            gaps.append(CurrencyGap(currency, missing, incomplete))
    return gaps
