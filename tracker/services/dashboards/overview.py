"""The overview dashboard: headline figures, the bar charts and the timeline together."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from tracker.services.dashboards.figures import (
    Chart,
    agency_chart,
    goal_chart,
    place_chart,
    project_ids,
    sector_chart,
    status_chart,
)
from tracker.services.dashboards.years import YearRow, timeline
from tracker.services.portfolio import HeadlineFigures, headline_figures
from tracker.services.register import RegisterFilters


@dataclass
class Overview:
    filters: RegisterFilters
    mode: str
    headline: HeadlineFigures
    charts: list[Chart] = field(default_factory=list)
    timeline: list[YearRow] = field(default_factory=list)


def overview(session: Session, filters: RegisterFilters, mode: str = "projects") -> Overview:
    result = Overview(filters, mode, headline_figures(session, project_ids(filters)))
    result.charts = [
        status_chart(session, filters, mode),
        goal_chart(session, filters, mode),
        sector_chart(session, filters, mode),
        place_chart(session, filters, mode),
        agency_chart(session, filters, mode),
    ]
    result.timeline = timeline(session, filters)
    return result
