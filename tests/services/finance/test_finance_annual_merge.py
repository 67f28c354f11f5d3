"""A stale annual save merged cell by cell: nobody's change is lost without being said."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import make_project
from tracker.models import User
from tracker.services.finance.annual import AnnualEntry, replace_annual_figures
from tracker.services.finance.annual_merge import merge_stale


@pytest.fixture
def analyst(session):
    return session.scalars(select(User).where(User.username == "analyst")).one()


def e(year, measure, amount):
    return AnnualEntry(year, measure, Decimal(amount))


def test_each_side_keeps_its_own_cells_and_clashes_are_named(session, analyst):
    project = make_project(session)
    opened = [e(2024, "spent", "10"), e(2025, "spent", "20"), e(2026, "spent", "30")]
    replace_annual_figures(session, project, opened, editor=analyst, expected_version=1)
    # They change 2024, remove 2026 and change 2025; I change 2025 and add 2027.
    theirs = [e(2024, "spent", "11"), e(2025, "spent", "21")]
    replace_annual_figures(session, project, theirs, editor=analyst, expected_version=2)
    mine = [e(2024, "spent", "10"), e(2025, "spent", "22"), e(2026, "spent", "30"),
            e(2027, "spent", "40")]  # fmt: skip
    merged, clashes = merge_stale(session, project, 2, mine)
    assert [(x.year, x.amount) for x in merged] == [
        (2024, Decimal("11")), (2025, Decimal("22")), (2027, Decimal("40")),
    ]  # fmt: skip
    assert list(clashes) == [(2025, "spent", None)]
    assert clashes[(2025, "spent", None)].amount == Decimal("21")
