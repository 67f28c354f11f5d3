"""Property test of the annual figures import: whatever a finance CSV's cells hold, the plan
names a problem on one of the file's rows, or the import stores exactly what the plan showed
(read back from the database, SQLite and PostgreSQL), the project's other years untouched.
Nothing may raise.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.factories import make_project
from tests.services.exchange.test_importing_properties import EXAMPLES, WILD
from tracker.formats.csv_finance import read_finance_csv
from tracker.models import AnnualFigure, Organisation, User
from tracker.models.finance import MEASURES
from tracker.services.finance.annual import AnnualEntry, replace_annual_figures
from tracker.services.finance.finance_import import apply_finance_import, plan_finance_import

D = Decimal
COLUMNS = ("project_code", "year", "measure", "amount", "currency", "funder", "correction", "note")
# Rows that are right on their own (the project's years, its currency, a funder only for
# money available, a negative amount only as a correction with its reason), each key once:
# the example's one wild cell decides whether the file is stored.
ROW = st.fixed_dictionaries({
    "year": st.integers(2023, 2028).map(str),
    "measure": st.sampled_from(MEASURES),
    "amount": st.decimals(min_value=-(10**6), max_value=10**9, places=2),
    "currency": st.sampled_from(["", "USD", "usd"]),
    "funder": st.booleans(),
    "note": st.sampled_from(["", "typo", "late invoice"]),
})  # fmt: skip


def right(row: dict) -> dict[str, str]:
    """The generated row as the file's cells, made to keep the rules."""
    correction = row["amount"] < 0 or (row["amount"] > 0 and row["note"] == "typo")
    return {
        "year": row["year"], "measure": row["measure"], "amount": str(row["amount"]),
        "currency": row["currency"], "funder": "FUNDER" if row["funder"] else "",
        "correction": "yes" if correction else "",
        "note": (row["note"] or "reason") if correction else row["note"],
    }  # fmt: skip


KEY = lambda row: (row["year"], row["measure"], row["funder"] and row["measure"] == "available")  # noqa: E731


@pytest.fixture
def analyst(session) -> User:
    return session.scalars(select(User).where(User.username == "analyst")).one()


def csv_file(code: str, rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({"project_code": code, **row} for row in rows)
    return out.getvalue().encode()


def stored(session, project_id: int) -> set[tuple]:
    session.expire_all()
    figures = session.scalars(select(AnnualFigure).where(AnnualFigure.project_id == project_id))
    return {(f.year, f.measure, D(f.amount), f.funder_id, f.correction, f.note, f.currency)
            for f in figures}  # fmt: skip


@EXAMPLES
@given(
    generated=st.lists(ROW, min_size=1, max_size=5, unique_by=KEY),
    wild_row=st.integers(0, 4),
    wild_column=st.sampled_from(COLUMNS),
    value=st.none() | WILD,
)
def test_any_finance_cell_is_a_problem_on_its_rows_or_stored_as_planned(
    session, analyst, generated, wild_row, wild_column, value
):
    rows = [right(row) for row in generated]
    try:
        funder = session.scalars(select(Organisation).order_by(Organisation.id)).first()
        project = make_project(session, planned_start=date(2023, 1, 1),
                               planned_end=date(2028, 12, 31), actual_start=None)  # fmt: skip
        replace_annual_figures(session, project, [
            AnnualEntry(2023, "required", D(100)), AnnualEntry(2027, "spent", D(5)),
        ], editor=analyst, expected_version=project.version)  # fmt: skip
        session.flush()
        before = stored(session, project.id)
        for row in rows:
            available = row["funder"] and row["measure"] == "available"
            row["funder"] = funder.acronym if available else ""
        cells = {"project_code": project.code, **rows[wild_row % len(rows)]}
        if value is not None:
            cells[wild_column] = value
        rows[wild_row % len(rows)] = {k: v for k, v in cells.items() if k != "project_code"}
        code = cells["project_code"]
        data = csv_file(code, rows)
        plan = plan_finance_import(session, *read_finance_csv(data))
        # A quoted cell may hold line breaks: a row is named by the line it starts on.
        # (Counted as the reader counts: \r\n, \n or a lone \r ends a line.)
        count = len(io.StringIO(data.decode(), newline="").readlines())
        lines = {f"line {number}" for number in range(1, count + 1)}
        if plan.has_errors:
            # Every problem names a line of the file (the header is line 1).
            assert {p.where for p in plan.errors} <= lines, plan.errors
            assert all(p.message for p in plan.errors)
            assert stored(session, project.id) == before
            return
        (planned,) = plan.projects
        apply_finance_import(session, plan, analyst)
        session.flush()
        after = stored(session, project.id)
        assert after == {(e.year, e.measure, e.amount, e.funder_id, e.correction, e.note.strip(),
                          "USD") for e in planned.entries}  # fmt: skip
        # Years the file does not mention stay exactly as they were.
        years = set(planned.years)
        assert {f for f in after if f[0] not in years} == {f for f in before if f[0] not in years}
        # And the preview's changes are the difference, no more and no less.
        shown = {(c.year, c.measure, c.after) for c in planned.changes}
        differ = {(f[0], f[1], f[2]) for f in after - before if f[0] in years}
        assert differ <= shown
    finally:
        session.rollback()
