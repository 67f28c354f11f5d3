"""The managers' dashboards: figures by status, SDG goal and target, sector, region, agency
and year, for the projects a set of filters keeps.

Every figure says which projects are behind it (``drill``: the register's query for them),
so a click on a bar opens exactly those projects.

Titles, notes and labels are in the reader's language (SDG goal and target texts from the
seed data's translations), so the figure cache keeps one entry per language.
"""

from tracker.services.dashboards.figures import (
    Bar,
    Chart,
    agency_chart,
    goal_chart,
    place_chart,
    project_ids,
    scope,
    sector_chart,
    status_chart,
)
from tracker.services.dashboards.goals import (
    GoalName,
    Heatmap,
    TargetRow,
    goal_detail,
    sector_goal_heatmap,
    serving_goal,
)
from tracker.services.dashboards.overview import Overview, overview
from tracker.services.dashboards.portfolio import CurrencyChoice, LeftOut, currency_choice
from tracker.services.dashboards.years import YearRow, timeline

__all__ = [
    "Bar", "Chart", "CurrencyChoice", "GoalName", "Heatmap", "LeftOut", "Overview",
    "TargetRow", "YearRow", "agency_chart", "currency_choice", "goal_chart", "goal_detail",
    "overview", "place_chart", "project_ids", "scope", "sector_chart", "sector_goal_heatmap",
    "serving_goal", "status_chart", "timeline",
]  # fmt: skip
