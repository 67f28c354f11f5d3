"""Managing the stored exchange rates: the rules a rate must meet, adding, changing and
deleting one, and the rates table as the admin pages list and download it.

The form and the CSV import check a rate with the same ``check_rate``, so a rate is refused
(or rounded, and told) in the same words wherever it is entered. Functions only flush; the
caller commits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tracker.formats.csv_rates import rate_text
from tracker.models import Currency, ExchangeRate

RATE_DECIMALS = 8  # the column's scale
STEP = Decimal(1).scaleb(-RATE_DECIMALS)
# Below 10 million with 8 decimals a rate has at most 15 significant digits, which SQLite's
# floating point keeps exactly too: what the preview shows is what is stored.
RATE_LIMIT = Decimal(10) ** 7
SOURCE_LENGTH = 200
PER_PAGE = 50


class RateError(ValueError):
    """A rate that cannot be saved: the problems as (field, message) pairs in words for the
    user; ``existing`` is the stored rate a new one would duplicate."""

    def __init__(self, problems: list[tuple[str, str]], existing: ExchangeRate | None = None):
        super().__init__("; ".join(message for _field, message in problems))
        self.problems = problems
        self.existing = existing


@dataclass(frozen=True)
class CheckedRate:
    """A rate that may be stored, rounded to the column's decimals; ``note`` says how it was
    rounded, when it was."""

    rate: Decimal
    source: str
    note: str | None = None


def currency_codes(session: Session) -> dict[str, bool]:
    """Every known currency code and whether it is withdrawn."""
    return dict(session.execute(select(Currency.code, Currency.withdrawn)).all())


def check_rate(
    currency: str, quote_currency: str, rate: Decimal, source: str, known: dict[str, bool]
) -> tuple[CheckedRate | None, list[tuple[str, str]]]:
    """The rate as it would be stored, or None and the problems, each with its field."""
    problems = []
    for field, code in (("currency", currency), ("quote_currency", quote_currency)):
        if code not in known:
            message = _("%(code)s is not a currency the tracker knows (ISO 4217).", code=code)
            problems.append((field, message))
    if currency == quote_currency:
        message = _("The quote currency must differ from the currency: a rate is between two "
                    "currencies.")  # fmt: skip
        problems.append(("quote_currency", message))
    other_way = {"quote": quote_currency, "currency": currency}
    note = None
    # Compared before rounding: quantize refuses a number with more digits than it keeps.
    rounded = Decimal(0) if rate >= RATE_LIMIT else rate.quantize(STEP, ROUND_HALF_EVEN)
    if rate >= RATE_LIMIT:
        message = _("The rate must be less than 10,000,000; quote it the other way round "
                    "(1 %(quote)s = … %(currency)s).", **other_way)  # fmt: skip
        problems.append(("rate", message))
    elif rounded <= 0:
        message = _("The rate %(rate)s is too small to keep with 8 decimals; quote it the "
                    "other way round (1 %(quote)s = … %(currency)s).", rate=rate,
                    **other_way)  # fmt: skip
        problems.append(("rate", message))
    elif rounded != rate:
        note = _("The rate %(rate)s has more than 8 decimals and is kept as %(rounded)s.",
                 rate=rate, rounded=rate_text(rounded))  # fmt: skip
    source = source.strip()
    if not source:
        message = _("Say who published the rate, such as “National Bank of Kazakhstan, "
                    "official monthly average”.")  # fmt: skip
        problems.append(("source", message))
    elif len(source) > SOURCE_LENGTH:
        message = _("The source may have at most %(limit)s characters.", limit=SOURCE_LENGTH)
        problems.append(("source", message))
    elif any(unicodedata.category(char) == "Cc" for char in source):
        message = _("The source must be one line of text, without control characters.")
        problems.append(("source", message))
    if problems:
        return None, problems
    return CheckedRate(rounded, source, note), []


def find_rate(session: Session, currency: str, quote_currency: str, month: date):
    return session.scalar(
        select(ExchangeRate).where(
            ExchangeRate.currency == currency,
            ExchangeRate.quote_currency == quote_currency,
            ExchangeRate.month == month,
        )
    )


def get_rate(session: Session, rate_id: int) -> ExchangeRate | None:
    return session.get(ExchangeRate, rate_id)


def save_rate(
    session: Session,
    stored: ExchangeRate | None,
    *,
    currency: str,
    quote_currency: str,
    month: date,
    rate: Decimal,
    source: str,
) -> tuple[ExchangeRate, str | None]:
    """Add a rate (``stored`` None) or change ``stored``; returns the rate and the note on its
    rounding. Raises RateError, naming the rate it would duplicate if it would."""
    checked, problems = check_rate(currency, quote_currency, rate, source, currency_codes(session))
    if checked is None:
        raise RateError(problems)
    existing = find_rate(session, currency, quote_currency, month)
    if existing is not None and existing is not stored:
        message = _("There is already a rate of %(currency)s in %(quote)s for %(month)s "
                    "(%(rate)s, %(source)s): change that one instead.", currency=currency,
                    quote=quote_currency, month=month.strftime("%Y-%m"),
                    rate=rate_text(existing.rate), source=existing.source)  # fmt: skip
        raise RateError([("month", message)], existing)
    if stored is None:
        stored = ExchangeRate()
        session.add(stored)
    stored.currency, stored.quote_currency, stored.month = currency, quote_currency, month
    stored.rate, stored.source = checked.rate, checked.source
    session.flush()
    return stored, checked.note


def delete_rate(session: Session, rate: ExchangeRate) -> None:
    session.delete(rate)
    session.flush()


@dataclass(frozen=True)
class RatePage:
    """One page of the rates table, newest month first."""

    rates: list[ExchangeRate]
    total: int
    page: int
    pages: int
    currency: str | None


def _filtered(currency: str | None):
    query = select(ExchangeRate)
    if currency:
        query = query.where(
            or_(ExchangeRate.currency == currency, ExchangeRate.quote_currency == currency)
        )
    return query


def list_rates(
    session: Session, currency: str | None = None, page: int = 1, per_page: int = PER_PAGE
) -> RatePage:
    """The rates to or from ``currency`` (all without one), newest month first; a page past
    the last gives the last."""
    query = _filtered(currency)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    rates = session.scalars(
        query.order_by(
            ExchangeRate.month.desc(), ExchangeRate.currency, ExchangeRate.quote_currency
        )
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return RatePage(list(rates), total, page, pages, currency)


def rate_currencies(session: Session) -> list[str]:
    """The currencies some stored rate names, for the list's filter."""
    codes = session.scalars(select(ExchangeRate.currency).distinct()).all()
    quotes = session.scalars(select(ExchangeRate.quote_currency).distinct()).all()
    return sorted({*codes, *quotes})


