"""The SDG dashboards: a goal's targets with their projects, and the sector × goal heatmap."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from tracker.models import (
    Goal,
    Project,
    ProjectSector,
    ProjectTarget,
    ProjectText,
    Sector,
    SectorCategory,
    Target,
)
from tracker.services.dashboards.figures import project_ids, scope
from tracker.services.portfolio import allocation
from tracker.services.portfolio.allocation import kept
from tracker.services.portfolio.project_texts import ShownText, shown_text
from tracker.services.register.search import RegisterFilters


@dataclass(frozen=True)
class TargetRow:
    """A target (its title in each language, for ``loc(row, "title")``) and its projects."""

    code: str
    title_en: str
    title_ru: str
    title_kk: str
    projects: list[tuple[int, str, ShownText]]  # (id, code, title in the language asked for)


def goal_detail(
    session: Session, goal: Goal, filters: RegisterFilters, language: str = "en"
) -> list[TargetRow]:
    """The goal's targets with the projects serving each; empty lists are the gaps.
    Project titles are in ``language`` where a project has it."""
    ids = project_ids(filters)
    served = defaultdict(list)
    for target_code, project_id, code, title, own_language, translated in session.execute(
        select(Target.code, Project.id, Project.code, Project.title, Project.language,
               ProjectText.title)
        .join(ProjectTarget, ProjectTarget.target_id == Target.id)
        .join(Project, Project.id == ProjectTarget.project_id)
        .outerjoin(ProjectText, (ProjectText.project_id == Project.id)
                   & (ProjectText.language == language))
        .where(Target.goal_number == goal.number, kept(Project.id, ids))
        .order_by(Project.code)
    ):  # fmt: skip
        shown = shown_text(title, own_language or "en", {language: translated or ""}, language)
        served[target_code].append((project_id, code, shown))
    return [
        TargetRow(t.code, t.title_en, t.title_ru, t.title_kk, served[t.code]) for t in goal.targets
    ]


def serving_goal(project_ids: Select | None, number: int) -> Select:
    """The ids of those projects (None: all) serving at least one of the goal's targets."""
    ids = (
        select(ProjectTarget.project_id)
        .join(Target, Target.id == ProjectTarget.target_id)
        .where(Target.goal_number == number, kept(ProjectTarget.project_id, project_ids))
    )
    return ids


class GoalName(NamedTuple):
    """A goal's number and short title in each language, for ``loc(goal, "short_title")``."""

    number: int
    short_title_en: str
    short_title_ru: str
    short_title_kk: str


@dataclass(frozen=True)
class Heatmap:
    measure: str
    rows: list[tuple[str, str]]  # sector categories (code, name)
    goals: list[GoalName]
    cells: dict[tuple[str, int], Decimal | int]
    unit: str = "projects"  # or the currency of the amounts
    drill: tuple[tuple[str, str], ...] = ()  # what a cell's drill-down adds to sector and goal

    @property
    def maximum(self):
        return max(self.cells.values(), default=0) or 1


def sector_goal_heatmap(
    session: Session, filters: RegisterFilters, measure: str, currency: str | None = None
) -> Heatmap:
    """Projects (or allocated budget, in one currency) per DAC sector category and SDG goal."""
    measured = scope(session, filters, measure, currency)
    ids = measured.ids
    if measure == "projects":
        values = session.execute(
            select(Sector.category_code, Target.goal_number,
                   func.count(distinct(Project.id)))
            .join(ProjectSector, ProjectSector.sector_code == Sector.code)
            .join(Project, Project.id == ProjectSector.project_id)
            .join(ProjectTarget, ProjectTarget.project_id == Project.id)
            .join(Target, Target.id == ProjectTarget.target_id)
            .where(kept(Project.id, ids))
            .group_by(Sector.category_code, Target.goal_number)
        ).all()  # fmt: skip
    else:
        values = allocation.by_sector_category_and_goal(session, ids)
    cells = {(category, goal): value for category, goal, value in values}
    used = sorted({category for category, _ in cells})
    names = dict(session.execute(select(SectorCategory.code, SectorCategory.name)).all())
    goals = session.execute(
        select(Goal.number, Goal.short_title_en, Goal.short_title_ru, Goal.short_title_kk)
        .order_by(Goal.number)
    )  # fmt: skip
    return Heatmap(measure, [(code, names.get(code, code)) for code in used],
                   [GoalName(*goal) for goal in goals], cells, measured.unit,
                   measured.drill)  # fmt: skip
