"""Exchange rates as CSV: reading an upload into ``RateRecord``s and ``Problem``s, and writing
the rates table.

One row per rate and month: ``currency, quote_currency, month, rate, source`` meaning "in
``month``, 1 ``currency`` = ``rate`` ``quote_currency``, as ``source`` publishes it". The file
is read as the project import reads its files (UTF-8 with or without a byte-order mark,
comma or semicolon separated, the export's formula-neutralising ``'`` dropped); each cell
is parsed here, and checked against the database (known currencies, the rates already
stored) by ``tracker.services.finance.rate_imports``. Pure: no app, no session.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from tracker.formats.csv_import import _unneutralise, table_rows
from tracker.formats.csv_projects import csv_chunks
from tracker.formats.records import ERROR, WARNING, Problem

RATE_COLUMNS = ("currency", "quote_currency", "month", "rate", "source")
_CODE = re.compile(r"[A-Za-z]{3}")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-01)?")


@dataclass(frozen=True, slots=True)
class RateRecord:
    """One row of a rates file, its values parsed but not yet checked against the database."""

    line: int
    currency: str
    quote_currency: str
    month: date  # the month's first day
    rate: Decimal
    source: str

    @property
    def key(self) -> tuple[str, str, date]:
        return (self.currency, self.quote_currency, self.month)


def parse_currency(text: str) -> str:
    """An ISO 4217 code, upper case; ValueError with the reason otherwise."""
    code = text.strip()
    if not code:
        raise ValueError(_("Empty: give a 3-letter currency code such as KZT."))
    if not _CODE.fullmatch(code):
        raise ValueError(_("Give a 3-letter currency code such as KZT or USD, not “%(value)s”.",
                           value=code[:40]))  # fmt: skip
    return code.upper()


def parse_month(text: str) -> date:
    """The first day of a month written YYYY-MM (a first day, YYYY-MM-01, is taken too)."""
    value = text.strip()
    match = _MONTH.fullmatch(value)
    if not value:
        raise ValueError(_("Empty: give the month as YYYY-MM, such as 2024-03."))
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2200:
        raise ValueError(_("Give a month from 1900 to 2200 as YYYY-MM, such as 2024-03, not "
                           "“%(value)s”.", value=value[:40]))  # fmt: skip
    return date(int(match[1]), int(match[2]), 1)


def parse_rate(text: str) -> Decimal:
    """A positive decimal number with a point for decimals; ValueError with the reason."""
    value = text.strip()
    if not value:
        raise ValueError(_("Empty: give how many units of the quote currency one unit of the "
                           "currency is worth."))  # fmt: skip
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        hint = _(" Use a point for decimals and no thousands separator.") if "," in value else ""
        raise ValueError(_("Give a number such as 0.00213 or 470.5, not “%(value)s”.",
                           value=value[:40]) + hint)  # fmt: skip
    if number <= 0:
        raise ValueError(_("A rate is more than 0, not %(value)s.", value=value[:40]))
    return number


def read_rates_csv(data: bytes) -> tuple[list[RateRecord], list[Problem]]:
    """The rates in a CSV file and the problems found reading it, each naming its line (the
    header is line 1) and column. A rate given twice for the same currencies and month is a
    problem on its second line."""
    problems: list[Problem] = []
    empty = _("The file is empty: it needs a header row (%(columns)s) and one row per rate.",
              columns=", ".join(RATE_COLUMNS))  # fmt: skip
    table = table_rows(data, problems, empty, _check_header)
    if table is None:
        return [], problems
    columns, rows = table
    records: list[RateRecord] = []
    first_line: dict[tuple[str, str, date], int] = {}
    for line, values in rows:
        cells = {name: _unneutralise(value) for name, value in zip(columns, values, strict=True)}
        record = _record(line, cells, problems)
        if record is None:
            continue
        seen = first_line.setdefault(record.key, line)
        if seen != line:
            message = _("The rate of %(currency)s in %(quote)s for %(month)s is also on line "
                        "%(line)s; give each month once.", currency=record.currency,
                        quote=record.quote_currency, month=record.month.strftime("%Y-%m"),
                        line=seen)  # fmt: skip
            problems.append(Problem(f"line {line}", "month", ERROR, message))
            continue
        records.append(record)
    if not records and not any(problem.severity == ERROR for problem in problems):
        problems.append(Problem("line 1", "", WARNING, _("The file has a header but no rates.")))
    return records, problems


def _record(line: int, cells: dict[str, str], problems: list[Problem]) -> RateRecord | None:
    """The row's record, or None after adding a problem for each cell that cannot be read."""
    values: dict[str, object] = {}
    parsers = {
        "currency": parse_currency,
        "quote_currency": parse_currency,
        "month": parse_month,
        "rate": parse_rate,
        "source": _parse_source,
    }
    for column, parse in parsers.items():
        try:
            values[column] = parse(cells[column])
        except ValueError as error:
            problems.append(Problem(f"line {line}", column, ERROR, str(error)))
    if len(values) < len(parsers):
        return None
    return RateRecord(line, **values)  # type: ignore[arg-type]


def _parse_source(text: str) -> str:
    source = text.strip()
    if not source:
        raise ValueError(_("Empty: say who published the rate, such as “National Bank of "
                           "Kazakhstan, official monthly average”."))  # fmt: skip
    return source


def _check_header(header: list[str], problems: list[Problem]) -> list[str] | None:
    """The header's column names, or None when the file cannot be read as rates."""
    columns = [name.strip().lower() for name in header]
    missing = [name for name in RATE_COLUMNS if name not in columns]
    if missing:
        message = _("The header lacks the column(s) %(missing)s; the first line must name the "
                    "columns %(columns)s.", missing=", ".join(missing),
                    columns=", ".join(RATE_COLUMNS))  # fmt: skip
        problems.append(Problem("line 1", ", ".join(missing), ERROR, message))
        return None
    twice = sorted({name for name in columns if columns.count(name) > 1})
    if twice:
        message = _("The header names %(columns)s more than once.", columns=", ".join(twice))
        problems.append(Problem("line 1", ", ".join(twice), ERROR, message))
        return None
    unknown = [name for name in columns if name not in RATE_COLUMNS]
    if unknown:
        message = _("Unknown column(s) %(columns)s: ignored.", columns=", ".join(unknown))
        problems.append(Problem("line 1", ", ".join(unknown), WARNING, message))
    return columns


def month_text(month: date) -> str:
    """A month as the file writes it: YYYY-MM."""
    return f"{month.year:04d}-{month.month:02d}"


def rate_text(rate: Decimal) -> str:
    """A rate without trailing zeros and never in exponent form (0.0021, not 2.1E-3)."""
    text = format(rate, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def rates_csv(rows: Iterable[tuple[str, str, date, Decimal, str]]) -> Iterator[bytes]:
    """The rates as a CSV file the import reads back: UTF-8 with a byte-order mark (for
    Excel), one row per (currency, quote currency, month, rate, source)."""
    cells = (
        [(currency, quote, month_text(month), rate_text(rate), source)]
        for currency, quote, month, rate, source in rows
    )
    return csv_chunks(RATE_COLUMNS, cells)
