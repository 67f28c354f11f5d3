"""The rules every project keeps, however it arrives."""

from datetime import date
from decimal import Decimal as D

import pytest

from tracker.services.portfolio import rules


@pytest.mark.parametrize(
    ("shares", "problem"),
    [
        ([], None),
        ([None, None], None),
        ([D("60"), D("40")], None),
        ([D("33.33"), D("33.33"), D("33.34")], None),
        ([D("60"), None], "Give a share for every item or leave them all blank."),
        ([D("60"), D("30")], "Shares add up to 90, not 100."),
        ([D("0"), D("100")], "Each share must be more than 0 and at most 100."),
    ],
)
def test_shares_are_blank_or_add_up_to_100(shares, problem):
    assert rules.share_problem(shares) == problem


def test_dates_must_be_in_order():
    assert rules.date_problems(date(2024, 1, 1), date(2025, 1, 1), None, None) == []
    assert rules.date_problems(date(2025, 1, 1), date(2024, 1, 1), date(2024, 5, 1),
                               date(2024, 4, 1)) == [
        "The planned end is before the planned start.",
        "The actual end is before the actual start.",
    ]  # fmt: skip


def test_closed_projects_need_an_actual_end():
    assert rules.status_problem(4, None) == "A closed project needs an actual end date."
    assert rules.status_problem(4, date(2024, 1, 1)) is None
    assert "not an IATI activity status" in rules.status_problem(9, None)


def test_history_must_chain_and_end_at_the_current_status():
    d1, d2, d3 = date(2020, 1, 1), date(2020, 6, 1), date(2023, 1, 1)
    good = [(None, 1, d1), (1, 2, d2), (2, 4, d3)]
    assert rules.history_problem(4, good) is None
    assert "ends at status 4" in rules.history_problem(2, good)
    assert "follows a change to 1" in rules.history_problem(4, [(None, 1, d1), (2, 4, d3)])
    assert "dated before" in rules.history_problem(2, [(None, 1, d2), (1, 2, d1)])
    assert "at least one" in rules.history_problem(1, [])
