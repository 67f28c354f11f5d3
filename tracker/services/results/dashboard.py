"""The results dashboard's figures: indicators per SDG goal and progress status, and the
lists behind them (off track, no actual for last year), for the projects a set of
dashboard filters keeps.

Which goal an indicator serves: the goal of its SDG indicator reference (vocabulary 9, a
code the SDG reference list knows); without one, the goals of its project's SDG targets
(project results) or of its results-chain node's targets (chain indicators). An indicator
serving several goals counts under each.

Chain indicators belong to no project: they count when no project filter is set and are
left out as soon as one is. A component's indicators count with its project.

Every count is a count of the rows its list returns (``indicator_list`` with the same goal
and statuses), so a drill-down never disagrees with the figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, and_, case, exists, func, literal, or_, select, union
from sqlalchemy.orm import Session

from tracker.models import (
    NOT_REAL_SOURCES,
    Goal,
    Indicator,
    IndicatorPeriod,
    Project,
    ProjectResult,
    ProjectTarget,
    ResultIndicator,
    ResultNode,
    Target,
    result_node_targets,
)
from tracker.models.results import SDG_VOCABULARY
from tracker.services.results.progress import STATUSES
from tracker.services.results.status_sql import has_actual, status_select

SORTS = ("owner", "indicator", "status")
PER_PAGE = 50


@dataclass(frozen=True)
class GoalRow:
    """A goal's indicators per status (``counts[status]``), best status first."""

    number: int
    short_title_en: str
    short_title_ru: str
    short_title_kk: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


def _in_scope(project_ids: Select | None):
    """The condition on an indicator (joined with its result and project) that the filters
    keep it: every indicator unfiltered; else those of the kept projects and components."""
    if project_ids is None:
        return literal(True)
    owner = func.coalesce(Project.parent_id, Project.id)
    return and_(ResultIndicator.result_id.is_not(None), owner.in_(project_ids))


def _scoped(query: Select, project_ids: Select | None) -> Select:
    return (
        query.outerjoin(ProjectResult, ProjectResult.id == ResultIndicator.result_id)
        .outerjoin(Project, Project.id == ProjectResult.project_id)
        .outerjoin(ResultNode, ResultNode.id == ResultIndicator.node_id)
        .where(_in_scope(project_ids))
    )


def indicator_goals() -> Select:
    """(indicator_id, goal) for every indicator and goal it serves (see the module's rule)."""
    referenced = and_(
        ResultIndicator.reference_vocabulary == SDG_VOCABULARY,
        Indicator.code == ResultIndicator.reference_code,
    )
    by_reference = (
        select(ResultIndicator.id.label("indicator_id"), Target.goal_number.label("goal"))
        .join(Indicator, referenced)
        .join(Target, Target.id == Indicator.target_id)
    )
    unreferenced = ~exists().where(referenced)
    by_project = (
        select(ResultIndicator.id, Target.goal_number)
        .join(ProjectResult, ProjectResult.id == ResultIndicator.result_id)
        .join(ProjectTarget, ProjectTarget.project_id == ProjectResult.project_id)
        .join(Target, Target.id == ProjectTarget.target_id)
        .where(unreferenced)
    )
    by_node = (
        select(ResultIndicator.id, Target.goal_number)
        .join(result_node_targets, result_node_targets.c.node_id == ResultIndicator.node_id)
        .join(Target, Target.id == result_node_targets.c.target_id)
        .where(unreferenced)
    )
    return union(by_reference, by_project, by_node)


def by_goal(session: Session, project_ids: Select | None) -> list[GoalRow]:
    """Every goal with its quantitative indicators per progress status."""
    statuses = _scoped(status_select(session), project_ids).subquery()
    goals = indicator_goals().subquery()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for goal, status, count in session.execute(
        select(goals.c.goal, statuses.c.status, func.count())
        .join(statuses, statuses.c.indicator_id == goals.c.indicator_id)
        .group_by(goals.c.goal, statuses.c.status)
    ):
        counts[goal][status] = count
    return [
        GoalRow(*goal, counts=counts.get(goal[0], {}))
        for goal in session.execute(
            select(
                Goal.number, Goal.short_title_en, Goal.short_title_ru, Goal.short_title_kk
            ).order_by(Goal.number)
        )
    ]


