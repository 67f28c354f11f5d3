"""The project register: filters parsed from a URL, the one filtered query, and a page of it.

``filtered_select`` turns filters into SQL in one place, so the register page, CSV export
and dashboard drill-downs all select exactly the same projects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from tracker.models import (
    AnnualFigure,
    Organisation,
    Place,
    Project,
    ProjectOrganisation,
    ProjectPlace,
    ProjectSector,
    ProjectTarget,
    ProjectText,
    Sector,
    SectorCategory,
    StrategicDocument,
    Target,
)
from tracker.models.finance import AVAILABLE, REQUIRED, SPENT
from tracker.models.project import project_documents
from tracker.models.results import GENDER, HUMAN_RIGHTS
from tracker.services.portfolio.components import (
    TOP_LEVEL,
    component_count,
    matched_components,
    matching_components,
)
from tracker.services.portfolio.project_texts import ShownText, shown_text
from tracker.services.register.filters import (  # re-exported for callers
    AGENCY_ROLES,
    FUNDING_ROLE,
    RegisterFilters,
)
from tracker.services.register.link_rows import ProjectLinks, link_rows
from tracker.services.register.marker_filters import with_marker, with_policy_marker
from tracker.services.register.reference import OrganisationName, RegisterReference, load_reference

# Where a project starts and ends: the actual dates, or the planned ones until then.
START_DATE = func.coalesce(Project.actual_start, Project.planned_start)
END_DATE = func.coalesce(Project.actual_end, Project.planned_end)

# The measures the funding dashboard shows, and so the ones its drill-downs look for.
FUNDING_MEASURES = (REQUIRED, AVAILABLE, SPENT)

# Filters on a project's links: parameter -> (link class, class joined to it, column, and).
LINK_FILTERS = {
    "goal": (ProjectTarget, Target, Target.goal_number, ()),
    "target": (ProjectTarget, Target, Target.code, ()),
    "sector": (ProjectSector, Sector, Sector.category_code, ()),
    "place": (ProjectPlace, None, ProjectPlace.place_code, ()),
    "agency": (ProjectOrganisation, Organisation, Organisation.acronym,
               (ProjectOrganisation.role.in_(AGENCY_ROLES),)),
    "funder": (ProjectOrganisation, Organisation, Organisation.acronym,
               (ProjectOrganisation.role == FUNDING_ROLE,)),
    "document": (project_documents.c, StrategicDocument, StrategicDocument.code, ()),
}  # fmt: skip


def filter_conditions(filters: RegisterFilters) -> list[ColumnElement[bool]]:
    """The WHERE conditions for the filters; every value goes in as a bound parameter.
    Top-level projects only: a component counts in its project (found by its code too)."""
    conditions: list[ColumnElement[bool]] = [TOP_LEVEL]
    searched = (Project.code, Project.title, Project.description)
    for term in filters.q.split():  # each word somewhere; % _ and quotes are plain characters
        in_other_languages = select(ProjectText.project_id).where(
            or_(ProjectText.title.icontains(term, autoescape=True),
                ProjectText.description.icontains(term, autoescape=True))
        )  # fmt: skip
        conditions.append(
            or_(*(column.icontains(term, autoescape=True) for column in searched),
                Project.id.in_(in_other_languages), matching_components(term))
        )  # fmt: skip
    if filters.status is not None:
        conditions.append(Project.status == filters.status)
    if filters.currency is not None:
        conditions.append(Project.currency == filters.currency)
    for name, (links, joined, column, also) in LINK_FILTERS.items():
        if (value := getattr(filters, name)) is not None:
            ids = select(links.project_id)
            ids = ids.join(joined) if joined is not None else ids
            conditions.append(Project.id.in_(ids.where(column == value, *also)))
    for first, last, when in ((filters.start_from, filters.start_to, START_DATE),
                              (filters.end_from, filters.end_to, END_DATE)):  # fmt: skip
        if first is not None:
            conditions.append(when >= date(first, 1, 1))
        if last is not None:
            conditions.append(when <= date(last, 12, 31))
    for marker, value in ((GENDER, filters.gender_marker),
                          (HUMAN_RIGHTS, filters.human_rights_marker)):  # fmt: skip
        if value is not None:
            conditions.append(with_marker(marker, value))
    if filters.policy_marker is not None:
        conditions.append(with_policy_marker(filters.policy_marker))
    if filters.figures_year is not None or filters.funded_by is not None:
        conditions.append(with_annual_figures(filters.figures_year, filters.funded_by))
    # Active in the years: started by their end, and not ended before their start.
    if filters.active_to is not None:
        conditions.append(date(filters.active_to, 12, 31) >= START_DATE)
    if filters.active_from is not None:
        conditions.append(or_(END_DATE.is_(None), date(filters.active_from, 1, 1) <= END_DATE))
    return conditions


def with_annual_figures(year: int | None, funder_id: int | None) -> ColumnElement[bool]:
    """Projects with required, available or spent figures in fiscal ``year`` (any year if
    None), available money from ``funder_id`` if given; a component's figures count for its
    top-level project (money rolls up), as on the funding dashboard."""
    figured = aliased(Project)  # not the outer query's projects
    owner = func.coalesce(figured.parent_id, figured.id)
    rows = (
        select(owner)
        .select_from(AnnualFigure)
        .join(figured, figured.id == AnnualFigure.project_id)
        .where(AnnualFigure.measure.in_(FUNDING_MEASURES))
    )
    if year is not None:
        rows = rows.where(AnnualFigure.year == year)
    if funder_id is not None:
        rows = rows.where(AnnualFigure.measure == AVAILABLE, AnnualFigure.funder_id == funder_id)
    return Project.id.in_(rows)


def filtered_select(filters: RegisterFilters, *columns: Any) -> Select:
    """SELECT ``columns`` (default: Project) of the projects that match, unordered."""
    return select(*(columns or (Project,))).select_from(Project).where(*filter_conditions(filters))


def _smallest(value: ColumnElement, links: type, *where: ColumnElement, joins: tuple = ()):
    """Each project's smallest linked value, to sort a many-valued column by: one grouped
    pass over the links (a subquery per row took seconds at 100,000 projects on PostgreSQL)."""
    query = select(links.project_id, func.min(value).label("key")).select_from(links)
    for table in joins:
        query = query.join(table)
    return query.where(*where).group_by(links.project_id).subquery()


# Columns with many values per project: the smallest one sorts (the first shown).
LINK_SORTS = {
    "agencies": lambda: _smallest(func.lower(Organisation.acronym), ProjectOrganisation,
                                  ProjectOrganisation.role.in_(AGENCY_ROLES),
                                  Organisation.kind == "un_entity", joins=(Organisation,)),
    "goals": lambda: _smallest(Target.goal_number, ProjectTarget, joins=(Target,)),
    "sectors": lambda: _smallest(func.lower(SectorCategory.name), ProjectSector,
                                 joins=(Sector, SectorCategory)),
    "places": lambda: _smallest(func.lower(Place.name), ProjectPlace, joins=(Place,)),
}  # fmt: skip
COLUMN_SORTS = {
    "code": Project.code, "title": func.lower(Project.title), "status": Project.status,
    "start": START_DATE, "end": END_DATE, "budget": Project.budget,
}  # fmt: skip


def ordered_select(filters: RegisterFilters, *columns: Any) -> Select:
    """``filtered_select`` in the filters' order; ties broken by id so pages never overlap."""
    statement, order = _ordering(filters, filtered_select(filters, *columns))
    return statement.order_by(*order)


