"""A project's annual figures derived from its IATI budgets and transactions.

The mapping (also in the README, "IATI import and export"), by fiscal year and per currency
(amounts in different currencies are never added):

- **required** ← budgets. For one period, a revised budget (type 2) replaces the original
  (type 1); indicative and committed budgets both count. A budget whose period spans two or
  more fiscal years is split between them by days (the cents rounded, the last year takes
  what rounding leaves, so the parts add up to the budget).
- **available** ← money from funders, per funder (the provider organisation): its incoming
  commitments (11), dated when signed; a funder with no incoming commitment in the project
  counts by its incoming funds (1) instead. Adding both would count the same money twice
  (first promised, then received).
- **spent** ← expenditure (4) + disbursement (3): the money that left the project, as IATI
  counts "spend".
- **disbursed** ← disbursements (3); **committed** ← outgoing commitments (2).

Transactions count in the fiscal year of their date. A negative total (corrections that
outweigh the year's amounts) is kept as a recorded correction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tracker.formats.records import BudgetRecord, TransactionRecord
from tracker.models.finance import AVAILABLE, COMMITTED, DISBURSED, REQUIRED, SPENT
from tracker.services.finance.rates import fiscal_year, fiscal_year_bounds

INCOMING_FUNDS, COMMITMENT, DISBURSEMENT, EXPENDITURE, INCOMING_COMMITMENT = 1, 2, 3, 4, 11
BUDGET_ORIGINAL, BUDGET_REVISED = 1, 2
CENT = Decimal("0.01")
# Which measures each transaction type adds to ("available" is chosen per funder).
MEASURES_OF_TYPE = {
    COMMITMENT: (COMMITTED,),
    DISBURSEMENT: (SPENT, DISBURSED),
    EXPENDITURE: (SPENT,),
}


@dataclass(frozen=True)
class AnnualRow:
    """One derived annual figure: a measure's amount in a fiscal year and currency;
    ``funder_id`` only for ``available``."""

    year: int
    measure: str
    currency: str
    funder_id: int | None
    amount: Decimal

    @property
    def correction(self) -> bool:
        return self.amount < 0


def annual_rows(
    budgets: Iterable[BudgetRecord],
    transactions: Iterable[tuple[TransactionRecord, int | None]],
    start_month: int = 1,
) -> list[AnnualRow]:
    """The annual figures of ``budgets`` and ``transactions`` (each with its provider's
    organisation id, or None), sorted."""
    sums: dict[tuple[int, str, str, int | None], Decimal] = defaultdict(Decimal)
    for budget in _current_budgets(budgets):
        for year, amount in split_by_days(budget.value, budget.period_start, budget.period_end,
                                          start_month):  # fmt: skip
            sums[(year, REQUIRED, budget.currency, None)] += amount
    transactions = list(transactions)
    committing = {
        _funder(transaction, provider) for transaction, provider in transactions
        if transaction.type == INCOMING_COMMITMENT
    }  # fmt: skip
    for transaction, provider in transactions:
        year = fiscal_year(transaction.transaction_date, start_month)
        measures = MEASURES_OF_TYPE.get(transaction.type, ())
        counts_available = (transaction.type == INCOMING_COMMITMENT) or (
            transaction.type == INCOMING_FUNDS and _funder(transaction, provider) not in committing
        )
        for measure in measures:
            sums[(year, measure, transaction.currency, None)] += transaction.value
        if counts_available:
            sums[(year, AVAILABLE, transaction.currency, provider)] += transaction.value
    rows = (
        AnnualRow(year, measure, currency, funder, amount)
        for (year, measure, currency, funder), amount in sums.items()
    )
    return sorted(rows, key=lambda r: (r.year, r.measure, r.currency, r.funder_id or 0))


def _funder(transaction: TransactionRecord, provider: int | None) -> object:
    """Who gave the money: the organisation, or as the file names it when the tracker does
    not know it (two unknown funders are still two)."""
    if provider is not None:
        return provider
    return ("named", transaction.provider.ref.lower() or transaction.provider.name.lower())


def _current_budgets(budgets: Iterable[BudgetRecord]) -> list[BudgetRecord]:
    """The budgets that count: per period and currency, the revised ones when there are any,
    else the originals."""
    by_period: dict[tuple[date, date, str], list[BudgetRecord]] = defaultdict(list)
    for budget in budgets:
        by_period[(budget.period_start, budget.period_end, budget.currency)].append(budget)
    current = []
    for found in by_period.values():
        revised = [budget for budget in found if budget.type == BUDGET_REVISED]
        current.extend(revised or found)
    return current


def split_by_days(
    amount: Decimal, start: date, end: date, start_month: int = 1
) -> list[tuple[int, Decimal]]:
    """``amount`` over the fiscal years from ``start`` to ``end`` (both days included), in
    proportion to the days in each; the parts add up to ``amount`` exactly."""
    first, last = fiscal_year(start, start_month), fiscal_year(end, start_month)
    if first == last:
        return [(first, amount)]
    total_days = (end - start).days + 1
    parts, given = [], Decimal(0)
    for year in range(first, last + 1):
        year_start, year_end = fiscal_year_bounds(year, start_month)
        days = (min(end, year_end) - max(start, year_start) + timedelta(days=1)).days
        if year == last:
            share = amount - given
        else:
            share = (amount * days / total_days).quantize(CENT, ROUND_HALF_UP)
        given += share
        parts.append((year, share))
    return parts
