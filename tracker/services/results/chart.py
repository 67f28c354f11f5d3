"""The indicator chart's geometry: baseline, actuals and targets placed on a time axis.

Pure: dated values in, coordinates and labels out; the template draws them as inline SVG
(no script, no library), with the same numbers in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 20, 40


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str
    when: date


@dataclass(frozen=True)
class Chart:
    baseline: Dot | None
    actuals: list[Dot]
    targets: list[Dot]
    years: list[tuple[float, int]]  # x and year of each tick
    levels: list[tuple[float, str]]  # y and value of each gridline
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM
    right_x: int = WIDTH - RIGHT

    @property
    def actual_path(self) -> str:
        dots = ([self.baseline] if self.baseline else []) + self.actuals
        return " ".join(f"{'M' if i == 0 else 'L'}{d.x:.1f},{d.y:.1f}" for i, d in enumerate(dots))

    @property
    def target_path(self) -> str:
        dots = ([self.baseline] if self.baseline else []) + self.targets
        return " ".join(f"{'M' if i == 0 else 'L'}{d.x:.1f},{d.y:.1f}" for i, d in enumerate(dots))


def _label(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _nice_step(span: Decimal) -> Decimal:
    """A round step that cuts ``span`` into about four gridlines."""
    raw = span / 4 if span > 0 else Decimal(1)
    magnitude = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10


def chart(
    baseline: tuple[date, Decimal] | None,
    actuals: list[tuple[date, Decimal]],
    targets: list[tuple[date, Decimal]],
) -> Chart | None:
    """The chart of an indicator's figures, or None when there is nothing to draw."""
    points = ([baseline] if baseline else []) + actuals + targets
    if not points:
        return None
    first = min(d for d, _v in points)
    last = max(d for d, _v in points)
    first_year, last_year = first.year, max(last.year, first.year + 1)
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    low = min(Decimal(0), *(v for _d, v in points))
    high = max(v for _d, v in points)
    step = _nice_step(high - low)
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if high == low:
        high = low + step
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    days = (end - start).days

    def dot(when: date, value: Decimal) -> Dot:
        x = LEFT + inner_w * (when - start).days / days
        y = TOP + inner_h * float((high - value) / (high - low))
        return Dot(x, y, _label(value), when)

    years = [(LEFT + inner_w * (date(y, 7, 1) - start).days / days, y)
             for y in range(first_year, last_year + 1)]  # fmt: skip
    levels = []
    value = low
    while value <= high:
        levels.append((TOP + inner_h * float((high - value) / (high - low)), _label(value)))
        value += step
    return Chart(
        dot(*baseline) if baseline else None,
        [dot(*a) for a in sorted(actuals)],
        [dot(*t) for t in sorted(targets)],
        years,
        levels,
    )
