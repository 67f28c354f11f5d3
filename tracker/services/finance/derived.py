"""The figures derived from required, available and spent money, with their formulas.

A rate whose denominator is 0 is ``None`` (shown as "n/a"), never infinite.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

ZERO = Decimal(0)

# Shown on hover beside each figure, in the reader's language.
FORMULAS = {
    "to_mobilise": _l("To be mobilised = required − available"),
    "funding_rate": _l("Funding rate = available ÷ required"),
    "delivery_rate": _l("Delivery rate = spent ÷ available"),
}


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """``numerator / denominator`` as a fraction, or None when the denominator is 0."""
    return None if denominator == 0 else numerator / denominator


@dataclass(frozen=True)
class Money:
    """Required, available and spent money (one currency), and what follows from them."""

    required: Decimal = ZERO
    available: Decimal = ZERO
    spent: Decimal = ZERO

    def __add__(self, other: Money) -> Money:
        return Money(
            self.required + other.required,
            self.available + other.available,
            self.spent + other.spent,
        )

    @property
    def to_mobilise(self) -> Decimal:
        return self.required - self.available

    @property
    def funding_rate(self) -> Decimal | None:
        return ratio(self.available, self.required)

    @property
    def delivery_rate(self) -> Decimal | None:
        return ratio(self.spent, self.available)
