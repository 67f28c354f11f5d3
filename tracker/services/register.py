"""The project register: filters parsed from a URL, the one filtered query, and a page of it.

``filtered_select`` turns filters into SQL in one place, so the register page, CSV export
and dashboard drill-downs all select exactly the same projects.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from tracker.models import (
    Goal,
    Organisation,
    Place,
    Project,
    ProjectOrganisation,
    ProjectPlace,
    ProjectSector,
    ProjectTarget,
    Sector,
    SectorCategory,
    Target,
)

# Organisations shown as a project's agencies: UN entities accountable, extending or implementing.
AGENCY_ROLES = (2, 3, 4)
PER_PAGE_CHOICES = (25, 50, 100)
DEFAULT_PER_PAGE = 50
# Sortable columns and the direction a first click on each sorts in.
SORT_COLUMNS = {
    "code": "asc", "title": "asc", "status": "asc", "agencies": "asc", "goals": "asc",
    "sectors": "asc", "places": "asc", "start": "desc", "end": "desc", "budget": "desc",
}  # fmt: skip
DEFAULT_SORT = "start"
MAX_QUERY_LENGTH = 200
FIRST_YEAR, LAST_YEAR = 1950, 2100
# Filters that narrow the set of projects (the rest order and page it).
FILTER_FIELDS = ("q", "status", "goal", "target", "sector", "place", "agency",
                 "start_from", "start_to", "end_from", "end_to")  # fmt: skip
_NUMBERS = {  # name: (label, lowest, highest)
    "status": ("Status", 1, 6), "goal": ("SDG goal", 1, 17),
    "start_from": ("Start year", FIRST_YEAR, LAST_YEAR),
    "start_to": ("Start year", FIRST_YEAR, LAST_YEAR),
    "end_from": ("End year", FIRST_YEAR, LAST_YEAR),
    "end_to": ("End year", FIRST_YEAR, LAST_YEAR),
}  # fmt: skip
_CODES = {  # name: (label, pattern, what a valid value looks like)
    "target": ("SDG target", re.compile(r"\d{1,2}\.(\d{1,2}|[a-z])"), "like 3.8 or 13.a"),
    "sector": ("Sector category", re.compile(r"\d{3}"), "a 3-digit DAC code like 121"),
    "place": ("Region", re.compile(r"[A-Z0-9-]{1,16}"), "a place code like KZ-75"),
    "agency": ("Organisation", re.compile(r"[\w .&'()-]{1,40}"), "an acronym like UNDP"),
}


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


@dataclass(frozen=True)
class RegisterFilters:
    """What a register URL asks for; every field is a query-string parameter (``dir`` too)."""

    q: str = ""
    status: int | None = None
    goal: int | None = None
    target: str | None = None
    sector: str | None = None
    place: str | None = None
    agency: str | None = None
    start_from: int | None = None
    start_to: int | None = None
    end_from: int | None = None
    end_to: int | None = None
    sort: str = DEFAULT_SORT
    direction: str = SORT_COLUMNS[DEFAULT_SORT]
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> tuple[RegisterFilters, list[str]]:
        """Parse query-string arguments; a bad value is left out and explained in a problem."""
        problems: list[str] = []
        values: dict[str, Any] = {}

        def arg(name: str) -> str:
            return (args.get(name) or "").strip()

        q = " ".join(arg("q").split())
        if len(q) > MAX_QUERY_LENGTH:
            problems.append(f"The search text was cut to its first {MAX_QUERY_LENGTH} characters.")
        values["q"] = q[:MAX_QUERY_LENGTH]
        for name, (label, low, high) in _NUMBERS.items():
            if raw := arg(name):
                if raw.isascii() and raw.isdigit() and low <= int(raw) <= high:
                    values[name] = int(raw)
                else:
                    problems.append(f"{label} “{_shown(raw)}” is not a number from {low} to "
                                    f"{high}; that filter is ignored.")  # fmt: skip
        for name, (label, pattern, looks_like) in _CODES.items():
            if raw := arg(name):
                value = raw.lower() if name == "target" else raw
                value = value.upper() if name == "place" else value
                if pattern.fullmatch(value):
                    values[name] = value
                else:
                    problems.append(f"{label} “{_shown(raw)}” should be {looks_like}; "
                                    "that filter is ignored.")  # fmt: skip
        for first, last, label in (("start_from", "start_to", "start"),
                                   ("end_from", "end_to", "end")):  # fmt: skip
            if values.get(first) and values.get(last) and values[first] > values[last]:
                values[first], values[last] = values[last], values[first]
                problems.append(f"The {label} years were the wrong way round; they are swapped.")
        sort = arg("sort") or DEFAULT_SORT
        if sort not in SORT_COLUMNS:
            problems.append(f"Projects cannot be sorted by “{_shown(sort)}”; sorted by start date.")
            sort = DEFAULT_SORT
        values["sort"] = sort
        direction = arg("dir") or SORT_COLUMNS[sort]
        if direction not in ("asc", "desc"):
            problems.append(f"Sort direction “{_shown(direction)}” should be asc or desc.")
            direction = SORT_COLUMNS[sort]
        values["direction"] = direction
        if raw := arg("per_page"):
            if raw in {str(n) for n in PER_PAGE_CHOICES}:
                values["per_page"] = int(raw)
            else:
                problems.append(f"Rows per page can be 25, 50 or 100, not “{_shown(raw)}”.")
        if raw := arg("page"):
            if raw.isascii() and raw.isdigit() and int(raw) >= 1:
                values["page"] = min(int(raw), 1_000_000)
            else:
                problems.append(f"Page “{_shown(raw)}” is not a page number; showing page 1.")
        return cls(**values), problems

    @property
    def is_filtered(self) -> bool:
        return any(getattr(self, name) for name in FILTER_FIELDS)

    def url_args(self, **changes: Any) -> dict[str, Any]:
        """Query-string arguments for these filters with ``changes``, leaving out defaults."""
        changed = replace(self, **changes)
        args = {}
        for field in fields(changed):
            value = getattr(changed, field.name)
            default = SORT_COLUMNS[changed.sort] if field.name == "direction" else field.default
            if value not in (None, "") and value != default:
                args["dir" if field.name == "direction" else field.name] = value
        return args

    def sort_args(self, column: str) -> dict[str, Any]:
        """Arguments for a column header's link: the column's own direction, or the reverse."""
        if column == self.sort:
            direction = "asc" if self.direction == "desc" else "desc"
        else:
            direction = SORT_COLUMNS[column]
        return self.url_args(sort=column, direction=direction, page=1)


def _start_date() -> ColumnElement:
    return func.coalesce(Project.actual_start, Project.planned_start)


def _end_date() -> ColumnElement:
    return func.coalesce(Project.actual_end, Project.planned_end)


def _linked_to(*where: ColumnElement, via: type, join: type | None = None) -> ColumnElement:
    """Projects with at least one link row (of class ``via``) that satisfies ``where``."""
    links = select(via.project_id)
    if join is not None:
        links = links.join(join)
    return Project.id.in_(links.where(*where))


def filter_conditions(filters: RegisterFilters) -> list[ColumnElement[bool]]:
    """The WHERE conditions for the filters; every value goes in as a bound parameter."""
    conditions: list[ColumnElement[bool]] = []
    searched = (Project.code, Project.title, Project.description)
    for term in filters.q.split():  # each word somewhere; % _ and quotes are plain characters
        conditions.append(or_(*(column.icontains(term, autoescape=True) for column in searched)))
    if filters.status is not None:
        conditions.append(Project.status == filters.status)
    if filters.goal is not None:
        conditions.append(_linked_to(Target.goal_number == filters.goal,
                                     via=ProjectTarget, join=Target))  # fmt: skip
    if filters.target is not None:
        conditions.append(_linked_to(Target.code == filters.target, via=ProjectTarget, join=Target))
    if filters.sector is not None:
        conditions.append(_linked_to(Sector.category_code == filters.sector,
                                     via=ProjectSector, join=Sector))  # fmt: skip
    if filters.place is not None:
        conditions.append(_linked_to(ProjectPlace.place_code == filters.place, via=ProjectPlace))
    if filters.agency is not None:
        conditions.append(_linked_to(Organisation.acronym == filters.agency,
                                     via=ProjectOrganisation, join=Organisation))  # fmt: skip
    for year, expression, first in (
        (filters.start_from, _start_date(), True), (filters.start_to, _start_date(), False),
        (filters.end_from, _end_date(), True), (filters.end_to, _end_date(), False),
    ):  # fmt: skip
        if year is not None:
            conditions.append(expression >= date(year, 1, 1) if first
                              else expression <= date(year, 12, 31))  # fmt: skip
    return conditions


def filtered_select(filters: RegisterFilters, *columns: Any) -> Select:
    """SELECT ``columns`` (default: Project) of the projects that match, unordered."""
    return select(*(columns or (Project,))).select_from(Project).where(*filter_conditions(filters))


def _smallest(value: ColumnElement, links: type, *where: ColumnElement, joins: tuple = ()):
    """A project's smallest linked value, to sort a many-valued column by."""
    query = select(func.min(value)).select_from(links)
    for table in joins:
        query = query.join(table)
    return query.where(links.project_id == Project.id, *where).scalar_subquery()


