"""Loading the illustrative seed portfolio from ``seed_data/portfolio``.

Projects whose code is already in the database are skipped with all their rows, so
loading twice adds nothing. Every row is checked before anything is added; the first
broken row stops the load with its file, line and reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.formats.csv_rows import (
    RowError,
    parse_date,
    parse_decimal,
    parse_int,
    read_rows,
    required,
)
from tracker.models import (
    SOURCES,
    Organisation,
    Place,
    Project,
    ProjectOrganisation,
    ProjectPlace,
    ProjectSector,
    ProjectTarget,
    Sector,
    StatusChange,
    StrategicDocument,
    Target,
)
from tracker.services.portfolio import rules
from tracker.services.reference.seed_annual import (
    ANNUAL_COLUMNS,
    ANNUAL_FILE,
    annual_row_loader,
    budget_problem,
)

PROJECT_COLUMNS = (
    "code", "title", "description", "status", "planned_start", "planned_end",
    "actual_start", "actual_end", "budget", "currency", "source",
)  # fmt: skip


@dataclass
class _Pending:
    """A project read from the files, with where it came from, before it is added."""

    project: Project
    line: int
    # Per link file: the first line of this project's rows and the shares it gave.
    shares: dict[str, tuple[int, list]] = field(default_factory=dict)
    history_line: int = 0


class _Lookup:
    """The reference codes a portfolio row may name, read once from the database."""

    def __init__(self, session: Session) -> None:
        self.targets = {t.code: t for t in session.scalars(select(Target))}
        self.sectors = {s.code: s for s in session.scalars(select(Sector))}
        self.places = {p.code: p for p in session.scalars(select(Place))}
        self.organisations = {o.acronym: o for o in session.scalars(select(Organisation))}
        self.documents = {d.code: d for d in session.scalars(select(StrategicDocument))}

    @staticmethod
    def find(table: dict, code: str, what: str):
        if code not in table:
            raise ValueError(_unknown(what, code))
        return table[code]


def _in_project(code: str, problem: object) -> str:
    return _("Project %(code)s: %(problem)s", code=code, problem=problem)


def _unknown(what: str, code: str) -> str:
    return {
        "target": _("Unknown SDG target “%(code)s”.", code=code),
        "sector": _("Unknown sector “%(code)s”.", code=code),
        "place": _("Unknown place “%(code)s”.", code=code),
        "organisation": _("Unknown organisation “%(code)s”.", code=code),
        "document": _("Unknown strategic document “%(code)s”.", code=code),
    }[what]


def _listed_twice(what: str, code: str) -> str:
    return {
        "target": _("SDG target %(code)s is listed twice.", code=code),
        "sector": _("Sector %(code)s is listed twice.", code=code),
        "place": _("Place %(code)s is listed twice.", code=code),
        "document": _("Strategic document %(code)s is listed twice.", code=code),
    }[what]


def _project(row: dict[str, str]) -> Project:
    status = parse_int(row, "status")
    dates = {
        column: parse_date(row, column, optional=True)
        for column in ("planned_start", "planned_end", "actual_start", "actual_end")
    }
    problems = rules.date_problems(**dates)
    problem = rules.status_problem(status, dates["actual_end"])
    if problem:
        problems.append(problem)
    budget = parse_decimal(row, "budget")
    if budget < 0:
        problems.append(_("The budget cannot be negative."))
    if row["source"] not in SOURCES:
        problems.append(_("The source must be one of %(sources)s.", sources=", ".join(SOURCES)))
    if problems:
        raise ValueError(" ".join(problems))
    return Project(
        code=required(row, "code"), title=required(row, "title"),
        description=row["description"], status=status, budget=budget,
        currency=required(row, "currency"), source=row["source"], **dates,
    )  # fmt: skip


def load_portfolio(session: Session, directory: Path) -> dict[str, int]:
    """Add the projects of ``directory`` that are not in the database yet; return counts."""
    existing = set(session.scalars(select(Project.code)))
    lookup = _Lookup(session)
    pending: dict[str, _Pending] = {}
    skipped: set[str] = set()
    added: dict[str, int] = defaultdict(int)

    path = directory / "projects.csv"
    for line, row in read_rows(path, PROJECT_COLUMNS):
        code = row["code"]
        if code in pending or code in skipped:
            message = _("The project code “%(code)s” appears twice.", code=code)
            raise RowError(path.name, line, message)
        if code in existing:
            skipped.add(code)
            continue
        try:
            pending[code] = _Pending(_project(row), line)
        except ValueError as error:
            raise RowError(path.name, line, _in_project(code, error)) from None

    def each_row(file_name: str, columns: tuple[str, ...], handle) -> None:
        """Call ``handle(line, row, entry)`` for rows of projects being added."""
        path = directory / file_name
        for line, row in read_rows(path, ("project_code", *columns)):
            code = row["project_code"]
            if code in skipped:
                continue
            if code not in pending:
                message = _("Project “%(code)s” is not in projects.csv.", code=code)
                raise RowError(path.name, line, message)
            try:
                handle(line, row, pending[code])
            except ValueError as error:
                raise RowError(path.name, line, _in_project(code, error)) from None

    def add_link(file_name, column, table, what, model, attribute, collection):
        def handle(line, row, entry):
            reference = lookup.find(table, row[column], what)
            links_so_far = getattr(entry.project, collection)
            if any(getattr(link, attribute) is reference for link in links_so_far):
                raise ValueError(_listed_twice(what, row[column]))
            share = parse_decimal(row, "share", optional=True)
            links_so_far.append(model(**{attribute: reference, "share": share}))
            entry.shares.setdefault(file_name, (line, []))[1].append(share)
            added[model.__tablename__] += 1

        each_row(file_name, (column, "share"), handle)

    add_link("project_targets.csv", "target_code", lookup.targets, "target", ProjectTarget,
             "target", "targets")  # fmt: skip
    add_link("project_sectors.csv", "sector_code", lookup.sectors, "sector", ProjectSector,
             "sector", "sectors")  # fmt: skip
    add_link("project_places.csv", "place_code", lookup.places, "place", ProjectPlace,
             "place", "places")  # fmt: skip

    def add_organisation(_line, row, entry):
        role = parse_int(row, "role")
        if role not in range(1, 5):
            raise ValueError(
                _("The role must be 1 to 4 (IATI organisation role), not %(role)s.", role=role)
            )
        organisation = lookup.find(lookup.organisations, row["organisation"], "organisation")
        if any(
            link.organisation is organisation and link.role == role
            for link in entry.project.organisations
        ):
            message = _("Organisation %(organisation)s has role %(role)s twice.",
                        organisation=organisation.acronym, role=role)  # fmt: skip
            raise ValueError(message)
        entry.project.organisations.append(
            ProjectOrganisation(organisation=organisation, role=role)
        )
        added["project_organisations"] += 1

    each_row("project_organisations.csv", ("organisation", "role"), add_organisation)

    def add_document(_line, row, entry):
        document = lookup.find(lookup.documents, row["document_code"], "document")
        if document in entry.project.documents:
            raise ValueError(_listed_twice("document", document.code))
        entry.project.documents.append(document)
        added["project_documents"] += 1

    each_row("project_documents.csv", ("document_code",), add_document)

    def add_change(line, row, entry):
        entry.history_line = entry.history_line or line
        entry.project.history.append(
            StatusChange(
                from_status=parse_int(row, "from_status", optional=True),
                to_status=parse_int(row, "to_status"),
                effective_date=parse_date(row, "effective_date"),
                changed_by=required(row, "changed_by"),
                reason=required(row, "reason"),
            )
        )
        added["status_changes"] += 1

    each_row(
        "status_history.csv",
        ("from_status", "to_status", "effective_date", "changed_by", "reason"),
        add_change,
    )

    if (directory / ANNUAL_FILE).exists():  # older portfolio folders have no annual money
        each_row(ANNUAL_FILE, ANNUAL_COLUMNS, annual_row_loader(lookup.organisations, added))

    for code, entry in pending.items():
        _check_whole_project(code, entry)
        session.add(entry.project)
    session.flush()
    return {"projects": len(pending), **added, "projects already present": len(skipped)}


def _check_whole_project(code: str, entry: _Pending) -> None:
    """Rules that need all of a project's rows: shares per dimension, the history chain."""
    for file_name, (line, shares) in entry.shares.items():
        problem = rules.share_problem(shares)
        if problem:
            raise RowError(file_name, line, _in_project(code, problem))
    changes = [(c.from_status, c.to_status, c.effective_date) for c in entry.project.history]
    problem = rules.history_problem(entry.project.status, changes)
    if problem:
        file_name, line = (
            ("status_history.csv", entry.history_line) if changes else ("projects.csv", entry.line)
        )
        raise RowError(file_name, line, _in_project(code, problem))
    problem = budget_problem(entry.project)
    if problem:
        raise RowError("projects.csv", entry.line, _in_project(code, problem))
