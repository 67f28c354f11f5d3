"""Budget without double counting: a project's budget split over its goals, sectors, places.

A project's budget here includes its components' (``components.budget_with_components``),
split by the project's own shares.

Each link may carry a percentage share; a project whose links in one dimension carry no
share splits equally. Every function takes ``project_ids``, a SELECT of project ids (None
for all projects, which spares the database a needless IN; otherwise the
projects behind the figures: a filtered register, a dashboard's filters), so the same
rules serve every page. Budgets are summed in the portfolio's reporting currency; the
caller decides which projects that covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Numeric, Select, cast, exists, func, literal, select
from sqlalchemy.orm import Session

from tracker.models import Project, ProjectPlace, ProjectSector, ProjectTarget, Sector, Target
from tracker.services.portfolio.components import TOP_LEVEL, budget_with_components

HUNDRED = literal(100, Numeric(10, 4))


@dataclass(frozen=True)
class Allocation:
    """One row of a breakdown: a goal, sector category or place and what it receives."""

    key: str | int | None  # None: projects with no link in this dimension
    projects: int  # projects touching it (a project counts once under each key it touches)
    budget_touching: Decimal  # their whole budgets (double counts across keys)
    budget_allocated: Decimal  # the budget split by shares (adds up to the total)


def kept(column, project_ids: Select | None):
    """The condition that ``column`` is one of the projects; None: every top-level project
    (components count in their project, see ``components``)."""
    if project_ids is not None:
        return column.in_(project_ids)
    if column is Project.id:  # spares the database an IN on the projects themselves
        return TOP_LEVEL
    return column.in_(select(Project.id).where(TOP_LEVEL))


def _effective_share(link):
    """The share of one link, or an equal split of 100 when the project gave none."""
    equal = HUNDRED / cast(func.count().over(partition_by=link.project_id), Numeric(10, 4))
    return func.coalesce(cast(link.share, Numeric(10, 4)), equal)


def allocated_shares(project_ids: Select | None, link, key_column, join=None):
    """Per project and key, the share of the project's budget that the key receives."""
    shares = select(
        link.project_id.label("project_id"),
        key_column.label("key"),
        _effective_share(link).label("share"),
    ).where(kept(link.project_id, project_ids))
    if join is not None:
        shares = shares.join(*join)
    shares = shares.subquery()
    return (
        select(shares.c.project_id, shares.c.key, func.sum(shares.c.share).label("share"))
        .group_by(shares.c.project_id, shares.c.key)
        .subquery()
    )


def _breakdown(session: Session, project_ids: Select | None, link, key_column, join=None) -> list:
    per_key = allocated_shares(project_ids, link, key_column, join)
    budget = budget_with_components()
    rows = session.execute(
        select(
            per_key.c.key,
            func.count(),
            func.coalesce(func.sum(budget), 0),
            func.coalesce(func.sum(budget * per_key.c.share / HUNDRED), 0),
        )
        .join(Project, Project.id == per_key.c.project_id)
        .group_by(per_key.c.key)
    ).all()
    unlinked = session.execute(
        select(func.count(), func.coalesce(func.sum(budget), 0)).where(
            kept(Project.id, project_ids),
            # NOT EXISTS, not NOT IN: PostgreSQL cannot turn NOT IN into an anti-join.
            ~exists().where(link.project_id == Project.id),
        )
    ).one()
    result = [
        Allocation(key, projects, _money(touching), _money(allocated))
        for key, projects, touching, allocated in rows
    ]
    if unlinked[0]:
        result.append(Allocation(None, unlinked[0], _money(unlinked[1]), _money(unlinked[1])))
    return result


def _money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def by_goal(session: Session, project_ids: Select | None) -> list[Allocation]:
    return _breakdown(session, project_ids, ProjectTarget, Target.goal_number,
                      (Target, Target.id == ProjectTarget.target_id))  # fmt: skip


def by_target(session: Session, project_ids: Select | None) -> list[Allocation]:
    return _breakdown(session, project_ids, ProjectTarget, Target.code,
                      (Target, Target.id == ProjectTarget.target_id))  # fmt: skip


def by_sector_category(session: Session, project_ids: Select | None) -> list[Allocation]:
    return _breakdown(session, project_ids, ProjectSector, Sector.category_code,
                      (Sector, Sector.code == ProjectSector.sector_code))  # fmt: skip


def by_place(session: Session, project_ids: Select | None) -> list[Allocation]:
    return _breakdown(session, project_ids, ProjectPlace, ProjectPlace.place_code)


def by_sector_category_and_goal(session: Session, project_ids: Select | None) -> list[tuple]:
    """(sector category, goal, budget): a budget split by sector shares, then by goal shares."""
    sectors = allocated_shares(project_ids, ProjectSector, Sector.category_code,
                      (Sector, Sector.code == ProjectSector.sector_code))  # fmt: skip
    goals = allocated_shares(project_ids, ProjectTarget, Target.goal_number,
                    (Target, Target.id == ProjectTarget.target_id))  # fmt: skip
    rows = session.execute(
        select(sectors.c.key, goals.c.key,
               func.sum(budget_with_components() * sectors.c.share * goals.c.share
                        / (HUNDRED * HUNDRED)))
        .join(goals, goals.c.project_id == sectors.c.project_id)
        .join(Project, Project.id == sectors.c.project_id)
        .group_by(sectors.c.key, goals.c.key)
    ).all()  # fmt: skip
    return [(category, goal, _money(budget)) for category, goal, budget in rows]