@dataclass(frozen=True)
class IndicatorRow:
    """One line of an indicator list: the indicator, its owner and its figures."""

    id: int
    title_en: str
    title_ru: str
    title_kk: str
    measure: int
    status: str | None
    baseline: Decimal | None
    baseline_year: int | None
    actual: Decimal | None
    target: Decimal | None
    owner_code: str
    owner_title: str
    project_id: int | None
    illustrative: bool


@dataclass(frozen=True)
class IndicatorPage:
    rows: list[IndicatorRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def missing_actual(year: int):
    """The condition that an indicator has a period overlapping ``year`` and none of its
    periods overlapping it has an actual."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    overlapping = and_(
        IndicatorPeriod.indicator_id == ResultIndicator.id,
        IndicatorPeriod.period_start <= last,
        IndicatorPeriod.period_end >= first,
    )
    return and_(exists().where(overlapping), ~exists().where(overlapping, has_actual()))


def list_select(
    session: Session,
    project_ids: Select | None,
    *,
    goal: int | None = None,
    statuses: tuple[str, ...] = (),
    missing_year: int | None = None,
) -> Select:
    """The indicators of a list, with what a row shows: those serving ``goal``, with one of
    ``statuses`` (quantitative only), and/or with no actual for ``missing_year``."""
    owner_code = func.coalesce(Project.code, ResultNode.code)
    owner_title = func.coalesce(Project.title, ResultNode.title_en)
    illustrative = or_(Project.source.in_(NOT_REAL_SOURCES), ResultNode.illustrative.is_(True))
    query = _scoped(
        status_select(
            session,
            ResultIndicator.title_en, ResultIndicator.title_ru, ResultIndicator.title_kk,
            ResultIndicator.measure, ResultIndicator.baseline_value,
            ResultIndicator.baseline_year, owner_code.label("owner_code"),
            owner_title.label("owner_title"), Project.id.label("project_id"),
            case((illustrative, True), else_=False).label("illustrative"),
            quantitative_only=bool(statuses),
        ),
        project_ids,
    )  # fmt: skip
    if goal is not None:
        goals = indicator_goals().subquery()
        query = query.where(
            ResultIndicator.id.in_(select(goals.c.indicator_id).where(goals.c.goal == goal))
        )
    if missing_year is not None:
        query = query.where(missing_actual(missing_year))
    rows = query.subquery()
    outer = select(rows)
    if statuses:
        outer = outer.where(rows.c.status.in_(statuses))
    return outer


def _order(rows, sort: str, direction: str):
    rank = case({status: index for index, status in enumerate(STATUSES)}, value=rows.c.status,
                else_=len(STATUSES))  # fmt: skip
    keys = {
        "owner": (rows.c.owner_code, rows.c.title_en),
        "indicator": (rows.c.title_en, rows.c.owner_code),
        "status": (rank, rows.c.owner_code, rows.c.title_en),
    }[sort]
    first = keys[0].desc() if direction == "desc" else keys[0]
    return (first, *keys[1:], rows.c.indicator_id)


def indicator_list(
    session: Session,
    project_ids: Select | None,
    *,
    goal: int | None = None,
    statuses: tuple[str, ...] = (),
    missing_year: int | None = None,
    sort: str = "owner",
    direction: str = "asc",
    page: int = 1,
    per_page: int | None = PER_PAGE,
) -> IndicatorPage:
    """A page of the list (``per_page`` None: every row, for the CSV file)."""
    listed = list_select(session, project_ids, goal=goal, statuses=statuses,
                         missing_year=missing_year).subquery()  # fmt: skip
    total = session.scalar(select(func.count()).select_from(listed))
    query = select(listed).order_by(*_order(listed, sort, direction))
    if per_page:
        query = query.limit(per_page).offset((page - 1) * per_page)
    rows = [
        IndicatorRow(
            id=row.indicator_id, title_en=row.title_en, title_ru=row.title_ru,
            title_kk=row.title_kk, measure=row.measure, status=row.status,
            baseline=row.baseline_value, baseline_year=row.baseline_year, actual=row.actual,
            target=row.target, owner_code=row.owner_code, owner_title=row.owner_title,
            project_id=row.project_id, illustrative=bool(row.illustrative),
        )
        for row in session.execute(query)
    ]  # fmt: skip
    return IndicatorPage(rows, total, page, per_page or max(total, 1))


def list_count(session: Session, project_ids: Select | None, **criteria) -> int:
    """How many indicators a list holds (what its card on the dashboard says)."""
    listed = list_select(session, project_ids, **criteria).subquery()
    return session.scalar(select(func.count()).select_from(listed))
