"""Annual figures for a synthetic portfolio, for the funding dashboard's benchmark.

Each synthetic project gets about five fiscal years of required, available and spent money
from the year it starts, one project in ten in tenge (and monthly tenge rates for every year
but the first, so conversion and its gaps both get exercised). Amounts follow from the
project's id, so a run is repeatable; rows go in through bulk Core inserts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, func, insert, select

from tracker.models import AnnualFigure, ExchangeRate, Organisation, Project

BATCH = 20_000
TENGE_PER_DOLLAR = Decimal(450)
RATE_SOURCE = "Synthetic rates (benchmark)"


def _year_rows(pid: int, first: int, years: int, budget: Decimal, funders: list[int]):
    """One project's rows: required spread over the years, part of it available, part spent."""
    tenge = pid % 10 == 0
    currency = "KZT" if tenge else "USD"
    per_year = (budget / years * (TENGE_PER_DOLLAR if tenge else 1)).quantize(Decimal("0.01"))
    for offset in range(years):
        funded = Decimal(50 + (pid * 7 + offset * 13) % 51) / 100  # 50% to 100%
        used = Decimal((pid * 11 + offset * 17) % 101) / 100
        available = (per_year * funded).quantize(Decimal("0.01"))
        year = first + offset
        common = {"project_id": pid, "year": year, "currency": currency, "correction": False,
                  "note": ""}  # fmt: skip
        yield {**common, "measure": "required", "amount": per_year, "funder_id": None}
        funder = funders[(pid + offset) % len(funders)] if pid % 3 else None
        spent = (available * used).quantize(Decimal("0.01"))
        yield {**common, "measure": "available", "amount": available, "funder_id": funder}
        yield {**common, "measure": "spent", "amount": spent, "funder_id": None}


def add_synthetic_annual_figures(engine: Engine, years: int = 5) -> int:
    """Annual figures for every synthetic project that has none; returns the rows added."""
    with engine.connect() as connection:
        funders = list(connection.scalars(
            select(Organisation.id).where(Organisation.kind == "funder").order_by(Organisation.id)
        ))  # fmt: skip
        without = (
            select(Project.id, Project.budget,
                   func.coalesce(Project.actual_start, Project.planned_start))
            .where(Project.source == "synthetic",
                   ~Project.id.in_(select(AnnualFigure.project_id)))
            .order_by(Project.id)
        )  # fmt: skip
        projects = connection.execute(without).all()
    added, first_years, batch = 0, set(), []
    with engine.begin() as connection:
        for pid, budget, start in projects:
            first = start.year if start else 2020
            first_years.add(first)
            batch.extend(_year_rows(pid, first, years, Decimal(budget or 0), funders or [None]))
            if len(batch) >= BATCH:
                connection.execute(insert(AnnualFigure.__table__), batch)
                added, batch = added + len(batch), []
        if batch:
            connection.execute(insert(AnnualFigure.__table__), batch)
            added += len(batch)
        if first_years:
            _add_rates(connection, min(first_years) + 1, max(first_years) + years)
    return added


def _add_rates(connection, first: int, last: int) -> None:
    """Monthly tenge rates from ``first`` to ``last`` (the earliest year has none)."""
    known = set(connection.scalars(
        select(ExchangeRate.month).where(ExchangeRate.currency == "KZT",
                                         ExchangeRate.quote_currency == "USD")
    ))  # fmt: skip
    rows = [
        {"currency": "KZT", "quote_currency": "USD", "month": date(year, month, 1),
         "rate": (1 / (TENGE_PER_DOLLAR + month - 6)).quantize(Decimal("1e-8")),
         "source": RATE_SOURCE}
        for year in range(first, last + 1) for month in range(1, 13)
        if date(year, month, 1) not in known
    ]  # fmt: skip
    if rows:
        connection.execute(insert(ExchangeRate.__table__), rows)
