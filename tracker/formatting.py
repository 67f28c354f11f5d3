"""Template filters that show numbers, money and colours the same way on every page."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from flask import Flask

from tracker.services.rules import effective_shares


def whole_number(value: int | Decimal | None) -> str:
    """1234567 -> '1,234,567' (a thin space would be lost in Excel copies)."""
    return f"{int(value or 0):,}"


def money(value: Decimal | int | None, currency: str = "USD") -> str:
    """Budget rounded to the currency unit: 'USD 1,250,000'."""
    return f"{currency} {int(round(value or 0)):,}"


def money_short(value: Decimal | int | None, currency: str = "USD") -> str:
    """Large sums in millions for headline cards: 'USD 412.5 million'."""
    amount = Decimal(value or 0)
    if amount >= 1_000_000:
        return f"{currency} {amount / 1_000_000:,.1f} million"
    return money(amount, currency)


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
    """33.3333 -> '33.3%', 50 -> '50%'."""
    if value is None:
        return ""
    text = f"{Decimal(value):.1f}".removesuffix(".0")
    return f"{text}%"


def datetime_text(value: datetime | None) -> str:
    """A timestamp in UTC to the minute: '2026-11-28 09:15 UTC'."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def zip_shares(links: list, shares: list) -> list[tuple]:
    return list(zip(links, shares, strict=True))


def init_app(app: Flask) -> None:
    app.add_template_filter(percent)
    app.add_template_filter(datetime_text, "datetime")
    app.add_template_filter(zip_shares)
    app.add_template_filter(effective_shares)
    app.add_template_filter(whole_number)
    app.add_template_filter(money)
    app.add_template_filter(money_short)
    app.add_template_filter(text_colour_on)
