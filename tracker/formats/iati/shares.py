"""Percentages between the tracker (a blank share means an equal split) and IATI (which wants
percentages adding up to 100 wherever an activity has several sectors)."""

from __future__ import annotations

from decimal import Decimal

from tracker.formats.records import Shares

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def equal_split(count: int) -> list[Decimal]:
    """``count`` shares in cents adding up to exactly 100, the remainder on the last."""
    if count <= 0:
        return []
    share = (HUNDRED / count).quantize(CENT, rounding="ROUND_DOWN")
    return [share] * (count - 1) + [HUNDRED - share * (count - 1)]


def written_shares(shares: Shares) -> list[Decimal | None]:
    """The percentages to write: the given ones, an equal split where all are blank and
    there are several, none for a single link with none (IATI needs none there)."""
    if len(shares) > 1 and all(share is None for _, share in shares):
        return list(equal_split(len(shares)))
    return [share for _, share in shares]


def equal_split_as_blank(shares: Shares) -> Shares:
    """Read back what ``written_shares`` wrote: an exact equal split means blank shares,
    which the tracker reads the same way."""
    if len(shares) > 1 and [share for _, share in shares] == equal_split(len(shares)):
        return [(code, None) for code, _ in shares]
    return shares
