"""The annual figures an IATI file's budgets and transactions give, without a database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tracker.formats.records import BudgetRecord, Party, TransactionRecord
from tracker.services.finance.iati_figures import annual_rows, split_by_days

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@given(
    start=DAYS,
    length=st.integers(min_value=0, max_value=2000),
    amount=st.decimals(min_value=-(10**12), max_value=10**12, places=2),
    start_month=st.integers(min_value=1, max_value=12),
)
def test_a_split_budget_adds_up_to_the_budget_over_consecutive_years(
    start, length, amount, start_month
):
    parts = split_by_days(amount, start, start + timedelta(days=length), start_month)
    assert sum(share for _year, share in parts) == amount
    years = [year for year, _share in parts]
    assert years == list(range(years[0], years[0] + len(years)))
    assert all(share == share.quantize(Decimal("0.01")) for _year, share in parts)


def transaction(kind: int, day: date, value: str, provider: str = "", currency: str = "USD"):
    return TransactionRecord(kind, day, Decimal(value), currency, None, Party(provider, provider))


def test_currencies_are_never_added_and_each_unknown_funder_is_judged_on_its_own():
    rows = annual_rows(
        [BudgetRecord(1, 1, date(2025, 1, 1), date(2025, 12, 31), Decimal(100), "EUR"),
         BudgetRecord(1, 1, date(2025, 1, 1), date(2025, 12, 31), Decimal(50), "USD")],
        [(transaction(11, date(2025, 3, 1), "70", "A"), None),
         (transaction(1, date(2025, 4, 1), "60", "A"), None),  # A committed: not counted again
         (transaction(1, date(2025, 4, 1), "20", "B"), None),
         (transaction(4, date(2025, 5, 1), "5", currency="EUR"), None),
         (transaction(3, date(2025, 5, 1), "7"), None)],
    )  # fmt: skip
    found = {(r.measure, r.currency): r.amount for r in rows if r.measure != "available"}
    assert found == {
        ("required", "EUR"): 100, ("required", "USD"): 50, ("spent", "EUR"): 5,
        ("spent", "USD"): 7, ("disbursed", "USD"): 7,
    }  # fmt: skip
    # A counts by its commitment (70), B by its funds (20); neither is known to the tracker,
    # so both go in the one row without a funder.
    assert [(r.funder_id, r.amount) for r in rows if r.measure == "available"] == [(None, 90)]