def sort_key(column: str) -> ColumnElement:
    if column == "agencies":
        return _smallest(func.lower(Organisation.acronym), ProjectOrganisation,
                         ProjectOrganisation.role.in_(AGENCY_ROLES),
                         Organisation.kind == "un_entity", joins=(Organisation,))  # fmt: skip
    if column == "goals":
        return _smallest(Target.goal_number, ProjectTarget, joins=(Target,))
    if column == "sectors":
        return _smallest(func.lower(SectorCategory.name), ProjectSector,
                         joins=(Sector, SectorCategory))  # fmt: skip
    if column == "places":
        return _smallest(func.lower(Place.name), ProjectPlace, joins=(Place,))
    return {
        "code": Project.code, "title": func.lower(Project.title), "status": Project.status,
        "start": _start_date(), "end": _end_date(), "budget": Project.budget,
    }[column]  # fmt: skip


def ordered_select(filters: RegisterFilters, *columns: Any) -> Select:
    """``filtered_select`` in the filters' order; ties broken by id so pages never overlap."""
    key = sort_key(filters.sort)
    descending = filters.direction == "desc"
    ordered = key.desc() if descending else key.asc()
    if filters.sort not in ("code", "title", "status", "budget"):  # the columns that allow NULL
        ordered = ordered.nulls_last()
    tie = Project.id.desc() if descending else Project.id.asc()
    return filtered_select(filters, *columns).order_by(ordered, tie)


