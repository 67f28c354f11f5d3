"""What the JSON API reads: its parameters checked strictly, and the data behind each answer.

The API selects projects with the register's own filters and query (``search_projects``)
and computes figures with the dashboards' own functions, so the three never disagree.
Unlike the register page, which explains a bad value and carries on without it, the API
refuses the request: a script would otherwise get other projects than it asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from tracker.models import (
    AnnualFigure,
    Budget,
    Goal,
    PlannedDisbursement,
    Project,
    ProjectRevision,
    StrategicDocument,
    Target,
    Transaction,
)
from tracker.services import dashboards
from tracker.services.figure_cache import cached
from tracker.services.portfolio.activity import ActivityFilters
from tracker.services.portfolio.components import components_of
from tracker.services.portfolio.projects import load_project
from tracker.services.register.filters import FILTER_FIELDS, MAX_QUERY_LENGTH, RegisterFilters
from tracker.services.register.link_rows import ProjectLinks, link_rows
from tracker.services.register.reference import RegisterReference, load_reference
from tracker.services.register.search import RegisterPage, search_projects
from tracker.vocabulary import MODES

LIST_PARAMETERS = (*FILTER_FIELDS, "sort", "dir", "page", "per_page")
DASHBOARD_PARAMETERS = (*FILTER_FIELDS, "mode")
FUNDING_PARAMETERS = (*FILTER_FIELDS, "year")
FUNDING_YEARS = range(1900, 2201)  # as annual figures allow
YEAR_RANGES = (("start_from", "start_to"), ("end_from", "end_to"), ("active_from", "active_to"))
Problems = dict[str, list[str]]
MAX_WHO = ProjectRevision.__table__.c.changed_by.type.length  # no author's name is longer
MAX_PAGE = 1_000_000  # as the register reads pages; the document says so
CHANGES_PARAMETERS = ("days", "who", "page")


def parse_parameters(
    args: Mapping[str, str], allowed: tuple[str, ...]
) -> tuple[RegisterFilters, Problems]:
    """The register's filters from a query string, and per parameter what is wrong with it.

    Each parameter is parsed on its own, so every problem is filed under its parameter; an
    unknown parameter is a problem too (a misspelt filter would otherwise filter nothing).
    """
    problems: Problems = repeated_parameters(args)
    for name in args:
        if name not in allowed:
            problems[name] = [f"Unknown parameter “{name[:40]}”; use {', '.join(allowed)}."]
        elif name not in problems and (wrong := value_problems(name, args[name])):
            problems[name] = wrong
    if len(args.get("q") or "") > MAX_QUERY_LENGTH:  # as sent: the document's maxLength
        problems["q"] = [f"The search text is longer than {MAX_QUERY_LENGTH} characters."]
    years: dict[str, int] = {}
    for name in allowed:
        if name in args and name not in ("q", "mode") and name not in problems:
            single, found = RegisterFilters.from_args({name: args[name]})
            if found:
                # The register ignores a bad value; the API refuses the request instead.
                problems[name] = [message.removesuffix("; ignored.") + "." for message in found]
            elif name.endswith(("_from", "_to")) and args[name].strip():
                years[name] = getattr(single, name)
    if "page" in problems and _whole_number(args["page"]) and int(args["page"]) > MAX_PAGE:
        problems["page"] = [f"Page {args['page'][:40]} does not exist; pages go up to {MAX_PAGE}."]
    for first, last in YEAR_RANGES:
        # Checked before parsing them together: the register swaps a reversed range.
        if first in years and last in years and years[first] > years[last]:
            problems[first] = [f"{first} ({years[first]}) is after {last} ({years[last]})."]
    filters, _ = RegisterFilters.from_args(
        {name: value for name, value in args.items() if name in allowed and name not in problems}
    )
    return filters, problems


FREE_TEXT = ("q", "who")  # an empty search text or name is no search


def value_problems(name: str, value: str) -> list[str]:
    """What is wrong with a value whatever the parameter: emptiness (a script whose variable
    came out empty would otherwise get every project instead of the ones it meant), or a NUL
    character (no text holds one, and PostgreSQL refuses it in a query)."""
    if "\x00" in value:
        return [f"{name} contains a NUL character."]
    if value.strip() or name in FREE_TEXT:
        return []
    return [f"{name} is empty; leave it out to not filter by it."]


def repeated_parameters(args: Mapping[str, str]) -> Problems:
    """A parameter given more than once is refused: the register reads only the first value,
    and a script that sends two statuses means either, which no parameter can say."""
    getlist = getattr(args, "getlist", None)
    if getlist is None:  # a plain dict holds one value per name
        return {}
    return {
        name[:40]: [f"{name[:40]} is given {count} times; give it once (one value per parameter)."]
        for name in dict.fromkeys(args)
        if (count := len(getlist(name))) > 1
    }


def _whole_number(value: str) -> bool:
    return value.isascii() and value.isdigit()


def changes_parameters(args: Mapping[str, str]) -> tuple[ActivityFilters, Problems]:
    """The recent changes' filters, each parameter checked as the document describes it."""
    problems = repeated_parameters(args)
    for name in args:
        if name not in CHANGES_PARAMETERS:
            problems[name] = [f"{name[:40]} is not a parameter of this list."]
        elif name not in problems and (wrong := value_problems(name, args[name])):
            problems[name] = wrong
    if len(args.get("who", "")) > MAX_WHO:  # no name is longer: never cut one to fit
        problems["who"] = [f"who is longer than {MAX_WHO} characters."]
    page = args.get("page")
    if page and "page" not in problems and not (_whole_number(page) and 1 <= int(page) <= MAX_PAGE):
        problems["page"] = [f"page should be a whole number from 1 to {MAX_PAGE}."]
    if problems:
        return ActivityFilters(), problems
    filters, wrong = ActivityFilters.from_args(args)
    if "days" in wrong:
        problems["days"] = ["days should be 7, 30, 90, 365 or all."]
    if "page" in wrong:
        problems["page"] = [f"page should be a whole number from 1 to {MAX_PAGE}."]
    return filters, problems