def with_components_select(filters: RegisterFilters, *columns: Any) -> Select:
    """``ordered_select`` with each project followed by its components (by code), in one
    statement; the last column is the code of a component's project ("" for a project)."""
    statement, order = _ordering(filters, filtered_select(filters, Project.id, Project.code))
    ranked = statement.add_columns(func.row_number().over(order_by=order)).subquery()
    owner_id, owner_code, position = ranked.c
    parent_code = case((Project.parent_id.is_(None), ""), else_=owner_code)
    return (
        select(*columns, parent_code.label("parent_code"))
        .select_from(Project)
        .join(ranked, owner_id == func.coalesce(Project.parent_id, Project.id))
        .order_by(position, Project.parent_id.is_not(None), Project.code)
    )


def _ordering(filters: RegisterFilters, statement: Select) -> tuple[Select, tuple]:
    """The statement joined to what sorts it, and the ORDER BY clauses for the filters."""
    if filters.sort in LINK_SORTS:
        smallest = LINK_SORTS[filters.sort]()
        statement = statement.outerjoin(smallest, smallest.c.project_id == Project.id)
        key = smallest.c.key
    else:
        key = COLUMN_SORTS[filters.sort]
    descending = filters.direction == "desc"
    ordered = key.desc() if descending else key.asc()
    if filters.sort not in ("code", "title", "status", "budget"):  # the columns that allow NULL
        ordered = ordered.nulls_last()
    return statement, (ordered, Project.id.desc() if descending else Project.id.asc())


