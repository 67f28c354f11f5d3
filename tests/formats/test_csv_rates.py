"""Reading and writing exchange rates as CSV, on strings: no app, no database."""

from datetime import date
from decimal import Decimal

import pytest

from tracker.formats.csv_rates import RateRecord, rate_text, rates_csv, read_rates_csv
from tracker.formats.records import ERROR, WARNING

HEADER = "currency,quote_currency,month,rate,source\r\n"


def read(text: str):
    return read_rates_csv(text.encode())


def where(problems) -> list[tuple[str, str, str]]:
    return [(p.where, p.column, p.severity) for p in problems]


def test_reads_back_what_the_download_writes():
    rows = [
        ("KZT", "USD", date(2024, 3, 1), Decimal("0.00213000"), "National Bank, monthly"),
        ("USD", "KZT", date(1999, 12, 1), Decimal("138.2"), "=formula-looking source"),
    ]
    data = b"".join(rates_csv(rows))
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"'=formula" in data  # neutralised for spreadsheets
    records, problems = read_rates_csv(data)
    assert problems == []
    assert [(r.currency, r.quote_currency, r.month, r.rate, r.source) for r in records] == rows
    assert records[0].line == 2


def test_semicolons_lower_case_codes_and_a_first_day_are_read():
    text = (
        "Currency;Quote_Currency;Month;Rate;Source\n"
        "kzt;usd;2024-03-01;0,5;NBK\nkzt;usd;2024-4;2;NBK\n"
    )
    records, problems = read(text)
    assert where(problems) == [("line 2", "rate", ERROR)]
    assert "Use a point for decimals" in problems[0].message
    assert records == [RateRecord(3, "KZT", "USD", date(2024, 4, 1), Decimal(2), "NBK")]


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("KZ,USD,2024-03,1,NBK", "currency", "3-letter currency code"),
        ("KZT,,2024-03,1,NBK", "quote_currency", "Empty"),
        ("KZT,USD,2024-13,1,NBK", "month", "not “2024-13”"),
        ("KZT,USD,1899-12,1,NBK", "month", "from 1900 to 2200"),
        ("KZT,USD,March,1,NBK", "month", "YYYY-MM"),
        ("KZT,USD,2024-03,0,NBK", "rate", "more than 0"),
        ("KZT,USD,2024-03,NaN,NBK", "rate", "Give a number"),
        ("KZT,USD,2024-03,-Infinity,NBK", "rate", "Give a number"),
        ("KZT,USD,2024-03,1,", "source", "say who published"),
    ],
)  # fmt: skip
def test_each_unreadable_cell_is_a_problem_on_its_line_and_column(row, column, words):
    records, problems = read(HEADER + row + "\r\n")
    assert records == []
    assert where(problems) == [("line 2", column, ERROR)]
    assert words.lower() in problems[0].message.lower()


def test_a_month_given_twice_is_a_problem_on_its_second_line():
    text = HEADER + "KZT,USD,2024-03,1,A\r\nEUR,USD,2024-03,1,A\r\nKZT,USD,2024-03-01,2,B\r\n"
    records, problems = read(text)
    assert [r.line for r in records] == [2, 3]
    assert where(problems) == [("line 4", "month", ERROR)]
    assert "also on line 2" in problems[0].message


def test_the_file_as_a_whole():
    assert where(read("")[1]) == [("line 1", "", ERROR)]
    assert where(read("currency,month,rate\n")[1]) == [("line 1", "quote_currency, source", ERROR)]
    assert where(read(HEADER)[1]) == [("line 1", "", WARNING)]
    extra = read(HEADER.strip() + ",note\r\nKZT,USD,2024-03,1,A,x\r\n")
    assert len(extra[0]) == 1 and where(extra[1]) == [("line 1", "note", WARNING)]
    short = read(HEADER + "KZT,USD,2024-03,1\r\n")
    assert where(short[1]) == [("line 2", "", ERROR)]
    assert where(read_rates_csv("currency".encode("utf-16"))[1])[0][2] == ERROR
    broken = read(HEADER + 'KZT,USD,2024-03,1,"never closed\r\n')
    assert [p.severity for p in broken[1]] == [ERROR]


def test_rates_are_written_without_exponents_or_trailing_zeros():
    assert rate_text(Decimal("0.00000100")) == "0.000001"
    assert rate_text(Decimal("470.50000000")) == "470.5"
    assert rate_text(Decimal("1E+3")) == "1000"
