"""The dashboards' timeline: projects started, completed and active per year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from tracker.models import Project
from tracker.services.dashboards.figures import project_ids
from tracker.services.portfolio.allocation import kept
from tracker.services.register.search import END_DATE, START_DATE, RegisterFilters


@dataclass(frozen=True)
class YearRow:
    year: int
    starts: int
    completions: int
    active: int


def timeline(
    session: Session, filters: RegisterFilters, today: date | None = None
) -> list[YearRow]:
    """Per year: projects that started, that were completed, and that were active, from the
    first start to ``today``'s year, within the filters' active years.

    Active in a year as the register's year filter says (started by its end, not ended before
    its start; no end date: still running), so a year's link lists exactly its projects."""
    ids = project_ids(filters)
    start_year = extract("year", START_DATE)
    end_year = extract("year", END_DATE)
    spans = session.execute(
        select(start_year, end_year, func.count())
        .where(kept(Project.id, ids))
        .group_by(start_year, end_year)
    ).all()
    completions = dict(session.execute(
        select(extract("year", Project.actual_end), func.count())
        .where(kept(Project.id, ids), Project.status == 4)
        .group_by(extract("year", Project.actual_end))
    ).all())  # fmt: skip
    starts, active = defaultdict(int), defaultdict(int)
    years = [int(first) for first, _last, _count in spans if first is not None]
    if not years:
        return []
    shown = range(max(min(years), filters.active_from or 0),
                  min((today or date.today()).year, filters.active_to or 9999) + 1)  # fmt: skip
    for first, last, count in spans:
        if first is None:
            continue
        starts[int(first)] += count
        for year in range(int(first), (shown.stop if last is None else int(last) + 1)):
            active[year] += count
    return [
        YearRow(year, starts[year], int(completions.get(year, 0) or 0), active[year])
        for year in shown
    ]
