"""The progress status of a quantitative indicator: is it on track to reach its target?

The rule, in the spirit of Open SDG's progress measure but linear, so that a baseline of 0
works and a descending indicator (lower is better) is the mirror image of an ascending one:

1. Only quantitative measures (unit, percentage) get a status; others get none.
2. **Not enough data** without a baseline value, an actual after the baseline, or a target.
3. **Target achieved** when the latest actual has reached the final target in the
   indicator's direction (at or above it when higher is better, at or below when lower is).
4. **Moving away** when the latest actual is worse than the baseline.
5. Otherwise the share of the way covered (actual − baseline) ÷ (target − baseline) is
   compared with the share of the time elapsed between the baseline and the target date
   at the actual's date: **on track** when it covers at least 95% of the expected share,
   **limited progress** when it covers less.

The final target is that of the latest period with a target; the latest actual that of the
latest period with an actual value; a baseline is dated by its date, else 31 December of its
year. Nothing here reads today's date: the status follows from the recorded figures alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from tracker.models.results import QUANTITATIVE_MEASURES

ACHIEVED, ON_TRACK, LIMITED, MOVING_AWAY, NO_DATA = (
    "achieved",
    "on_track",
    "limited",
    "moving_away",
    "no_data",
)
# Best first: the order of legends, filters and summaries.
STATUSES = (ACHIEVED, ON_TRACK, LIMITED, MOVING_AWAY, NO_DATA)
OFF_TRACK = (LIMITED, MOVING_AWAY)
# The share of the expected way an indicator must cover to count as on track.
TOLERANCE = Decimal("0.95")

STATUS_NAMES = {
    ACHIEVED: _l("Target achieved"),
    ON_TRACK: _l("On track"),
    LIMITED: _l("Limited progress"),
    MOVING_AWAY: _l("Moving away"),
    NO_DATA: _l("Not enough data"),
}

# Shown on hover beside every badge, in the reader's language.
RULE = _l(
    "Target achieved: the latest actual has reached the target. Moving away: it is worse "
    "than the baseline. Otherwise the way covered since the baseline, (actual − baseline) ÷ "
    "(target − baseline), is compared with the time elapsed towards the target date: on "
    "track from 95 per cent of the expected share, limited progress below. Not enough data without "
    "a baseline, an actual after it, or a target."
)


@dataclass(frozen=True)
class Point:
    """A dated value: the baseline, an actual or a target."""

    when: date
    value: Decimal


@dataclass(frozen=True)
class Progress:
    """An indicator's status and the numbers behind it."""

    status: str
    baseline: Point | None = None
    actual: Point | None = None
    target: Point | None = None
    # The share of the way from baseline to target covered by the actual, and the share
    # the time elapsed would ask for (both None where they do not apply).
    covered: Decimal | None = None
    expected: Decimal | None = None

    @property
    def name(self) -> str:
        return str(STATUS_NAMES[self.status])

    @property
    def off_track(self) -> bool:
        return self.status in OFF_TRACK


def baseline_point(
    year: int | None, value: Decimal | None, when: date | None = None
) -> Point | None:
    """The baseline as a dated value, or None without a value or a date."""
    if value is None or (when is None and year is None):
        return None
    return Point(when or date(year, 12, 31), Decimal(value))  # type: ignore[arg-type]


def latest(points: Iterable[Point]) -> Point | None:
    """The latest of ``points`` (the last one given among equal dates)."""
    found = None
    for point in points:
        if found is None or point.when >= found.when:
            found = point
    return found


def assess(
    measure: int,
    ascending: bool,
    baseline: Point | None,
    actual: Point | None,
    target: Point | None,
) -> Progress | None:
    """The progress of an indicator measured by ``measure`` from its baseline, latest actual
    and final target; None for measures that get no status (nominal, ordinal, qualitative)."""
    if measure not in QUANTITATIVE_MEASURES:
        return None
    if baseline is None or target is None or actual is None or actual.when <= baseline.when:
        return Progress(NO_DATA, baseline, actual, target)
    sign = 1 if ascending else -1
    gain = sign * (actual.value - baseline.value)
    needed = sign * (target.value - baseline.value)
    if sign * (actual.value - target.value) >= 0:
        covered = Decimal(1) if needed <= 0 else gain / needed
        return Progress(ACHIEVED, baseline, actual, target, covered, Decimal(1))
    if gain < 0:
        covered = gain / needed if needed > 0 else None
        return Progress(MOVING_AWAY, baseline, actual, target, covered, None)
    # Not achieved and not worse than the baseline, so the target lies beyond the baseline.
    covered = gain / needed
    span = (target.when - baseline.when).days
    expected = (
        Decimal(1)
        if span <= 0
        else min(Decimal(1), Decimal((actual.when - baseline.when).days) / Decimal(span))
    )
    status = ON_TRACK if covered >= TOLERANCE * expected else LIMITED
    return Progress(status, baseline, actual, target, covered, expected)


def indicator_progress(indicator) -> Progress | None:
    """The progress of a ``ResultIndicator`` with its periods loaded."""
    baseline = baseline_point(
        indicator.baseline_year, indicator.baseline_value, indicator.baseline_date
    )
    actual = latest(
        Point(p.period_end, Decimal(p.actual_value))
        for p in indicator.periods
        if p.actual_value is not None
    )
    target = latest(
        Point(p.period_end, Decimal(p.target_value))
        for p in indicator.periods
        if p.target_value is not None
    )
    return assess(indicator.measure, indicator.ascending, baseline, actual, target)
