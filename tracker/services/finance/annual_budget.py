"""The budget rule of annual figures: once a project has required amounts by year (all in
its currency), its budget is their sum; a project without them keeps its single total.
Rows in another currency than the project's (an IATI file may give them) are never added."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from tracker.models import AnnualFigure, Project
from tracker.models.finance import REQUIRED


def foreign_rows(project: Project) -> list[AnnualFigure]:
    """The project's rows in another currency than its own: shown, never converted, and
    left as they are by ``replace_annual_figures``."""
    return [f for f in project.annual_figures if f.currency != project.currency]


def budget_from_rows(project: Project) -> Decimal | None:
    """The sum of the project's required rows; None when it has none (a single total) or
    some are in another currency (amounts in different currencies are never added)."""
    required = [f for f in project.annual_figures if f.measure == REQUIRED]
    if not required or any(f.currency != project.currency for f in required):
        return None
    return sum((Decimal(f.amount) for f in required), Decimal(0))


def follow_budgets(session: Session, project_ids: Sequence[int]) -> None:
    """Set the budget of each of these projects to the sum of its required rows (when it has
    some, all in its currency): for code that writes annual rows in bulk, after writing
    them (``replace_annual_figures`` does this itself). Flushes."""
    if not project_ids:
        return
    session.flush()
    foreign = func.sum(case((AnnualFigure.currency != Project.currency, 1), else_=0))
    totals = session.execute(
        select(AnnualFigure.project_id, func.sum(AnnualFigure.amount))
        .join(Project, Project.id == AnnualFigure.project_id)
        .where(AnnualFigure.project_id.in_(project_ids), AnnualFigure.measure == REQUIRED)
        .group_by(AnnualFigure.project_id)
        .having(foreign == 0)
    ).all()
    for project_id, total in totals:
        session.execute(
            update(Project)
            .where(Project.id == project_id, Project.budget != total)
            .values(budget=total)
            .execution_options(synchronize_session="fetch")
        )
