"""ILLUSTRATIVE annual money of a generated project: required, available (by funder),
spent, and where "known" disbursed and committed, per calendar (fiscal) year.

Deterministic and consistent with the project: each project draws from its own
``random.Random`` seeded with the portfolio seed and its code (so adding this did not change
any other generated file), the required amounts split the budget over the project's years
and add up to it exactly, the available money comes from the project's funding
organisations (IATI role 1), closed projects spent 85-100 % of what was available, and
active ones part-way, relative to the generator's fixed reference date (never today).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from tracker.generation.records import GeneratedProject

ANNUAL_FILE = "annual_figures.csv"
ANNUAL_COLUMNS = ("project_code", "year", "measure", "amount", "currency", "funder")
FUNDING = 1
UNIT = 100  # amounts are whole hundreds of the currency, as budgets are whole thousands


@dataclass(frozen=True, slots=True)
class AnnualRow:
    project_code: str
    year: int
    measure: str
    amount: Decimal
    currency: str
    funder: str = ""  # organisation acronym, on "available" rows only


def _days_in(year: int, start: date, end: date) -> int:
    first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
    return max(1, (last - first).days + 1)


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` units split by ``weights``; the last part takes what rounding left over."""
    scale = sum(weights)
    parts = [int(total * weight / scale) for weight in weights[:-1]]
    return [*parts, total - sum(parts)]


def annual_rows(project: GeneratedProject, seed: int, as_of: date) -> list[AnnualRow]:
    """The project's illustrative annual rows, in year and measure order."""
    rng = random.Random(f"{seed}:{project.code}")
    start = project.actual_start or project.planned_start
    end = project.actual_end or project.planned_end
    years = list(range(start.year, end.year + 1))
    closed = project.actual_end is not None
    budget_units = int(project.budget) // UNIT
    # The plan follows the project's days in each year, give or take a fifth.
    required = _split(
        budget_units, [_days_in(y, start, end) * rng.uniform(0.8, 1.2) for y in years]
    )
    funders = [o.organisation for o in project.organisations if o.role == FUNDING]
    first_share = rng.uniform(0.5, 0.8)
    with_disbursed = rng.random() < 0.4
    rows: list[AnnualRow] = []

    def add(year: int, measure: str, units: int, funder: str = "") -> None:
        rows.append(AnnualRow(project.code, year, measure, Decimal(units * UNIT).quantize(
            Decimal("0.01")), project.currency, funder))  # fmt: skip

    for year, planned in zip(years, required, strict=True):
        add(year, "required", planned)
        # Later years of an active project: only part of the money is secured so far.
        low, high = (0.88, 1.0) if closed or year <= as_of.year else (0.3, 0.75)
        secured = rng.uniform(low, high)
        available = int(planned * secured)
        parts = (
            _split(available, [first_share, 1 - first_share]) if len(funders) > 1 else [available]
        )
        for funder, units in zip(funders or [""], parts, strict=False):
            add(year, "available", units, funder)
        if closed or year < as_of.year:
            spent = int(available * rng.uniform(0.85, 1.0))
        elif year == as_of.year:  # the reference year is under way
            spent = int(available * (as_of.month - 1) / 12 * rng.uniform(0.6, 0.95))
        else:
            spent = None
        if spent is not None:
            add(year, "spent", spent)
            if with_disbursed:
                add(year, "disbursed", spent + int((available - spent) * rng.uniform(0, 0.5)))
        if not closed and year >= as_of.year:
            add(year, "committed", int(available * rng.uniform(0.4, 0.9)))
    return rows


def write_annual_csv(rows: Iterable[AnnualRow], directory: Path | str) -> int:
    """Write ``rows`` to annual_figures.csv in ``directory``; return the data rows written."""
    count = 0
    path = Path(directory) / ANNUAL_FILE
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ANNUAL_COLUMNS)
        for row in rows:
            writer.writerow([row.project_code, row.year, row.measure, row.amount, row.currency,
                             row.funder])  # fmt: skip
            count += 1
    return count


def portfolio_annual_rows(
    projects: Iterable[GeneratedProject], seed: int, as_of: date
) -> Iterator[AnnualRow]:
    for project in projects:
        yield from annual_rows(project, seed, as_of)
