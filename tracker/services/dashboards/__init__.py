"""The managers' dashboards: figures by status, SDG goal and target, sector, region, agency
and year, for the projects a set of filters keeps.

Every figure says which projects are behind it (``drill``: the register's query for them),
so a click on a bar opens exactly those projects.

Titles, notes and labels are in the reader's language (SDG goal and target texts from the
seed data's translations), so the figure cache keeps one entry per language.
"""

from tracker.services.dashboards.figures import (
    MODES,
    Bar,
    Chart,
    agency_chart,
    goal_chart,
    place_chart,
    project_ids,
    sector_chart,
    status_chart,
)
from tracker.services.dashboards.goals import (
    GoalName,
    Heatmap,
    TargetRow,
    goal_detail,
    sector_goal_heatmap,
)
from tracker.services.dashboards.overview import Overview, overview
from tracker.services.dashboards.years import YearRow, timeline

__all__ = [
    "MODES", "Bar", "Chart", "GoalName", "Heatmap", "Overview", "TargetRow", "YearRow",
    "agency_chart", "goal_chart", "goal_detail", "overview", "place_chart", "project_ids",
    "sector_chart", "sector_goal_heatmap", "status_chart", "timeline",
]  # fmt: skip