def rate_rows(session: Session) -> Iterator[tuple[str, str, date, Decimal, str]]:
    """Every rate as (currency, quote currency, month, rate, source), for the CSV download."""
    query = select(
        ExchangeRate.currency,
        ExchangeRate.quote_currency,
        ExchangeRate.month,
        ExchangeRate.rate,
        ExchangeRate.source,
    ).order_by(ExchangeRate.currency, ExchangeRate.quote_currency, ExchangeRate.month)
    for row in session.execute(query):
        yield tuple(row)  # type: ignore[misc]


def rate_currency_choices(session: Session, keep: set[str] = frozenset()) -> list[tuple[str, str]]:
    """The currencies a rate may name: those not withdrawn, and ``keep`` (a stored rate's own)."""
    currencies = session.scalars(select(Currency).order_by(Currency.code))
    return [
        (c.code, f"{c.code} – {c.name}") for c in currencies if not c.withdrawn or c.code in keep
    ]


def rate_query(args) -> tuple[str | None, int, list[str]]:
    """(currency, page, problems) from the list's address; values that cannot be used are
    left out and explained."""
    problems = []
    currency = (args.get("currency") or "").strip().upper() or None
    if currency is not None and not (
        len(currency) == 3 and currency.isascii() and currency.isalpha()
    ):
        problems.append(_("“%(value)s” is not a currency code; all rates are shown.",
                          value=currency[:40]))  # fmt: skip
        currency = None
    raw = args.get("page") or "1"
    page = int(raw) if raw.isdigit() and len(raw) < 8 else 0
    if page < 1:
        problems.append(_("Page “%(value)s” is not a page number; the first page is shown.",
                          value=raw[:40]))  # fmt: skip
        page = 1
    return currency, page, problems
