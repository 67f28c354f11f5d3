"""The JSON API's funding figures: the funding dashboard's numbers as plain dicts.

Pure shaping, as ``json_api``: amounts are decimal strings, rates fractions with four
decimals, and a rate whose denominator is 0 is null.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from tracker.formats.json_api import Json, money

if TYPE_CHECKING:  # what the service hands over to be written out; never imported at run time
    from tracker.services.finance.funding import Funding, FundingRow


def signed_money(value: Decimal | None) -> str | None:
    """An amount that may be negative (a gap when more is available than required)."""
    return None if value is None else money(value)


def rate(value: Decimal | None) -> str | None:
    """A rate as a fraction with four decimals ("0.4541"); None where the denominator is 0."""
    if value is None:
        return None
    return format(Decimal(value).quantize(Decimal("0.0001"), ROUND_HALF_UP), "f")


def funding_row(row: FundingRow, urls: Json, available_only: bool = False) -> Json:
    """A year or an item of a breakdown; only ``available`` where nothing else is defined."""
    figures = row.money
    defined = not available_only
    return {
        "key": row.key,
        "label": row.label,
        "projects": row.projects,
        "required": signed_money(figures.required if defined else None),
        "available": signed_money(figures.available),
        "spent": signed_money(figures.spent if defined else None),
        "to_mobilise": signed_money(figures.to_mobilise if defined else None),
        "funding_rate": rate(figures.funding_rate) if defined else None,
        "delivery_rate": rate(figures.delivery_rate) if defined else None,
        **urls,
    }


def funding(found: Funding, filters: Json, row_urls: Callable[[FundingRow], Json],
            formulas: dict[str, str]) -> Json:  # fmt: skip
    """The funding dashboard's figures in the reporting currency, with the rates used and
    what was left out for want of a rate."""
    return {
        "filters": filters,
        "currency": found.currency,
        "fiscal_year_start_month": found.start_month,
        "year": found.year,
        "current_year": found.current_year,
        "years": [funding_row(row, row_urls(row)) for row in found.years],
        "breakdowns": [
            {
                "name": breakdown.name,
                "title": breakdown.title,
                "note": breakdown.note,
                "available_only": breakdown.available_only,
                "rows": [funding_row(row, row_urls(row), breakdown.available_only)
                         for row in breakdown.rows],
            }
            for breakdown in found.breakdowns
        ],
        "left_out": [
            {"currency": gap.currency, "year": gap.year, "projects": gap.projects}
            for gap in found.left_out
        ],
        "conversion": {
            "method": "mean of the fiscal year's monthly rates",
            "rates": [
                {"currency": code, "year": year,
                 "rate": format(value.quantize(Decimal("1e-10"), ROUND_HALF_UP), "f")}
                for code, year, value in found.rates_used
            ],
            "sources": list(found.sources),
        },
        "formulas": {name: str(text) for name, text in formulas.items()},
    }  # fmt: skip
