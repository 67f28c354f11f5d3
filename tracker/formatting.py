"""Template filters that show numbers, money, dates and colours the same way on every page,
in the reader's language: thousands separators, decimal marks and month names follow the
locale (1,234,567 in English, 1 234 567 in Kazakh and Russian)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from flask import Flask, current_app
from flask_babel import format_date, format_decimal, gettext

from tracker.formats.records import place, severity_label
from tracker.services.finance import annual_log
from tracker.services.finance.rates import fiscal_year_label
from tracker.vocabulary import effective_shares, status_label


def whole_number(value: int | Decimal | None) -> str:
    """1234567 -> '1,234,567' in English, '1 234 567' in Kazakh and Russian."""
    return format_decimal(int(value or 0), format="#,##0")


def money(value: Decimal | int | None, currency: str = "USD") -> str:
    """Budget rounded to the currency unit: 'USD 1,250,000'."""
    return f"{currency} {whole_number(round(value or 0))}"


def money_short(value: Decimal | int | None, currency: str = "USD") -> str:
    """Large sums in millions for headline cards: 'USD 412.5 million'."""
    amount = Decimal(value or 0)
    if amount >= 1_000_000:
        millions = format_decimal(amount / 1_000_000, format="#,##0.0")
        return gettext("%(currency)s %(amount)s million", currency=currency, amount=millions)
    return money(amount, currency)


def millions(value: Decimal | int | None) -> str:
    """An amount in millions with one decimal, for dense tables: 12345678 -> '12.3' ('12,3'
    in Kazakh and Russian)."""
    return format_decimal(Decimal(value or 0) / 1_000_000, format="#,##0.0")


def text_colour_on(background_hex: str) -> str:
    """White where it keeps WCAG AA contrast (4.5:1) on the background, as on the SDG icons;
    black otherwise."""
    red, green, blue = (int(background_hex[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    contrast_with_white = 1.05 / (luminance + 0.05)
    return "#ffffff" if contrast_with_white >= 4.5 else "#000000"


def percent(value: Decimal | None) -> str:
    """33.3333 -> '33.3%' ('33,3%' in Kazakh and Russian), 50 -> '50%'."""
    if value is None:
        return ""
    return format_decimal(Decimal(value), format="#,##0.#") + "%"


def day(value: date | None) -> str:
    """A date with the month's name in the reader's language: 'Sep 29, 2026',
    '29 сент. 2026 г.', '2026 ж. 29 қыр.'."""
    return format_date(value, "medium") if value else ""


def datetime_text(value: datetime | None) -> str:
    """A timestamp in UTC to the minute: 'Nov 28, 2026, 09:15 UTC'."""
    if value is None:
        return ""
    value = value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)
    # Shown in UTC as stored (the tracker does not know each reader's time zone), 24-hour.
    return f"{format_date(value.date(), 'medium')}, {value:%H:%M} UTC"


def zip_shares(links: list, shares: list) -> list[tuple]:
    return list(zip(links, shares, strict=True))


def exact_money(value: Decimal | int, currency: str = "") -> str:
    """An amount to the cent where it has cents, for changes: 'USD 1,250,000.50'; whole
    amounts as the pages show budgets: 'USD 1,400,000'."""
    amount = Decimal(value)
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    number = format_decimal(amount, format=pattern)
    return f"{currency} {number}" if currency else number


def change_value(field: str, value: str | None, currency: str = "") -> str:
    """One side of a recorded change: a status by its name, a budget as money in its
    currency, nothing as "(none)"."""
    if field == "status" and value and value.isdigit():
        return status_label(int(value))
    if annual_log.is_annual(field) and value:
        amount, rest, own = annual_log.split_value(value)
        if amount is not None:
            shown = exact_money(amount, own or currency)
            return f"{shown} {annual_log.shown_note(rest)}".rstrip()
    if field == "budget" and value:
        try:
            return exact_money(Decimal(value), currency)
        except ArithmeticError:
            return value
    return value or gettext("(none)")


def fiscal_year(year: int) -> str:
    """Fiscal ``year`` as pages write it ("2025", or "2025/26" when fiscal years start in
    another month than January)."""
    return fiscal_year_label(year, current_app.config.get("FISCAL_YEAR_START_MONTH", 1))


def init_app(app: Flask) -> None:
    app.add_template_global(change_value)
    app.add_template_filter(percent)
    app.add_template_filter(datetime_text, "datetime")
    app.add_template_filter(day)
    app.add_template_filter(zip_shares)
    app.add_template_filter(effective_shares)
    app.add_template_filter(whole_number)
    app.add_template_filter(money)
    app.add_template_filter(money_short)
    app.add_template_filter(fiscal_year)
    app.add_template_filter(millions)
    app.add_template_filter(text_colour_on)
    app.add_template_filter(place)
    app.add_template_filter(severity_label, "severity")
