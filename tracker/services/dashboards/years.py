"""The dashboards' timeline: projects started, completed and active per year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from tracker.models import Project
from tracker.services.allocation import kept
from tracker.services.dashboards.figures import project_ids
from tracker.services.register import END_DATE, START_DATE, RegisterFilters


@dataclass(frozen=True)
class YearRow:
    year: int
    starts: int
    completions: int
    active: int


def timeline(session: Session, filters: RegisterFilters) -> list[YearRow]:
    """Per year: projects that started, that were completed, and that were active."""
    ids = project_ids(filters)
    start_year = extract("year", START_DATE)
    # An open project runs to today; a closed one to its actual end.
    end_year = extract("year", END_DATE)
    spans = session.execute(
        select(start_year, end_year, Project.status, func.count())
        .where(kept(Project.id, ids))
        .group_by(start_year, end_year, Project.status)
    ).all()
    completions = dict(session.execute(
        select(extract("year", Project.actual_end), func.count())
        .where(kept(Project.id, ids), Project.status == 4)
        .group_by(extract("year", Project.actual_end))
    ).all())  # fmt: skip
    starts, active = defaultdict(int), defaultdict(int)
    years = [int(y) for y, *_ in spans if y is not None]
    if not years:
        return []
    this_year = date.today().year
    for first, last, status, count in spans:
        if first is None:
            continue
        first = int(first)
        starts[first] += count
        open_ended = status in (1, 2, 3, 6)
        last = this_year if open_ended or last is None else min(int(last), this_year)
        for year in range(first, max(first, last) + 1):
            active[year] += count
    return [
        YearRow(year, starts[year], int(completions.get(year, 0) or 0), active[year])
        for year in range(min(years), this_year + 1)
    ]
