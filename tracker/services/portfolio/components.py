"""Projects and their components (an IATI hierarchy: a UNDP project publishes its outputs).

The portfolio counts projects, not components: the register and the dashboards list
top-level projects only (``TOP_LEVEL``), and a component's budget counts in its project's
figures (``budget_with_components``). The project's own SDG targets, sectors and places
allocate that money, so a dashboard bar and the register it opens always name the same
projects. Components budgeted in another currency than their project are left out of its
figures: amounts in different currencies are never added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.models import Project, ProjectText
from tracker.services.portfolio.rules import ParentFacts

# Top-level projects: those that are no other project's component.
TOP_LEVEL = Project.parent_id.is_(None)

_Component = aliased(Project, name="component")


def budget_with_components() -> ColumnElement:
    """A project's budget with its components' budgets in the same currency, for queries
    over ``Project`` (a correlated subquery: one index lookup per project)."""
    components = (
        select(func.coalesce(func.sum(_Component.budget), 0))
        .where(_Component.parent_id == Project.id, _Component.currency == Project.currency)
        .correlate(Project)
        .scalar_subquery()
    )
    return Project.budget + components


def component_count() -> ColumnElement[int]:
    """How many components a project has, as a column of a query over ``Project``."""
    return (
        select(func.count(_Component.id))
        .where(_Component.parent_id == Project.id)
        .correlate(Project)
        .scalar_subquery()
    )


def matching_components(term: str) -> ColumnElement[bool]:
    """The condition that one of a project's components has ``term`` in its code or title
    (in any language): a search for a component finds its project."""
    translated = select(ProjectText.project_id).where(
        ProjectText.title.icontains(term, autoescape=True)
    )
    parents = select(_Component.parent_id).where(
        or_(_Component.code.icontains(term, autoescape=True),
            _Component.title.icontains(term, autoescape=True),
            _Component.id.in_(translated))
    )  # fmt: skip
    return Project.id.in_(parents)


@dataclass(frozen=True)
class ComponentRow:
    """A component as its project's page and the register show it."""

    id: int
    code: str
    title: str
    status: int
    budget: Decimal
    currency: str


def components_of(session: Session, project_ids: Sequence[int]) -> dict[int, list[ComponentRow]]:
    """Each project's components, by code; projects without any are left out."""
    found: dict[int, list[ComponentRow]] = defaultdict(list)
    if not project_ids:
        return {}
    rows = session.execute(
        select(Project.parent_id, Project.id, Project.code, Project.title, Project.status,
               Project.budget, Project.currency)
        .where(Project.parent_id.in_(project_ids))
        .order_by(Project.code)
    )  # fmt: skip
    for parent_id, *values in rows:
        found[parent_id].append(ComponentRow(*values))
    return dict(found)


def matched_components(
    session: Session, project_ids: Sequence[int], q: str
) -> dict[int, list[str]]:
    """Per project, the codes of its components that a search text finds (every word in the
    code or title), to say why a project is listed."""
    words = q.split()
    if not words or not project_ids:
        return {}
    conditions = [
        or_(Project.code.icontains(word, autoescape=True),
            Project.title.icontains(word, autoescape=True))
        for word in words
    ]  # fmt: skip
    found: dict[int, list[str]] = defaultdict(list)
    for parent_id, code in session.execute(
        select(Project.parent_id, Project.code)
        .where(Project.parent_id.in_(project_ids), *conditions)
        .order_by(Project.code)
    ):
        found[parent_id].append(code)
    return dict(found)


def parent_facts(session: Session, code: str, project: Project | None) -> ParentFacts:
    """What the component rules need to know about a parent chosen by its code and the
    project being saved (None: a new one)."""
    row = session.execute(
        select(Project.id, Project.code, Project.parent_id).where(Project.code == code.strip())
    ).first()
    has_components = (
        project is not None
        and project.id is not None
        and bool(
            session.scalar(select(func.count(Project.id)).where(Project.parent_id == project.id))
        )
    )
    if row is None:
        return ParentFacts(None, None, has_components)
    return ParentFacts(row.id, row.parent_id, has_components)
