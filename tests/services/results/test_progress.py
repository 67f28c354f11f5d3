"""The progress rule on every status, both directions, zero baselines and missing data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from tracker.models.results import NOMINAL, PERCENTAGE, QUALITATIVE, UNIT
from tracker.services.results.progress import (
    ACHIEVED,
    LIMITED,
    MOVING_AWAY,
    NO_DATA,
    ON_TRACK,
    Point,
    assess,
    baseline_point,
    indicator_progress,
)

BASE = Point(date(2020, 12, 31), D(10))
TARGET = Point(date(2024, 12, 31), D(50))  # 4 years to go from 10 to 50


def at(year: int, value: str) -> Point:
    return Point(date(year, 12, 31), D(value))


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (at(2024, "50"), ACHIEVED),  # exactly the target
        (at(2023, "55"), ACHIEVED),  # beyond it, early
        (at(2022, "30"), ON_TRACK),  # halfway after half the time
        (at(2022, "29.5"), ON_TRACK),  # 48.75% of the way against 50%: within 95%
        (at(2022, "28"), LIMITED),  # 45% of the way against 50%
        (at(2024, "47"), LIMITED),  # at the target date, 92.5% of the way
        (at(2021, "10"), LIMITED),  # no change after a year
        (at(2022, "9"), MOVING_AWAY),  # worse than the baseline
    ],
)
def test_ascending_statuses(actual: Point, status: str) -> None:
    assert assess(UNIT, True, BASE, actual, TARGET).status == status


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (at(2024, "10"), ACHIEVED),
        (at(2022, "30"), ON_TRACK),  # from 50 down to 30, halfway to 10
        (at(2022, "35"), LIMITED),
        (at(2022, "51"), MOVING_AWAY),
    ],
)
def test_descending_is_the_mirror_image(actual: Point, status: str) -> None:
    baseline, target = at(2020, "50"), at(2024, "10")
    assert assess(PERCENTAGE, False, baseline, actual, target).status == status


def test_a_zero_baseline_works() -> None:
    progress = assess(UNIT, True, at(2020, "0"), at(2022, "6"), at(2024, "10"))
    assert (progress.status, progress.covered, progress.expected) == (
        ON_TRACK,
        D("0.6"),
        D(730) / D(1461),
    )


def test_a_descending_indicator_with_a_zero_target() -> None:
    assert assess(UNIT, False, at(2020, "8"), at(2022, "0"), at(2024, "0")).status == ACHIEVED


@pytest.mark.parametrize(
    ("baseline", "actual", "target"),
    [
        (None, at(2022, "30"), TARGET),
        (BASE, None, TARGET),
        (BASE, at(2022, "30"), None),
        (BASE, at(2020, "30"), TARGET),  # the actual is not after the baseline
    ],
)
def test_missing_figures_give_not_enough_data(baseline, actual, target) -> None:
    assert assess(UNIT, True, baseline, actual, target).status == NO_DATA


@pytest.mark.parametrize("measure", [NOMINAL, QUALITATIVE])
def test_measures_that_are_not_quantitative_get_no_status(measure: int) -> None:
    assert assess(measure, True, BASE, at(2022, "30"), TARGET) is None


def test_a_target_equal_to_the_baseline_is_held_or_lost() -> None:
    assert assess(UNIT, True, at(2020, "5"), at(2022, "5"), at(2024, "5")).status == ACHIEVED
    assert assess(UNIT, True, at(2020, "5"), at(2022, "4"), at(2024, "5")).status == MOVING_AWAY


def test_the_baseline_is_dated_by_its_date_else_the_end_of_its_year() -> None:
    assert baseline_point(2020, D(1)) == Point(date(2020, 12, 31), D(1))
    assert baseline_point(2020, D(1), date(2020, 3, 1)).when == date(2020, 3, 1)
    assert baseline_point(2020, None) is None


def test_an_indicator_uses_its_latest_actual_and_its_final_target() -> None:
    def period(end: int, target: str | None, actual: str | None) -> SimpleNamespace:
        return SimpleNamespace(
            period_end=date(end, 12, 31),
            target_value=None if target is None else D(target),
            actual_value=None if actual is None else D(actual),
        )

    indicator = SimpleNamespace(
        measure=UNIT,
        ascending=True,
        baseline_year=2020,
        baseline_value=D(10),
        baseline_date=None,
        periods=[period(2021, "20", "12"), period(2022, "30", "30"), period(2024, "50", None)],
    )
    progress = indicator_progress(indicator)
    assert (progress.status, progress.actual, progress.target) == (
        ON_TRACK,
        at(2022, "30"),
        at(2024, "50"),
    )