@dataclass(frozen=True)
class RegisterRow:
    """One project as the register lists it, its links by name, each once and in order."""

    project: Project
    title: ShownText  # in the reader's language where the project has it
    agencies: list[OrganisationName]  # UN entities in an agency role
    goals: list[tuple[int, str]]  # (number, short title)
    sectors: list[tuple[str, str]]  # DAC category (code, name)
    places: list[str]
    start: date | None  # the actual dates, or the planned ones until then
    end: date | None
    components: int = 0  # how many components the project has
    matched: tuple[str, ...] = ()  # codes of its components the search text found

    @classmethod
    def of(cls, project: Project, links: ProjectLinks, names: RegisterReference) -> RegisterRow:
        agencies = {
            names.organisations[organisation_id]
            for organisation_id, role in links.organisations
            if role in AGENCY_ROLES
        }
        agencies = {agency for agency in agencies if agency.kind == "un_entity"}
        goals = {names.targets[target_id].goal for target_id, _ in links.targets}
        categories = {names.sector_categories[code] for code, _ in links.sectors}
        return cls(
            project=project,
            title=shown_text(project.title, project.language or "en",
                             {names.language: links.title}, names.language),
            agencies=sorted(agencies, key=lambda agency: agency.acronym.lower()),
            goals=[(number, names.goals[number]) for number in sorted(goals)],
            sectors=[(code, names.category_name(code)) for code in sorted(categories)],
            places=sorted(names.places[code][0] for code, _ in links.places),
            start=project.actual_start or project.planned_start,
            end=project.actual_end or project.planned_end,
        )  # fmt: skip


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    total: int
    page: int
    pages: int
    filters: RegisterFilters  # as asked, with the page brought into range

    @property
    def first(self) -> int:
        return (self.page - 1) * self.filters.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * self.filters.per_page, self.total)


def search_projects(
    session: Session, filters: RegisterFilters, names: RegisterReference | None = None
) -> RegisterPage:
    """The page of matching projects the filters ask for, with their links, and the total.

    ``names`` is the reference data, when the caller has read it already (for the filters);
    its language is the one the projects' titles are shown in.
    """
    total = session.scalar(filtered_select(filters, func.count(Project.id))) or 0
    pages = max(1, math.ceil(total / filters.per_page))
    filters = replace(filters, page=min(filters.page, pages))
    statement = (
        ordered_select(filters, Project, component_count())
        .limit(filters.per_page)
        .offset((filters.page - 1) * filters.per_page)
    )
    found = session.execute(statement).all()
    projects = [project for project, _count in found]
    counts = {project.id: count for project, count in found}
    names = names or load_reference(session)
    links = link_rows(session, [project.id for project in projects],
                      title_language=names.language)  # fmt: skip
    # Which components a search found, for the projects it did not find themselves: one
    # more query, for such searches only.
    words = filters.q.lower().split()
    by_components = [
        project.id for project in projects
        if not all(word in f"{project.code} {project.title} {project.description}".lower()
                   for word in words)
    ]  # fmt: skip
    matched = matched_components(session, by_components, filters.q)
    rows = [
        replace(RegisterRow.of(project, links[project.id], names),
                components=counts[project.id], matched=tuple(matched.get(project.id, ())))
        for project in projects
    ]  # fmt: skip
    return RegisterPage(rows, total, filters.page, pages, filters)
