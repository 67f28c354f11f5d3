"""The overview dashboard: headline figures, the bar charts and the timeline together."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
from tracker.services.dashboards.portfolio import CurrencyChoice, HeadlineFigures, headline_figures
from tracker.services.dashboards.years import YearRow, timeline
from tracker.services.register.search import RegisterFilters


@dataclass
class Overview:
    filters: RegisterFilters
    mode: str
    headline: HeadlineFigures
    charts: list[Chart] = field(default_factory=list)
    timeline: list[YearRow] = field(default_factory=list)

    @property
    def currency(self) -> CurrencyChoice:
        """The one currency of every budget figure, and the projects that leaves out."""
        return self.headline.currency


def overview(
    session: Session, filters: RegisterFilters, mode: str = "projects", today: date | None = None
) -> Overview:
    """Every figure of the overview page; budgets in the filters' currency, or the one most
    of the filtered projects use."""
    headline = headline_figures(session, project_ids(filters), filters.currency)
    result = Overview(filters, mode, headline)
    currency = headline.currency.currency
    result.charts = [
        chart(session, filters, mode, currency)
        for chart in (status_chart, goal_chart, sector_chart, place_chart, agency_chart)
    ]
    result.timeline = timeline(session, filters, today)
    return result
