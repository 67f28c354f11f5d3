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
from tracker.services.register_reference import OrganisationName, RegisterReference, load_reference

# An agency is accountable, extending or implementing (IATI roles); the register lists the UN's.
AGENCY_ROLES, FUNDING_ROLE = (2, 3, 4), 1
PER_PAGE_CHOICES, DEFAULT_PER_PAGE = (25, 50, 100), 50
# Sortable columns and the direction a first click on each sorts in.
SORT_COLUMNS = {
    "code": "asc", "title": "asc", "status": "asc", "agencies": "asc", "goals": "asc",
    "sectors": "asc", "places": "asc", "start": "desc", "end": "desc", "budget": "desc",
}  # fmt: skip
DEFAULT_SORT = "start"
MAX_QUERY_LENGTH, YEARS = 200, range(1950, 2101)
# Filters that narrow the set of projects (the rest order and page it).
FILTER_FIELDS = ("q", "status", "goal", "target", "sector", "place", "agency", "funder",
                 "start_from", "start_to", "end_from", "end_to", "active_from",
                 "active_to")  # fmt: skip
_NUMBERS = {  # parameter: (label, allowed values)
    "status": ("Status", range(1, 7)), "goal": ("SDG goal", range(1, 18)),
    "start_from": ("Start year", YEARS), "start_to": ("Start year", YEARS),
    "end_from": ("End year", YEARS), "end_to": ("End year", YEARS),
    "active_from": ("Active year", YEARS), "active_to": ("Active year", YEARS),
    "per_page": ("Rows per page", PER_PAGE_CHOICES), "page": ("Page", range(1, 1_000_001)),
}  # fmt: skip
_WORDS = {  # parameter: (label, pattern after normalising, what a valid value looks like)
    "target": ("SDG target", r"\d{1,2}\.(\d{1,2}|[a-z])", "like 3.8 or 13.a"),
    "sector": ("Sector category", r"\d{3}", "a 3-digit DAC code like 121"),
    "place": ("Region", r"[A-Z0-9-]{1,16}", "a place code like KZ-75"),
    "agency": ("Agency", r"[\w .&'()-]{1,40}", "an organisation's acronym like UNDP"),
    "funder": ("Funder", r"[\w .&'()-]{1,40}", "an organisation's acronym like GEF"),
    "sort": ("Sort column", "|".join(SORT_COLUMNS), "one of " + ", ".join(SORT_COLUMNS)),
    "dir": ("Sort direction", "asc|desc", "asc or desc"),
}  # fmt: skip


def _allowed(values: range | tuple) -> str:
    if isinstance(values, range):
        last = values.stop - 1
        return f"a number from {values.start}" + (f" to {last}" if last < 10_000 else " up")
    return ", ".join(map(str, values[:-1])) + f" or {values[-1]}"


@dataclass(frozen=True)
class RegisterFilters:
    """What a register URL asks for; every field is a query-string parameter (``dir`` too)."""

    q: str = ""
    status: int | None = None
    goal: int | None = None
    target: str | None = None
    sector: str | None = None
    place: str | None = None
    agency: str | None = None  # organisation acronym, in an agency role
    funder: str | None = None  # organisation acronym, in the funding role
    start_from: int | None = None
    start_to: int | None = None
    end_from: int | None = None
    end_to: int | None = None
    active_from: int | None = None  # running at some time in these years (dashboards)
    active_to: int | None = None
    sort: str = DEFAULT_SORT
    direction: str = SORT_COLUMNS[DEFAULT_SORT]
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> tuple[RegisterFilters, list[str]]:
        """Parse query-string arguments; a bad value is left out and explained in a problem."""
        problems: list[str] = []
        values: dict[str, Any] = {}
        q = " ".join((args.get("q") or "").split())
        if len(q) > MAX_QUERY_LENGTH:
            problems.append(f"The search text was cut to its first {MAX_QUERY_LENGTH} characters.")
        values["q"] = q[:MAX_QUERY_LENGTH]
        for name, (label, allowed) in _NUMBERS.items():
            if raw := (args.get(name) or "").strip():
                if raw.isascii() and raw.isdigit() and int(raw) in allowed:
                    values[name] = int(raw)
                else:
                    problems.append(f"{label} “{raw[:40]}” should be {_allowed(allowed)}; ignored.")
        for name, (label, pattern, looks_like) in _WORDS.items():
            if raw := (args.get(name) or "").strip():
                value = raw.lower() if name == "target" else raw.upper() if name == "place" else raw
                if re.fullmatch(pattern, value):
                    values["direction" if name == "dir" else name] = value
                else:
                    problems.append(f"{label} “{raw[:40]}” should be {looks_like}; ignored.")
        values.setdefault("direction", SORT_COLUMNS[values.get("sort", DEFAULT_SORT)])
        for first, last in (("start_from", "start_to"), ("end_from", "end_to"),
                            ("active_from", "active_to")):  # fmt: skip
            if first in values and last in values and values[first] > values[last]:
                values[first], values[last] = values[last], values[first]
                problems.append(f"The {first[:-5]} years were the wrong way round; now swapped.")
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
        reverse = "asc" if self.direction == "desc" else "desc"
        direction = reverse if column == self.sort else SORT_COLUMNS[column]
        return self.url_args(sort=column, direction=direction, page=1)


