"""Property test of the import of actuals: whatever a results CSV's cells hold, the plan
names a problem on one of the file's rows, or the import stores exactly what the preview
showed (read back from the database, SQLite and PostgreSQL), the periods the file leaves
alone untouched. Nothing may raise.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.factories import add_indicator, make_project
from tests.services.exchange.test_importing_properties import EXAMPLES, WILD
from tracker.formats.csv_results import read_results_csv
from tracker.models import User
from tracker.models.results import IndicatorPeriod
from tracker.services.results.results_import import apply_results_import, plan_results_import
from tracker.services.results.results_log import figure

COLUMNS = ("project_code", "indicator_id", "period_start", "period_end", "target_value",
           "target_comment", "actual_value", "actual_comment")  # fmt: skip
NUMBER = st.one_of(
    st.just(""),
    st.decimals(min_value=-(10**6), max_value=10**9, places=2).map(str),
    st.integers(-1000, 10**6).map(str),
)
COMMENT = st.sampled_from(["", "survey", "annual report", "Закон принят"])
# Rows that are right on their own for a numeric indicator: a period inside the project,
# each period once; the example's one wild cell (and the measure) decide the outcome.
ROW = st.fixed_dictionaries({
    "year": st.integers(2025, 2027),
    "target_value": NUMBER, "target_comment": COMMENT,
    "actual_value": NUMBER, "actual_comment": COMMENT,
})  # fmt: skip


@pytest.fixture
def analyst(session) -> User:
    return session.scalars(select(User).where(User.username == "analyst")).one()


def csv_file(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def stored(session, indicator_id: int) -> dict[tuple[date, date], tuple[str, str]]:
    """Each period's target and actual as the change log writes them."""
    session.expire_all()
    periods = session.scalars(
        select(IndicatorPeriod).where(IndicatorPeriod.indicator_id == indicator_id)
    )
    return {(p.period_start, p.period_end): (figure(p.target_value, p.target_comment),
                                             figure(p.actual_value, p.actual_comment))
            for p in periods}  # fmt: skip


@EXAMPLES
@given(
    measure=st.sampled_from([1, 2, 4, 5]),
    generated=st.lists(ROW, min_size=1, max_size=3, unique_by=lambda row: row["year"]),
    wild_row=st.integers(0, 2),
    wild_column=st.sampled_from(COLUMNS),
    value=st.none() | WILD,
)
def test_any_results_cell_is_a_problem_on_its_rows_or_stored_as_planned(
    session, analyst, measure, generated, wild_row, wild_column, value
):
    try:
        project = make_project(session, planned_start=date(2024, 1, 1),
                               planned_end=date(2027, 12, 31), actual_start=None)  # fmt: skip
        indicator = add_indicator(session, project, measure=measure,
                                  periods=((2025, "50", "30"), (2026, "80", None)))  # fmt: skip
        before = stored(session, indicator.id)
        rows = [{
            "project_code": project.code, "indicator_id": str(indicator.id),
            "period_start": f"{row['year']}-01-01", "period_end": f"{row['year']}-12-31",
            **{key: row[key] for key in COLUMNS[4:]},
        } for row in generated]  # fmt: skip
        if value is not None:
            rows[wild_row % len(rows)][wild_column] = value
        data = csv_file(rows)
        plan = plan_results_import(session, *read_results_csv(data))
        count = len(io.StringIO(data.decode(), newline="").readlines())
        lines = {f"line {number}" for number in range(1, count + 1)}
        if plan.has_errors:
            # Every problem names a line of the file (the header is line 1) and says why.
            assert {p.where for p in plan.errors} <= lines, plan.errors
            assert all(p.message for p in plan.errors)
            assert stored(session, indicator.id) == before
            return
        apply_results_import(session, plan, analyst)
        session.flush()
        after = stored(session, indicator.id)
        # Each change the preview showed is what the database now holds ...
        expected = dict(before)
        for planned in plan.projects:
            for change in planned.changes:
                key = next(k for k in after if str(k[0].year) == change.period)
                target, actual = expected.get(key, ("", ""))
                expected[key] = (change.after, actual) if change.what == "target" else (
                    target, change.after)  # fmt: skip
        # ... and nothing else changed.
        assert after == expected
    finally:
        session.rollback()
