"""The exchange-rate services: the rules of a rate, saving one, the import's plan, and which
rates the portfolio still lacks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tracker.formats.csv_rates import read_rates_csv
from tracker.models import AnnualFigure, ExchangeRate, Project
from tracker.services.finance.exchange_rates import (
    RateError,
    check_rate,
    currency_codes,
    list_rates,
    save_rate,
)
from tracker.services.finance.rate_coverage import missing_rates, year_spans
from tracker.services.finance.rate_imports import RatesRefused, apply_rates, plan_rates

KNOWN = {"KZT": False, "USD": False, "EUR": False, "RUR": True}


def problems(rate: str, currency: str = "KZT", quote: str = "USD", source: str = "NBK"):
    return [
        field for field, _message in check_rate(currency, quote, Decimal(rate), source, KNOWN)[1]
    ]


@pytest.mark.parametrize(
    ("rate", "fields"),
    [("0.0021", []), ("9999999.99999999", []), ("10000000", ["rate"]), ("1e999", ["rate"]),
     ("1e-999", ["rate"]), ("0.000000004", ["rate"]), ("0.000000006", [])],
)  # fmt: skip
def test_a_rate_is_positive_below_ten_million_and_kept_to_eight_decimals(rate, fields):
    assert problems(rate) == fields


def test_a_rate_names_two_known_currencies_and_a_source():
    assert problems("1", currency="XXX") == ["currency"]
    assert problems("1", quote="KZT") == ["quote_currency"]
    assert problems("1", source="  ") == ["source"]
    assert problems("1", source="a\nb") == ["source"]
    assert problems("1", source="x" * 201) == ["source"]
    assert problems("1", currency="RUR") == []  # withdrawn, but rates of old amounts may need it
    checked, _ = check_rate("KZT", "USD", Decimal("0.0021276595744"), " NBK ", KNOWN)
    assert (checked.rate, checked.source) == (Decimal("0.00212766"), "NBK")
    assert "kept as 0.00212766" in checked.note


def test_a_rounded_rate_is_told_in_plain_digits():
    checked, _ = check_rate("USD", "KZT", Decimal("9.999999999"), "NBK", KNOWN)
    assert checked.rate == 10
    assert checked.note.endswith("is kept as 10.")


def test_saving_a_duplicate_month_names_the_stored_rate(session):
    values = dict(currency="KZT", quote_currency="USD", month=date(2024, 3, 1), source="NBK")
    first, note = save_rate(session, None, rate=Decimal("0.0021"), **values)
    assert note is None and first.id
    with pytest.raises(RateError) as refused:
        save_rate(session, None, rate=Decimal("0.0030"), **values)
    assert refused.value.existing is first
    assert refused.value.problems[0][0] == "month"
    again, _ = save_rate(session, first, rate=Decimal("0.0030"), **values)  # its own month
    assert again is first and first.rate == Decimal("0.0030")
    assert currency_codes(session)["USD"] is False


def test_the_list_is_newest_month_first_and_filters_either_side(session):
    for currency, quote, month in (("KZT", "USD", 1), ("USD", "KZT", 2), ("EUR", "USD", 3)):
        session.add(ExchangeRate(currency=currency, quote_currency=quote, source="x",
                                 month=date(2024, month, 1), rate=Decimal(2)))  # fmt: skip
    session.flush()
    assert [r.month.month for r in list_rates(session).rates] == [3, 2, 1]
    page = list_rates(session, "KZT", page=9, per_page=1)
    assert (page.total, page.pages, page.page) == (2, 2, 2)
    assert page.rates[0].month == date(2024, 1, 1)


def test_a_plan_adds_changes_and_leaves_alone_and_refuses_with_errors(session):
    session.add(ExchangeRate(currency="KZT", quote_currency="USD", month=date(2024, 1, 1),
                             rate=Decimal("0.0021"), source="NBK"))  # fmt: skip
    session.add(ExchangeRate(currency="KZT", quote_currency="USD", month=date(2024, 2, 1),
                             rate=Decimal("0.0022"), source="NBK"))  # fmt: skip
    session.flush()
    text = ("currency,quote_currency,month,rate,source\n" "KZT,USD,2024-01,0.00210,NBK\n"
            "KZT,USD,2024-02,0.0023,NBK\n" "KZT,USD,2024-03,0.0024,NBK\n")  # fmt: skip
    plan = plan_rates(session, *read_rates_csv(text.encode()))
    assert (len(plan.adds), len(plan.changes), plan.unchanged) == (1, 1, 1)
    assert plan.changes[0].before == (Decimal("0.0022"), "NBK")
    assert apply_rates(session, plan) == (1, 1)
    assert session.scalar(
        select(ExchangeRate.rate).where(ExchangeRate.month == date(2024, 2, 1))
    ) == Decimal("0.0023")
    bad = plan_rates(session, *read_rates_csv((text + "KZT,XXX,2024-04,1,NBK\n").encode()))
    assert [(p.where, p.column) for p in bad.errors] == [("line 5", "quote_currency")]
    with pytest.raises(RatesRefused):
        apply_rates(session, bad)


def test_the_missing_rates_follow_the_portfolios_amounts_and_fiscal_years(session):
    project = session.scalars(select(Project).order_by(Project.id)).first()
    project.currency, project.budget = "EUR", Decimal(100)
    project.actual_start, project.actual_end = date(2020, 8, 1), date(2022, 3, 31)
    for year in (2019, 2020, 2023):
        session.add(AnnualFigure(project_id=project.id, year=year, measure="spent",
                                 amount=Decimal(5), currency="KZT"))  # fmt: skip
    # Quoted the other way round (1 USD = 470 KZT) serves as well; fiscal years start in July.
    session.add(ExchangeRate(currency="USD", quote_currency="KZT", month=date(2020, 7, 1),
                             rate=Decimal(470), source="NBK"))  # fmt: skip
    session.flush()
    gaps = {gap.currency: gap for gap in missing_rates(session, "USD", start_month=7)}
    assert gaps["KZT"].missing == [2019, 2023]
    assert gaps["KZT"].incomplete == {2020: 1}
    assert gaps["EUR"].missing == [2020, 2021]  # Aug 2020 to Mar 2022: fiscal 2020 and 2021
    assert year_spans([2019, 2020, 2021, 2023]) == [(2019, 2021), (2023, 2023)]
    assert "USD" not in gaps
