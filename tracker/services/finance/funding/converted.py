"""Sums in several currencies turned into the reporting currency at each year's rate.

Amounts in the reporting currency need no rate; others are converted at the mean of their
fiscal year's monthly rates. A (currency, year) without a rate is left out, never guessed,
and remembered so the page can say how many projects that affects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from tracker.models.finance import AVAILABLE, REQUIRED, SPENT
from tracker.services.finance.derived import Money
from tracker.services.finance.rates import YearlyRates


@dataclass
class Converter:
    """Converts grouped sums, noting which rates it used and which it lacked."""

    rates: YearlyRates
    used: set[tuple[str, int]] = field(default_factory=set)  # converted at a rate
    missing: set[tuple[str, int]] = field(default_factory=set)  # left out: no rate

    def amount(self, amount: Decimal, currency: str, year: int) -> Decimal | None:
        converted = self.rates.convert(amount, currency, year)
        if converted is None:
            self.missing.add((currency, year))
        elif currency != self.rates.reporting:
            self.used.add((currency, year))
        return converted

    def money(self, sums: Iterable[tuple[object, str, str, Decimal]], year: int | None = None):
        """Per key, the Money of ``(key, currency, measure, amount)`` sums; the key is the
        year itself when ``year`` is None."""
        totals: dict[object, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for key, currency, measure, amount in sums:
            converted = self.amount(amount, currency, key if year is None else year)
            # A key stays even when all of its money is left out: its projects are counted.
            totals[key][measure] += converted if converted is not None else Decimal(0)
        return {
            key: Money(measures[REQUIRED], measures[AVAILABLE], measures[SPENT])
            for key, measures in totals.items()
        }
