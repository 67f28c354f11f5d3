"""The rules for targets, actuals and periods that the forms and imports share."""

from datetime import date
from decimal import Decimal as D

import pytest

from tracker.models.results import NOMINAL, PERCENTAGE, QUALITATIVE, UNIT
from tracker.services.results.values import check_value, parse_number, period_problems


@pytest.mark.parametrize(
    ("text", "number"),
    [("1250", D(1250)), ("1 250,5", D("1250.5")), ("1,250.5", D("1250.5")), ("75%", D(75)),
     ("12,5", D("12.5")), ("1,250", D(1250)), ("-3", D(-3)), ("abc", None), ("NaN", None),
     ("Infinity", None), ("", None)],
)  # fmt: skip
def test_numbers_are_read_as_people_write_them(text: str, number) -> None:
    assert parse_number(text) == number


def test_a_numeric_measure_needs_a_number(app) -> None:
    with app.test_request_context():
        assert check_value(UNIT, "48", "survey").value == D(48)
        assert check_value(NOMINAL, "3", "").value == D(3)
        assert "not a number" in check_value(PERCENTAGE, "about half", "").problems[0]
        assert check_value(UNIT, "1.23456", "").problems
        assert check_value(UNIT, "1e17", "").problems
        assert check_value(UNIT, "", "not measured this year") == check_value(
            UNIT, " ", "not measured this year"
        )


def test_a_qualitative_measure_is_described_in_words(app) -> None:
    with app.test_request_context():
        assert check_value(QUALITATIVE, "", "Law adopted").comment == "Law adopted"
        assert "comment" in check_value(QUALITATIVE, "yes", "").problems[0]


def test_a_period_lies_inside_the_project(app) -> None:
    with app.test_request_context():
        start, end = date(2024, 1, 1), date(2027, 12, 31)
        assert period_problems(date(2025, 1, 1), date(2025, 12, 31), start, end) == []
        assert period_problems(date(2025, 1, 1), date(2025, 12, 31), None, None) == []
        assert len(period_problems(date(2023, 1, 1), date(2028, 12, 31), start, end)) == 2
        assert "ends before" in period_problems(date(2025, 2, 1), date(2025, 1, 1), None, None)[0]
        assert period_problems(None, date(2025, 1, 1), None, None)
