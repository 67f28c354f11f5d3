"""The dashboard's filters: parsed from the URL, turned into the projects behind every figure."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from werkzeug.datastructures import MultiDict

from tracker.models import (
    Organisation,
    Place,
    Project,
    ProjectOrganisation,
    ProjectPlace,
    ProjectSector,
    Sector,
)

FIRST_YEAR, LAST_YEAR = 1990, 2100
# Roles in which an organisation is the project's agency (not only a funder).
AGENCY_ROLES = (2, 3, 4)


def project_start():
    return func.coalesce(Project.actual_start, Project.planned_start)


def project_end():
    return func.coalesce(Project.actual_end, Project.planned_end)


@dataclass(frozen=True)
class DashboardFilters:
    statuses: tuple[int, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    agency: str | None = None  # organisation acronym
    place: str | None = None  # place code
    sector_category: str | None = None  # DAC 3-digit

    @classmethod
    def from_args(cls, args: MultiDict) -> tuple[DashboardFilters, list[str]]:
        """Read the filters from a query string; what cannot be read is dropped and reported."""
        problems: list[str] = []
        statuses = []
        for value in args.getlist("status"):
            if value.isdigit() and 1 <= int(value) <= 6:
                statuses.append(int(value))
            elif value:
                problems.append(f"Status {value!r} is not an IATI activity status (1 to 6).")

        def year(name: str) -> int | None:
            value = args.get(name, "").strip()
            if not value:
                return None
            if value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR:
                return int(value)
            problems.append(f"{value!r} is not a year between {FIRST_YEAR} and {LAST_YEAR}.")
            return None

        year_from, year_to = year("year_from"), year("year_to")
        if year_from and year_to and year_from > year_to:
            problems.append("The year range ends before it starts; the years were swapped.")
            year_from, year_to = year_to, year_from

        def text(name: str, limit: int) -> str | None:
            value = args.get(name, "").strip()
            return value[:limit] or None

        return cls(
            statuses=tuple(sorted(set(statuses))),
            year_from=year_from,
            year_to=year_to,
            agency=text("agency", 40),
            place=text("place", 16),
            sector_category=text("sector_category", 3),
        ), problems

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def query_args(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, for links and the register's drill-down."""
        pairs = [("status", str(s)) for s in self.statuses]
        for name in ("year_from", "year_to", "agency", "place", "sector_category"):
            value = getattr(self, name)
            if value is not None:
                pairs.append((name, str(value)))
        return pairs

    def project_ids(self) -> Select:
        """SELECT of the ids of the projects these filters keep."""
        query = select(Project.id)
        if self.statuses:
            query = query.where(Project.status.in_(self.statuses))
        if self.year_to:
            query = query.where(project_start() <= date(self.year_to, 12, 31))
        if self.year_from:
            query = query.where(or_(project_end().is_(None),
                                    project_end() >= date(self.year_from, 1, 1)))  # fmt: skip
        if self.agency:
            query = query.where(
                Project.organisations.any(
                    and_(ProjectOrganisation.role.in_(AGENCY_ROLES),
                         ProjectOrganisation.organisation.has(Organisation.acronym == self.agency))
                )
            )  # fmt: skip
        if self.place:
            query = query.where(Project.places.any(ProjectPlace.place_code == self.place))
        if self.sector_category:
            query = query.where(
                Project.sectors.any(
                    ProjectSector.sector.has(Sector.category_code == self.sector_category)
                )
            )
        return query


def known_places() -> Select:
    return select(Place.code, Place.name).order_by(Place.kind, Place.name)
