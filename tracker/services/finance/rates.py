"""Exchange rates, as the tracker converts with them: one rate per currency and fiscal year,
the mean of the year's monthly rates to the reporting currency.

A rate is stored for a month as "1 currency = rate quote_currency". Rates quoted the other way
round (1 reporting unit = x currency) are inverted. A year with no monthly rate at all has no
rate: its amounts are left out of converted figures (and counted), never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.models import ExchangeRate

ONE = Decimal(1)


def fiscal_year(day: date, start_month: int = 1) -> int:
    """The fiscal year ``day`` falls in, named after the calendar year it starts in."""
    return day.year if day.month >= start_month else day.year - 1


def fiscal_year_label(year: int, start_month: int = 1) -> str:
    """How fiscal ``year`` is written: "2025" for a calendar year, "2025/26" for one that
    starts in another month (and so ends in the next calendar year)."""
    return str(year) if start_month == 1 else f"{year}/{(year + 1) % 100:02d}"


def fiscal_year_bounds(year: int, start_month: int = 1) -> tuple[date, date]:
    """The first and last day of fiscal ``year``."""
    start = date(year, start_month, 1)
    end_year, end_month = (year, 12) if start_month == 1 else (year + 1, start_month - 1)
    next_month = date(end_year + (end_month == 12), end_month % 12 + 1, 1)
    return start, date.fromordinal(next_month.toordinal() - 1)


@dataclass(frozen=True)
class YearlyRates:
    """Units of ``reporting`` currency per unit of each currency, by fiscal year."""

    reporting: str
    by_year: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    by_month: dict[tuple[str, date], Decimal] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def rate(self, currency: str, year: int) -> Decimal | None:
        """The rate of ``currency`` in fiscal ``year``; None when the year has no rate."""
        if currency == self.reporting:
            return ONE
        return self.by_year.get((currency, year))

    def convert(self, amount: Decimal, currency: str, year: int) -> Decimal | None:
        """``amount`` in the reporting currency, or None when there is no rate for the year."""
        rate = self.rate(currency, year)
        return None if rate is None else amount * rate

    def month_rate(self, currency: str, day: date) -> Decimal | None:
        """The rate of the month ``day`` falls in (for dated amounts such as transactions)."""
        if currency == self.reporting:
            return ONE
        return self.by_month.get((currency, day.replace(day=1)))


def yearly_rates(session: Session, reporting: str, start_month: int = 1) -> YearlyRates:
    """Every stored rate to or from ``reporting``, as monthly and fiscal-year rates."""
    rows = session.execute(
        select(ExchangeRate).where(
            or_(ExchangeRate.quote_currency == reporting, ExchangeRate.currency == reporting)
        )
    ).scalars()
    monthly: dict[tuple[str, date], Decimal] = {}
    inverted: dict[tuple[str, date], Decimal] = {}
    sources: set[str] = set()
    for row in rows:
        sources.add(row.source)
        if row.quote_currency == reporting:
            monthly[(row.currency, row.month)] = row.rate
        else:
            inverted[(row.quote_currency, row.month)] = ONE / row.rate
    # A rate stored in the direction of the conversion wins over an inverted one.
    monthly = inverted | monthly
    per_year: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for (currency, month), rate in monthly.items():
        per_year[(currency, fiscal_year(month, start_month))].append(rate)
    by_year = {key: sum(rates, Decimal(0)) / len(rates) for key, rates in per_year.items()}
    return YearlyRates(reporting, by_year, monthly, tuple(sorted(sources)))
