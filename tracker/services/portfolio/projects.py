"""Creating and editing projects: one path for forms (and later imports), one set of rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker.formats.records import OtherSector, Recipient
from tracker.models import (
    AnnualFigure,
    Organisation,
    Project,
    ProjectOrganisation,
    ProjectOtherSector,
    ProjectPlace,
    ProjectRecipient,
    ProjectResult,
    ProjectSector,
    ProjectTarget,
    ProjectText,
    ResultIndicator,
    StatusChange,
    StrategicDocument,
    Target,
    User,
)
from tracker.services.database_limits import database_limits
from tracker.services.finance.annual_budget import budget_from_rows
from tracker.services.portfolio import revisions, rules
from tracker.services.portfolio.components import parent_facts

Shares = list[tuple[str, Decimal | None]]


@dataclass
class ProjectData:
    """Everything a person can set on a project, already parsed into Python values."""

    code: str
    title: str
    description: str = ""
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    budget: Decimal = Decimal("0")
    currency: str = "USD"
    targets: Shares = field(default_factory=list)
    sectors: Shares = field(default_factory=list)
    places: Shares = field(default_factory=list)
    # (organisation id, IATI role)
    organisations: list[tuple[int, int]] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    # The code of the project this one is a component of; "" none, None leave it as it is.
    parent_code: str | None = None
    # What IATI files carry beyond the form; None (as from the form) leaves it as it is.
    language: str | None = None
    texts: dict[str, tuple[str, str]] | None = None  # language -> (title, description)
    recipients: list[Recipient] | None = None
    other_sectors: list[OtherSector] | None = None


class ProjectInvalid(ValueError):
    """Problems per field, in words for the person who filled the form."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {', '.join(v)}" for k, v in problems.items()))
        self.problems = problems


def load_project(session: Session, project_id: int) -> Project | None:
    """A project with everything its page shows, in a fixed number of queries."""
    return session.scalar(
        select(Project)
        .where(Project.id == project_id)
        .options(
            selectinload(Project.targets).joinedload(ProjectTarget.target).joinedload(Target.goal),
            selectinload(Project.sectors).joinedload(ProjectSector.sector),
            selectinload(Project.places).joinedload(ProjectPlace.place),
            selectinload(Project.organisations).joinedload(ProjectOrganisation.organisation),
            selectinload(Project.documents),
            selectinload(Project.history),
            selectinload(Project.revisions),
            selectinload(Project.annual_figures).joinedload(AnnualFigure.funder),
            selectinload(Project.results)
            .selectinload(ProjectResult.indicators)
            .selectinload(ResultIndicator.periods),
        )
    )


def problems_with(
    session: Session, data: ProjectData, status: int, project: Project | None = None,
    *, today: date | None = None, require_targets: bool = True,
) -> dict[str, list[str]]:  # fmt: skip
    """Every rule a project must keep, per field (the form shows each next to its field)."""
    problems: dict[str, list[str]] = {}
    taken = session.scalar(
        select(Project.id).where(func.lower(Project.code) == data.code.strip().lower())
    )
    if taken is not None and (project is None or taken != project.id):
        problems["code"] = [_("The code %(code)s is used by another project.", code=data.code)]
    for name, messages in rule_problems(data, status, today=today,
                                        require_targets=require_targets).items():  # fmt: skip
        problems.setdefault(name, []).extend(messages)
    if project is not None and project.annual_figures and data.currency != project.currency:
        problems.setdefault("currency", []).append(
            _("The annual figures are in %(currency)s: change or remove them before changing "
              "the currency.", currency=project.currency)
        )  # fmt: skip
    if data.parent_code:
        problem = rules.parent_problem(
            data.parent_code,
            project and project.id,
            parent_facts(session, data.parent_code, project),
        )
        if problem:
            problems.setdefault("parent", []).append(problem)
    # SQLite keeps amounts as floating point: a budget past 15 digits would change on saving.
    budget_max = database_limits(session).budget_max
    if data.budget > budget_max:
        problems.setdefault("budget", []).append(
            _("The budget is too large: the tracker keeps amounts up to %(limit)s.",
              limit=format_decimal(budget_max, format="#,##0.00"))
        )  # fmt: skip
    return problems


