"""The portfolio's figures, read from the database (the read side of the domain)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, case, distinct, func, select
from sqlalchemy.orm import Session

from tracker.models import (
    ACTIVE,
    COMPLETED,
    NOT_REAL_SOURCES,
    ActivityStatus,
    Goal,
    Project,
    ProjectTarget,
    Target,
)
from tracker.services.allocation import kept


@dataclass(frozen=True)
class StatusFigure:
    code: int
    name: str
    projects: int
    budget: Decimal


@dataclass(frozen=True)
class GoalFigure:
    """A goal's project count, with its short title in each language (for ``loc``)."""

    number: int
    short_title_en: str
    short_title_ru: str
    short_title_kk: str
    projects: int

    @property
    def short_title(self) -> str:
        """The English title, as files and the API give it."""
        return self.short_title_en


@dataclass(frozen=True)
class HeadlineFigures:
    projects: int
    by_status: list[StatusFigure]
    budget_by_currency: dict[str, Decimal]
    active_budget_by_currency: dict[str, Decimal]
    goals_covered: int
    targets_covered: int
    targets_total: int
    by_goal: list[GoalFigure]
    not_real_projects: int

    def count(self, status: int) -> int:
        return next((s.projects for s in self.by_status if s.code == status), 0)

    @property
    def active(self) -> int:
        return self.count(ACTIVE)

    @property
    def completed(self) -> int:
        return self.count(COMPLETED)


def headline_figures(session: Session, project_ids: Select | None = None) -> HeadlineFigures:
    """Projects by status, budget, SDG coverage: what the home page shows.

    ``project_ids`` (a SELECT of ids) limits the figures to those projects (dashboard filters).
    """

    def restricted(query, column=Project.id):
        return query if project_ids is None else query.where(kept(column, project_ids))

    status_totals = select(
        Project.status, func.count(), func.coalesce(func.sum(Project.budget), 0)
    ).group_by(Project.status)
    per_status = {
        code: (projects, budget)
        for code, projects, budget in session.execute(restricted(status_totals))
    }
    by_status = [
        StatusFigure(code, name, *per_status.get(code, (0, Decimal("0"))))
        for code, name in session.execute(
            select(ActivityStatus.code, ActivityStatus.name).order_by(ActivityStatus.code)
        )
    ]
    budget, active_budget = {}, {}
    for currency, total, active in session.execute(
        restricted(
            select(
                Project.currency,
                func.sum(Project.budget),
                func.sum(case((Project.status == ACTIVE, Project.budget), else_=0)),
            )
        ).group_by(Project.currency)
    ):
        budget[currency], active_budget[currency] = Decimal(total), Decimal(active)
    goals_covered, targets_covered = session.execute(
        restricted(select(func.count(distinct(Target.goal_number)), func.count(distinct(Target.id)))
             .join(ProjectTarget, ProjectTarget.target_id == Target.id), ProjectTarget.project_id)
    ).one()  # fmt: skip
    projects_per_goal = dict(
        session.execute(
            restricted(select(Target.goal_number, func.count(distinct(ProjectTarget.project_id)))
                 .join(ProjectTarget, ProjectTarget.target_id == Target.id),
                 ProjectTarget.project_id)
            .group_by(Target.goal_number)
        ).all()
    )  # fmt: skip
    by_goal = [
        GoalFigure(number, title_en, title_ru, title_kk, projects_per_goal.get(number, 0))
        for number, title_en, title_ru, title_kk in session.execute(
            select(
                Goal.number, Goal.short_title_en, Goal.short_title_ru, Goal.short_title_kk
            ).order_by(Goal.number)
        )
    ]
    return HeadlineFigures(
        projects=sum(s.projects for s in by_status),
        by_status=by_status,
        budget_by_currency=budget,
        active_budget_by_currency=active_budget,
        goals_covered=goals_covered,
        targets_covered=targets_covered,
        targets_total=session.scalar(select(func.count()).select_from(Target)),
        by_goal=by_goal,
        not_real_projects=session.scalar(
            restricted(select(func.count()).where(Project.source.in_(NOT_REAL_SOURCES)))
        ),
    )


def goal_colours(session: Session) -> list[tuple[int, str]]:
    return list(session.execute(select(Goal.number, Goal.colour).order_by(Goal.number)).all())
