"""Fiscal years and exchange rates as the tracker converts with them."""

from datetime import date
from decimal import Decimal

from tracker.models import ExchangeRate
from tracker.services.finance.derived import Money
from tracker.services.finance.rates import (
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_label,
    yearly_rates,
)


def test_fiscal_years_are_named_after_the_year_they_start_in():
    assert fiscal_year(date(2025, 3, 31), start_month=1) == 2025
    assert fiscal_year(date(2025, 3, 31), start_month=4) == 2024
    assert fiscal_year(date(2025, 4, 1), start_month=4) == 2025
    assert fiscal_year_bounds(2025, 1) == (date(2025, 1, 1), date(2025, 12, 31))
    assert fiscal_year_bounds(2025, 7) == (date(2025, 7, 1), date(2026, 6, 30))


def test_a_years_rate_is_the_mean_of_its_monthly_rates_either_way_round(session):
    session.add_all([
        ExchangeRate(currency="KZT", quote_currency="USD", month=date(2025, 1, 1),
                     rate=Decimal("0.002"), source="National Bank of Kazakhstan"),
        # Quoted the other way round: 1 USD = 400 KZT in February.
        ExchangeRate(currency="USD", quote_currency="KZT", month=date(2025, 2, 1),
                     rate=Decimal("400"), source="National Bank of Kazakhstan"),
    ])  # fmt: skip
    session.flush()
    rates = yearly_rates(session, "USD")
    assert rates.rate("KZT", 2025) == (Decimal("0.002") + Decimal(1) / 400) / 2
    assert rates.rate("KZT", 2024) is None
    assert rates.convert(Decimal(100), "USD", 1999) == Decimal(100)
    assert rates.month_rate("KZT", date(2025, 2, 17)) == Decimal(1) / 400
    assert rates.sources == ("National Bank of Kazakhstan",)
    in_tenge = yearly_rates(session, "KZT")
    assert in_tenge.rate("USD", 2025) == (Decimal(500) + Decimal(400)) / 2


def test_rates_with_a_zero_denominator_are_not_applicable():
    money = Money(required=Decimal(0), available=Decimal(0), spent=Decimal(5))
    assert money.funding_rate is None and money.delivery_rate is None
    assert money.to_mobilise == 0
    half = Money(Decimal(200), Decimal(100), Decimal(25))
    assert (half.funding_rate, half.delivery_rate, half.to_mobilise) == (
        Decimal("0.5"), Decimal("0.25"), Decimal(100))  # fmt: skip


def test_a_fiscal_year_is_written_with_both_calendar_years_when_it_spans_two():
    assert fiscal_year_label(2025, 1) == "2025"
    assert fiscal_year_label(2025, 7) == "2025/26"
    assert fiscal_year_label(2099, 4) == "2099/00"