def rule_problems(
    data: ProjectData, status: int, *, today: date | None = None, require_targets: bool = True
) -> dict[str, list[str]]:
    """The rules that need no database (all but the unique code): an import checks many
    projects with them and looks up the codes in one go. ``require_targets=False`` lets a
    project without SDG targets pass (IATI files often carry none)."""
    today = today or date.today()
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if data.planned_start and data.planned_end and data.planned_end < data.planned_start:
        add("planned_end", _("The planned end is before the planned start."))
    if data.actual_start and data.actual_end and data.actual_end < data.actual_start:
        add("actual_end", _("The actual end is before the actual start."))
    if data.actual_start and data.actual_start > today:
        add("actual_start", _("The actual start cannot be in the future; use the planned start."))
    if data.actual_end and data.actual_end > today:
        add("actual_end", _("The actual end cannot be in the future; use the planned end."))
    problem = rules.status_problem(status, data.actual_end)
    if problem:
        add("actual_end", problem)
    if data.budget < 0:
        add("budget", _("The budget cannot be negative."))
    for name, shares in (("targets", data.targets), ("sectors", data.sectors),
                         ("places", data.places)):  # fmt: skip
        problem = rules.share_problem([share for _code, share in shares])
        if problem:
            add(name, problem)
    if not data.targets and require_targets:
        add("targets", _("Choose at least one SDG target the project serves."))
    return problems


def _apply(session: Session, project: Project, data: ProjectData) -> None:
    for name in ("title", "description", "planned_start", "planned_end", "actual_start",
                 "actual_end", "budget", "currency"):  # fmt: skip
        setattr(project, name, getattr(data, name))
    # With a year-by-year breakdown the budget is the sum of the required years.
    follows = budget_from_rows(project) if project.id is not None else None
    if follows is not None:
        project.budget = follows
    project.code = data.code.strip()
    if data.parent_code is not None:
        code = data.parent_code.strip()
        project.parent = (
            session.scalar(select(Project).where(Project.code == code)) if code else None
        )
    targets = dict(session.execute(
        select(Target.code, Target).where(Target.code.in_([c for c, _ in data.targets]))
    ).all())  # fmt: skip
    _sync(project.targets, data.targets, lambda link: link.target.code,
          lambda code, share: ProjectTarget(target=targets[code], share=share))  # fmt: skip
    _sync(project.sectors, data.sectors, lambda link: link.sector_code,
          lambda code, share: ProjectSector(sector_code=code, share=share))  # fmt: skip
    _sync(project.places, data.places, lambda link: link.place_code,
          lambda code, share: ProjectPlace(place_code=code, share=share))  # fmt: skip
    wanted = set(data.organisations)
    project.organisations[:] = [
        link for link in project.organisations if (link.organisation_id, link.role) in wanted
    ]
    present = {(link.organisation_id, link.role) for link in project.organisations}
    for organisation_id, role in sorted(wanted - present):
        project.organisations.append(
            ProjectOrganisation(organisation=session.get(Organisation, organisation_id), role=role)
        )
    project.documents = list(
        session.scalars(
            select(StrategicDocument).where(StrategicDocument.id.in_(data.document_ids))
        )
    )
    _apply_iati_parts(project, data)