def unknown_values(names: RegisterReference, filters: RegisterFilters) -> Problems:
    """Filters on a target, sector category, place or organisation the database does not
    know: they would select nothing, which a script would take for an answer."""
    problems: Problems = {}
    if filters.target and filters.target not in {t.code for t in names.targets.values()}:
        problems["target"] = [f"There is no SDG target “{filters.target}”."]
    if filters.sector and filters.sector not in names.categories:
        problems["sector"] = [f"There is no DAC sector category “{filters.sector}”."]
    if filters.place and filters.place not in names.places:
        problems["place"] = [f"There is no place with the code “{filters.place}”."]
    if filters.funded_by and filters.funded_by not in names.organisations:
        problems["funded_by"] = [f"There is no organisation with the id {filters.funded_by}."]
    acronyms = {organisation.acronym for organisation in names.organisations.values()}
    for name in ("agency", "funder"):
        value = getattr(filters, name)
        if value and value not in acronyms:
            problem = f"There is no organisation with the acronym “{value}”"
            alike = sorted(a for a in acronyms if a.casefold() == value.casefold())
            problems[name] = [problem + (f"; did you mean {alike[0]}?" if alike else ".")]
    return problems


def unknown_in_database(session: Session, filters: RegisterFilters) -> Problems:
    """``unknown_values`` against the database's reference data, and the strategic
    documents (which the register's reference does not hold)."""
    problems = unknown_values(load_reference(session), filters)
    if filters.document and not session.scalar(
        select(StrategicDocument.id).where(StrategicDocument.code == filters.document)
    ):
        problems["document"] = [
            f"There is no strategic document with the code “{filters.document}”."
        ]
    return problems


def dashboard_parameters(args: Mapping[str, str]) -> tuple[RegisterFilters, str, Problems]:
    """The dashboard's filters and mode (what its charts count); order and paging do not apply."""
    filters, problems = parse_parameters(args, DASHBOARD_PARAMETERS)
    mode = args.get("mode", "projects")
    if mode not in MODES and "mode" not in problems:
        problems["mode"] = [f"mode “{mode[:40]}” should be {' or '.join(MODES)}."]
    return filters, mode, problems


def funding_parameters(args: Mapping[str, str]) -> tuple[RegisterFilters, int | None, Problems]:
    """The funding dashboard's filters and the fiscal year of its breakdowns."""
    filters, problems = parse_parameters(args, FUNDING_PARAMETERS)
    raw = args.get("year")
    if raw is not None and "year" not in problems:
        if _whole_number(raw.strip()) and int(raw) in FUNDING_YEARS:
            return filters, int(raw), problems
        problems["year"] = ["year should be a fiscal year from 1900 to 2200."]
    return filters, None, problems


