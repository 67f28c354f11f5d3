"""Template filters that show numbers, money and colours the same way on every page."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask


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


def init_app(app: Flask) -> None:
    app.add_template_filter(whole_number)
    app.add_template_filter(money)
    app.add_template_filter(money_short)
    app.add_template_filter(text_colour_on)
