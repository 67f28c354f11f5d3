"""A project's money year by year, as its page shows it: one line per fiscal year with
each measure, the available money by funder, the totals, and the figures derived from them
(to be mobilised, funding rate, delivery rate; see ``derived``).

Each table holds the amounts of one currency (the project's own, then any other an IATI
file gave), so they add up without converting.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from tracker.models import Project
from tracker.models.finance import AVAILABLE, MEASURES, REQUIRED, SPENT
from tracker.services.finance.derived import FORMULAS, Money


@dataclass(frozen=True)
class FunderAmount:
    """Available money in a year from one funder (None: no funder named)."""

    funder: str | None
    funder_name: str | None
    amount: Decimal


@dataclass(frozen=True)
class YearLine:
    """One fiscal year: each measure's amount (None where nothing is recorded)."""

    year: int
    amounts: dict[str, Decimal | None]
    funders: list[FunderAmount] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)  # notes of corrected amounts

    @property
    def money(self) -> Money:
        return _money(self.amounts)


@dataclass(frozen=True)
class MoneyTable:
    currency: str
    years: list[YearLine]
    totals: dict[str, Decimal | None]
    measures: tuple[str, ...] = MEASURES
    formulas: dict = field(default_factory=lambda: FORMULAS)

    @property
    def money(self) -> Money:
        return _money(self.totals)

    @property
    def has_rows(self) -> bool:
        return bool(self.years)


def _money(amounts: dict[str, Decimal | None]) -> Money:
    return Money(*(amounts.get(m) or Decimal(0) for m in (REQUIRED, AVAILABLE, SPENT)))


def money_tables(project: Project) -> list[MoneyTable]:
    """One table per currency the project's rows are in, its own currency first (an IATI
    file may give amounts in others; they are never added together)."""
    currencies = {f.currency for f in project.annual_figures} - {project.currency}
    return [money_table(project, currency) for currency in [project.currency, *sorted(currencies)]]


def money_table(project: Project, currency: str | None = None) -> MoneyTable:
    """The project's annual rows in ``currency`` (its own by default) as a table: years in
    order, totals per measure."""
    currency = currency or project.currency
    by_year: dict[int, dict[str, Decimal]] = defaultdict(dict)
    funders: dict[int, list[FunderAmount]] = defaultdict(list)
    corrections: dict[int, list[str]] = defaultdict(list)
    totals: dict[str, Decimal | None] = dict.fromkeys(MEASURES)
    for figure in project.annual_figures:
        if figure.currency != currency:
            continue
        amount = Decimal(figure.amount)
        amounts = by_year[figure.year]
        amounts[figure.measure] = amounts.get(figure.measure, Decimal(0)) + amount
        totals[figure.measure] = (totals[figure.measure] or Decimal(0)) + amount
        if figure.measure == AVAILABLE:
            organisation = figure.funder
            funders[figure.year].append(FunderAmount(
                organisation.acronym if organisation else None,
                organisation.name if organisation else None, amount,
            ))  # fmt: skip
        if figure.correction and figure.note:
            corrections[figure.year].append(figure.note)
    years = [
        YearLine(
            year,
            {m: by_year[year].get(m) for m in MEASURES},
            sorted(funders[year], key=lambda f: (f.funder is None, f.funder or "")),
            corrections[year],
        )  # fmt: skip
        for year in sorted(by_year)
    ]
    return MoneyTable(currency, years, totals)