@dataclass(frozen=True)
class ProjectPage:
    """A page of the register with every link of its projects and the names they need."""

    results: RegisterPage
    links: dict[int, ProjectLinks]
    names: RegisterReference
    components: dict[int, list[str]]  # the codes of each listed project's components


def project_page(session: Session, filters: RegisterFilters) -> ProjectPage:
    """The page the filters ask for, exactly as the register lists it."""
    names = load_reference(session)
    results = search_projects(session, filters, names)
    # The register reads only what its table shows; the API gives shares and documents too.
    ids = [row.project.id for row in results.rows]
    links = link_rows(session, ids, documents=True)
    components = {
        project_id: [component.code for component in found]
        for project_id, found in components_of(session, ids).items()
    }
    return ProjectPage(results, links, names, components)


def find_project(session: Session, key: str) -> Project | None:
    """A project by its code, or else by its numeric id, with its history and revisions."""
    project_id = session.scalar(select(Project.id).where(Project.code == key))
    if project_id is None and key.isascii() and key.isdigit() and len(key) < 10:
        project_id = int(key)
    return load_project(session, project_id) if project_id is not None else None


def project_links(session: Session, project: Project) -> tuple[ProjectLinks, RegisterReference]:
    """One project's links as the list gives them, so both describe a project alike."""
    return link_rows(session, [project.id], documents=True)[project.id], load_reference(session)


@dataclass(frozen=True)
class ProjectFamily:
    """Where a project stands in its IATI hierarchy, by code."""

    parent: str | None
    components: list[str]


def project_family(session: Session, project: Project) -> ProjectFamily:
    parent = session.scalar(select(Project.code).where(Project.id == project.parent_id))
    found = components_of(session, [project.id]).get(project.id, [])
    return ProjectFamily(parent, [component.code for component in found])


@dataclass(frozen=True)
class ProjectMoney:
    """A project's IATI money records as published, and its annual figures."""

    budgets: list[Budget]
    transactions: list[Transaction]
    planned_disbursements: list[PlannedDisbursement]
    annual_figures: list[AnnualFigure]


def project_money(session: Session, project_id: int) -> ProjectMoney:
    """Each kind in a fixed order (by date or year), with the organisations they name."""
    return ProjectMoney(
        list(session.scalars(
            select(Budget).where(Budget.project_id == project_id)
            .order_by(Budget.period_start, Budget.id))),
        list(session.scalars(
            select(Transaction).where(Transaction.project_id == project_id)
            .options(joinedload(Transaction.provider), joinedload(Transaction.receiver))
            .order_by(Transaction.transaction_date, Transaction.id))),
        list(session.scalars(
            select(PlannedDisbursement).where(PlannedDisbursement.project_id == project_id)
            .order_by(PlannedDisbursement.period_start, PlannedDisbursement.id))),
        list(session.scalars(
            select(AnnualFigure).where(AnnualFigure.project_id == project_id)
            .options(joinedload(AnnualFigure.funder))
            .order_by(AnnualFigure.year, AnnualFigure.measure, AnnualFigure.id))),
    )  # fmt: skip


def list_goals(session: Session) -> list[Goal]:
    return list(
        session.scalars(select(Goal).options(selectinload(Goal.targets)).order_by(Goal.number))
    )


def get_goal(session: Session, number: int) -> Goal | None:
    """A goal with its targets and their indicators."""
    return session.scalar(
        select(Goal)
        .where(Goal.number == number)
        .options(selectinload(Goal.targets).selectinload(Target.indicators))
    )


def list_targets(session: Session, goal: int | None = None) -> list[Target]:
    """The framework's targets in its order, of one goal or all."""
    statement = select(Target).order_by(Target.goal_number, Target.position)
    if goal is not None:
        statement = statement.where(Target.goal_number == goal)
    return list(session.scalars(statement))


def dashboard_overview(
    session: Session, filters: RegisterFilters, mode: str
) -> dashboards.Overview:
    """The dashboard page's figures (shared with its cache while the data is unchanged)."""
    # The page resets order and paging the same way, so equal filters share one entry.
    filters = replace(filters, sort=RegisterFilters.sort, direction=RegisterFilters.direction,
                      page=1, per_page=RegisterFilters.per_page)  # fmt: skip
    return cached(
        session,
        ("api overview", filters, mode),
        lambda: dashboards.overview(session, filters, mode),
    )