# Where a project starts and ends: the actual dates, or the planned ones until then.
START_DATE = func.coalesce(Project.actual_start, Project.planned_start)
END_DATE = func.coalesce(Project.actual_end, Project.planned_end)

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
}  # fmt: skip


def filter_conditions(filters: RegisterFilters) -> list[ColumnElement[bool]]:
    """The WHERE conditions for the filters; every value goes in as a bound parameter."""
    conditions: list[ColumnElement[bool]] = []
    searched = (Project.code, Project.title, Project.description)
    for term in filters.q.split():  # each word somewhere; % _ and quotes are plain characters
        conditions.append(or_(*(column.icontains(term, autoescape=True) for column in searched)))
    if filters.status is not None:
        conditions.append(Project.status == filters.status)
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
    # Active in the years: started by their end, and not ended before their start.
    if filters.active_to is not None:
        conditions.append(date(filters.active_to, 12, 31) >= START_DATE)
    if filters.active_from is not None:
        conditions.append(or_(END_DATE.is_(None), date(filters.active_from, 1, 1) <= END_DATE))
    return conditions


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
    statement = filtered_select(filters, *columns)
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
    return statement.order_by(ordered, Project.id.desc() if descending else Project.id.asc())


@dataclass(frozen=True)
class RegisterRow:
    """One project as the register lists it, its links by name, each once and in order."""

    project: Project
    agencies: list[OrganisationName]  # UN entities in an agency role
    goals: list[tuple[int, str]]  # (number, short title)
    sectors: list[tuple[str, str]]  # DAC category (code, name)
    places: list[str]
    start: date | None  # the actual dates, or the planned ones until then
    end: date | None

    @classmethod
    def of(cls, project: Project, names: RegisterReference) -> RegisterRow:
        agencies = {names.organisations[link.organisation_id] for link in project.organisations
                    if link.role in AGENCY_ROLES}  # fmt: skip
        agencies = {agency for agency in agencies if agency.kind == "un_entity"}
        goals = {names.targets[link.target_id].goal for link in project.targets}
        categories = {names.sector_categories[link.sector_code] for link in project.sectors}
        return cls(
            project=project,
            agencies=sorted(agencies, key=lambda agency: agency.acronym.lower()),
            goals=[(number, names.goals[number]) for number in sorted(goals)],
            sectors=[(code, names.category_name(code)) for code in sorted(categories)],
            places=sorted(names.places[link.place_code][0] for link in project.places),
            start=project.actual_start or project.planned_start,
            end=project.actual_end or project.planned_end,
        )


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


# The links' own rows only: the names they point to come from the reference data.
_LINKS = [selectinload(links) for links in
          (Project.targets, Project.sectors, Project.places, Project.organisations)]  # fmt: skip


def search_projects(
    session: Session, filters: RegisterFilters, names: RegisterReference | None = None
) -> RegisterPage:
    """The page of matching projects the filters ask for, with their links, and the total.

    ``names`` is the reference data, when the caller has read it already (for the filters).
    """
    total = session.scalar(filtered_select(filters, func.count(Project.id))) or 0
    pages = max(1, math.ceil(total / filters.per_page))
    filters = replace(filters, page=min(filters.page, pages))
    statement = (
        ordered_select(filters)
        .limit(filters.per_page)
        .offset((filters.page - 1) * filters.per_page)
        .options(*_LINKS)
    )
    projects = session.scalars(statement).all()
    names = names or load_reference(session)
    rows = [RegisterRow.of(project, names) for project in projects]
    return RegisterPage(rows, total, filters.page, pages, filters)
