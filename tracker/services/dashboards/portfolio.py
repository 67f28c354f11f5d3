"""The portfolio's figures, read from the database (the read side of the domain).

Budgets are never added across currencies: budget figures are in one currency (by default
the one most of the projects use), and the projects in other currencies are named instead.
"""

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
from tracker.services.portfolio.allocation import kept
from tracker.services.portfolio.components import budget_with_components


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


# The currency of budget figures when there are no projects to take it from.
DEFAULT_CURRENCY = "USD"


@dataclass(frozen=True)
class LeftOut:
    """Projects budgeted in another currency than the figures: how many, and their total."""

    currency: str
    projects: int
    budget: Decimal


@dataclass(frozen=True)
class CurrencyChoice:
    """The one currency budget figures are in, and what that leaves out."""

    currency: str
    left_out: tuple[LeftOut, ...] = ()  # per other currency, most projects first

    @property
    def currencies(self) -> list[str]:
        """Every currency the projects use (and the one chosen), to choose from."""
        return sorted({self.currency, *(other.currency for other in self.left_out)})


def choose_currency(
    per_currency: dict[str, tuple[int, Decimal]], requested: str | None = None
) -> CurrencyChoice:
    """``requested``, or the currency most projects use (ties: alphabetical), given
    (projects, budget) per currency."""
    ranked = sorted(per_currency, key=lambda code: (-per_currency[code][0], code))
    chosen = requested or (ranked[0] if ranked else DEFAULT_CURRENCY)
    return CurrencyChoice(chosen, tuple(
        LeftOut(code, per_currency[code][0], Decimal(per_currency[code][1]))
        for code in ranked if code != chosen
    ))  # fmt: skip


def currency_choice(
    session: Session, project_ids: Select | None = None, requested: str | None = None
) -> CurrencyChoice:
    """The currency budget figures of these projects are in (see ``choose_currency``)."""
    rows = session.execute(
        select(Project.currency, func.count(),
               func.coalesce(func.sum(budget_with_components()), 0))
        .where(kept(Project.id, project_ids))
        .group_by(Project.currency)
    )  # fmt: skip
    return choose_currency({code: (count, budget) for code, count, budget in rows}, requested)


@dataclass(frozen=True)
class HeadlineFigures:
    projects: int
    by_status: list[StatusFigure]  # budgets in ``currency.currency`` only
    budget_by_currency: dict[str, Decimal]  # each currency's total, never added together
    active_budget_by_currency: dict[str, Decimal]
    goals_covered: int
    targets_covered: int
    targets_total: int
    by_goal: list[GoalFigure]
    not_real_projects: int
    currency: CurrencyChoice  # the currency of ``budget``, ``active_budget`` and the statuses'

    @property
    def budget(self) -> Decimal:
        return self.budget_by_currency.get(self.currency.currency, Decimal("0"))

    @property
    def active_budget(self) -> Decimal:
        return self.active_budget_by_currency.get(self.currency.currency, Decimal("0"))

    def count(self, status: int) -> int:
        return next((s.projects for s in self.by_status if s.code == status), 0)

    @property
    def active(self) -> int:
        return self.count(ACTIVE)

    @property
    def completed(self) -> int:
        return self.count(COMPLETED)


def headline_figures(
    session: Session, project_ids: Select | None = None, currency: str | None = None
) -> HeadlineFigures:
    """Projects by status, budget, SDG coverage: what the home page shows.

    ``project_ids`` (a SELECT of ids) limits the figures to those projects (dashboard filters);
    budgets are in ``currency``, by default the one most of them use (``choose_currency``).
    """

    def restricted(query, column=Project.id):
        return query.where(kept(column, project_ids))  # None: the top-level projects

    budget_total = budget_with_components()  # a component's budget counts in its project
    status_totals = select(
        Project.status, Project.currency, func.count(), func.coalesce(func.sum(budget_total), 0)
    ).group_by(Project.status, Project.currency)
    totals = session.execute(restricted(status_totals)).all()
    per_currency: dict[str, tuple[int, Decimal]] = {}
    for _code, in_currency, projects, budget in totals:
        count, amount = per_currency.get(in_currency, (0, Decimal("0")))
        per_currency[in_currency] = (count + projects, amount + Decimal(budget))
    choice = choose_currency(per_currency, currency)
    per_status: dict[int, tuple[int, Decimal]] = {}
    for code, in_currency, projects, budget in totals:
        count, amount = per_status.get(code, (0, Decimal("0")))
        shown = Decimal(budget) if in_currency == choice.currency else Decimal("0")
        per_status[code] = (count + projects, amount + shown)
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
                func.sum(budget_total),
                func.sum(case((Project.status == ACTIVE, budget_total), else_=0)),
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
        currency=choice,
    )


def illustrative_count(session: Session, project_ids: Select | None = None) -> tuple[int, int]:
    """(illustrative projects, all projects) among these, for the notice on a page."""
    return session.execute(
        select(func.count(Project.id).filter(Project.source.in_(NOT_REAL_SOURCES)),
               func.count(Project.id))
        .where(kept(Project.id, project_ids))
    ).one()  # fmt: skip


def goal_colours(session: Session) -> list[tuple[int, str]]:
    return list(session.execute(select(Goal.number, Goal.colour).order_by(Goal.number)).all())
