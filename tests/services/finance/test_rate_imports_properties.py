"""Property test of the rates import: whatever a CSV row carries, the plan names a problem on
that row, or the import stores exactly the rate the preview showed, read back from the
database (SQLite and PostgreSQL). Nothing may raise.

The database is the test's own copy, reused by every example and rolled back after each.
"""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tracker.formats.csv_rates import read_rates_csv
from tracker.models import ExchangeRate
from tracker.services.finance.rate_imports import apply_rates, plan_rates

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CODE = st.sampled_from(["KZT", "USD", "EUR", "RUB", "kzt"])
MONTH = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1900, 2200), st.integers(1, 12))
RATE = st.decimals(min_value="0.00000001", max_value="9999999", places=8).map(str)
SOURCE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
WILD = st.one_of(
    st.text(max_size=30),
    st.text(min_size=195, max_size=210),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.from_regex(r"-?\d{0,12}([.,]\d{0,12})?([eE][+-]?\d{1,3})?", fullmatch=True),
    st.sampled_from([
        "0", "-0", "1e-9", "1e999", "0.000000004", "0.000000005", "9999999.999999995", "10000000",
        "2024-00", "2024-1", "0000-01", "A\0B", "\r\n", "'=1+1", "XXX", "ЖЖЖ", " ", "x" * 201,
    ]),
)  # fmt: skip


def csv_file(cells: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(cells), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(cells)
    return out.getvalue().encode()


@EXAMPLES
@given(
    values=st.fixed_dictionaries(
        {"currency": CODE, "quote_currency": CODE, "month": MONTH, "rate": RATE, "source": SOURCE}
    ),
    wild=st.sampled_from(["currency", "quote_currency", "month", "rate", "source", None]),
    value=WILD,
)
def test_any_row_is_a_problem_on_its_line_or_stored_as_the_preview_showed(
    session, values, wild, value
):
    if wild:
        values[wild] = value
    try:
        plan = plan_rates(session, *read_rates_csv(csv_file(values)))
        if plan.has_errors:
            assert {problem.where for problem in plan.errors} == {"line 2"}, plan.errors
            assert all(problem.column and problem.message for problem in plan.errors)
            return
        (planned,) = plan.adds
        apply_rates(session, plan)
        session.flush()
        session.expire_all()
        stored = session.scalars(select(ExchangeRate)).one()
        assert (stored.currency, stored.quote_currency, stored.month, stored.source) == (
            planned.currency, planned.quote_currency, planned.month, planned.source)  # fmt: skip
        assert stored.rate == planned.rate
        assert format(stored.rate.normalize(), "f") == format(planned.rate.normalize(), "f")
    finally:
        session.rollback()
