"""The JSON API's value formats, on plain values: exact decimals, ISO dates, UTC moments."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from tracker.formats.json_api import day, error, figure, moment, money, share, status


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("1250000"), "1250000.00"), (Decimal("0.005"), "0.01"), (Decimal("33.3333"), "33.33"),
     (0, "0.00"), (Decimal("12345678901234.56"), "12345678901234.56")],
)  # fmt: skip
def test_money_is_a_string_in_cents(value, text):
    assert money(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, None), (Decimal("50.00"), "50"), (Decimal("33.33"), "33.33"),
     (Decimal("12.50"), "12.5"), (Decimal("100"), "100")],
)  # fmt: skip
def test_a_share_drops_trailing_zeros_and_none_means_an_equal_split(value, text):
    assert share(value) == text


def test_dates_and_moments():
    assert day(date(2026, 3, 1)) == "2026-03-01" and day(None) is None
    almaty = timezone(timedelta(hours=5))
    assert moment(datetime(2026, 3, 1, 14, 30, tzinfo=almaty)) == "2026-03-01T09:30:00Z"
    assert moment(datetime(2026, 3, 1, 9, 30)) == "2026-03-01T09:30:00Z"  # SQLite: naive UTC
    assert moment(datetime(2026, 3, 1, 9, 30, tzinfo=UTC)) == "2026-03-01T09:30:00Z"
    assert moment(None) is None


def test_figures_count_projects_and_write_amounts():
    assert figure(7, "projects") == 7
    assert figure(Decimal("10.5"), "USD") == "10.50"


def test_status_and_error_bodies():
    assert status(2) == {"code": 2, "name": "Implementation"} and status(None) is None
    assert error(400, "Bad.", {"goal": ["x"]}) == {
        "status": 400, "message": "Bad.", "problems": {"goal": ["x"]}
    }  # fmt: skip
    assert error(404, "None.")["problems"] == {}