def _apply_iati_parts(project: Project, data: ProjectData) -> None:
    """Texts, recipients and other sectors, each updated in place by its key (deleting and
    inserting one key in a flush would collide on the primary key)."""
    if data.language is not None:
        project.language = data.language
    if data.texts is not None:
        _sync_keyed(
            project.texts,
            {lang: {"title": t, "description": d} for lang, (t, d) in data.texts.items()},
            lambda row: row.language,
            lambda key: ProjectText(language=key),
        )
    if data.recipients is not None:
        _sync_keyed(
            project.recipients,
            {
                (r.kind, r.code): {"vocabulary": r.vocabulary, "name": r.name, "share": r.share}
                for r in data.recipients
            },
            lambda row: (row.kind, row.code),
            lambda key: ProjectRecipient(kind=key[0], code=key[1]),
        )
    if data.other_sectors is not None:
        _sync_keyed(
            project.other_sectors,
            {
                (o.vocabulary, o.code): {"name": o.name, "share": o.share}
                for o in data.other_sectors
            },
            lambda row: (row.vocabulary, row.code),
            lambda key: ProjectOtherSector(vocabulary=key[0], code=key[1]),
        )


def _sync_keyed(rows: list, wanted: dict, key_of, make) -> None:
    rows[:] = [row for row in rows if key_of(row) in wanted]
    present = {key_of(row): row for row in rows}
    for key, values in wanted.items():
        row = present.get(key)
        if row is None:
            row = make(key)
            rows.append(row)
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)


def _sync(links: list, wanted: Shares, code_of, make) -> None:
    """Make ``links`` hold exactly ``wanted``, keeping unchanged rows rather than rewriting them."""
    shares = dict(wanted)
    links[:] = [link for link in links if code_of(link) in shares]
    for link in links:
        link.share = shares[code_of(link)]
    present = {code_of(link) for link in links}
    for code, share in wanted:
        if code not in present:
            links.append(make(code, share))


NEW_PROJECT_COLLECTIONS = ("targets", "sectors", "places", "organisations", "documents", "texts",
                           "recipients", "other_sectors", "history", "revisions")  # fmt: skip


def create_project(
    session: Session, data: ProjectData, status: int, user: User, *, today: date | None = None,
    reason: str = "Project recorded", source: str = "manual", require_targets: bool = True,
    flush: bool = True,
) -> Project:  # fmt: skip
    """A new project with its first status in the history and its first revision; flushes
    unless ``flush=False`` (an import adds a batch of projects, then flushes them at once)."""
    problems = problems_with(session, data, status, today=today, require_targets=require_targets)
    if problems:
        raise ProjectInvalid(problems)
    # Empty collections from the start: a new project has no links to load, and reading a
    # collection it was never given would query for them (ten SELECTs per imported project).
    project = Project(status=status, source=source, created_by_id=user.id, updated_by_id=user.id,
                      **{name: [] for name in NEW_PROJECT_COLLECTIONS})  # fmt: skip
    session.add(project)
    with session.no_autoflush:
        _apply(session, project, data)
    # The first status holds from its start, or from today when that is still ahead: a
    # project recorded before its planned start may still be started early or cancelled.
    today = today or date.today()
    started = min(data.actual_start or data.planned_start or today, today)
    project.history.append(
        StatusChange(from_status=None, to_status=status, effective_date=started,
                     changed_by_id=user.id, changed_by=user.label, reason=reason)
    )  # fmt: skip
    if flush:
        session.flush()
    revisions.record(session, project, user, flush=flush)
    return project


def update_project(
    session: Session, project: Project, data: ProjectData, user: User, *,
    expected_version: int, today: date | None = None, require_targets: bool = True,
) -> Project:  # fmt: skip
    """Save an edit made on ``expected_version``; refuses if someone saved in between."""
    revisions.check_version(project, expected_version)
    problems = problems_with(session, data, project.status, project, today=today,
                             require_targets=require_targets)  # fmt: skip
    if problems:
        raise ProjectInvalid(problems)
    revisions.ensure_baseline(session, project)
    before = revisions.snapshot(project)
    with session.no_autoflush:  # one UPDATE, so the version moves on by exactly one
        _apply(session, project, data)
    if revisions.snapshot(project) == before:
        return project  # nothing changed: no new version
    revisions.touch(project, user)
    session.flush()
    revisions.record(session, project, user)
    return project