@dataclass(frozen=True)
class RegisterRow:
    """One project as the register lists it."""

    project: Project
    agencies: list[Organisation]
    goals: list[Goal]
    sectors: list[SectorCategory]
    places: list[Place]

    @classmethod
    def of(cls, project: Project) -> RegisterRow:
        agencies = {
            link.organisation.acronym: link.organisation
            for link in project.organisations
            if link.role in AGENCY_ROLES and link.organisation.kind == "un_entity"
        }
        goals = {link.target.goal_number: link.target.goal for link in project.targets}
        sectors = {link.sector.category_code: link.sector.category for link in project.sectors}
        return cls(
            project=project,
            agencies=[agencies[key] for key in sorted(agencies, key=str.lower)],
            goals=[goals[number] for number in sorted(goals)],
            sectors=[sectors[code] for code in sorted(sectors)],
            places=sorted((link.place for link in project.places), key=lambda p: p.name),
        )

    @property
    def start(self) -> date | None:
        return self.project.actual_start or self.project.planned_start

    @property
    def end(self) -> date | None:
        return self.project.actual_end or self.project.planned_end


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


_LINKS = (
    selectinload(Project.targets).joinedload(ProjectTarget.target).joinedload(Target.goal),
    selectinload(Project.sectors).joinedload(ProjectSector.sector).joinedload(Sector.category),
    selectinload(Project.places).joinedload(ProjectPlace.place),
    selectinload(Project.organisations).joinedload(ProjectOrganisation.organisation),
)


def search_projects(session: Session, filters: RegisterFilters) -> RegisterPage:
    """The page of matching projects the filters ask for, with their links, and the total."""
    total = session.scalar(filtered_select(filters, func.count(Project.id))) or 0
    pages = max(1, math.ceil(total / filters.per_page))
    filters = replace(filters, page=min(filters.page, pages))
    statement = (
        ordered_select(filters)
        .limit(filters.per_page)
        .offset((filters.page - 1) * filters.per_page)
        .options(*_LINKS)
    )
    rows = [RegisterRow.of(project) for project in session.scalars(statement)]
    return RegisterPage(rows, total, filters.page, pages, filters)
