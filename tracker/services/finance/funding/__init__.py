"""Funding figures: the funding dashboard, this year's delivery for the home page, and the
register's total budget, all in the reporting currency (see ``dashboard`` and ``budgets``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import AnnualFigure, ExchangeRate
from tracker.services.figure_cache import cached
from tracker.services.finance.funding.budgets import BudgetTotal, budget_total
from tracker.services.finance.funding.dashboard import (
    Breakdown,
    Funding,
    FundingRow,
    LeftOutFigures,
    funding,
)
from tracker.services.finance.rates import fiscal_year
from tracker.services.register.search import RegisterFilters

__all__ = [
    "Breakdown", "BudgetTotal", "Funding", "FundingRow", "LeftOutFigures", "budget_total",
    "cached_budget_total", "cached_funding", "funding", "money_stamp", "this_years_delivery",
]  # fmt: skip


def money_stamp(session: Session) -> tuple:
    """Changes when an annual figure is added or an exchange rate added, removed or replaced
    (the figure cache's own stamp watches projects: saving a project, which an edit of its
    figures does, raises its version). Cheap at any size: the newest figure's id is read from
    the primary key, where counting 1.5 million rows took a quarter of a second."""
    newest_figure = session.scalar(select(func.max(AnnualFigure.id)))
    rates = session.execute(
        select(func.max(ExchangeRate.id), func.count(), func.max(ExchangeRate.month))
    ).one()
    return (newest_figure, *rates)


def cached_funding(
    session: Session,
    filters: RegisterFilters,
    *,
    currency: str,
    start_month: int,
    today: date,
    year: int | None = None,
) -> Funding:
    """``funding`` from the figure cache, keyed by the filters, year, currency and language."""
    filters = replace(filters, sort=RegisterFilters.sort, direction=RegisterFilters.direction,
                      page=1, per_page=RegisterFilters.per_page)  # fmt: skip
    key = ("funding", filters, currency, start_month, fiscal_year(today, start_month), year,
           money_stamp(session))  # fmt: skip
    return cached(
        session,
        key,
        lambda: funding(
            session, filters, currency=currency, start_month=start_month, today=today, year=year
        ),
    )


def cached_budget_total(
    session: Session, filters: RegisterFilters, *, currency: str, start_month: int
) -> BudgetTotal:
    """``budget_total`` from the figure cache: paging and sorting the register reuse it."""
    filters = replace(filters, sort=RegisterFilters.sort, direction=RegisterFilters.direction,
                      page=1, per_page=RegisterFilters.per_page)  # fmt: skip
    key = ("budget total", filters, currency, start_month, money_stamp(session))
    return cached(session, key, lambda: budget_total(
        session, filters, currency=currency, start_month=start_month))  # fmt: skip


def this_years_delivery(
    session: Session, *, currency: str, start_month: int, today: date
) -> tuple[Funding, FundingRow | None]:
    """The whole portfolio's funding figures and the row of the fiscal year ``today`` is in
    (None when it has no figures), for the home page's card."""
    found = cached_funding(session, RegisterFilters(), currency=currency,
                           start_month=start_month, today=today, year=None)  # fmt: skip
    return found, found.year_row(found.current_year)
