"""Recent changes across the portfolio: every project created or changed in the tracker,
newest first, with who did it and what each change did.

Read from the project revisions (one per save): a revision with a predecessor is a change,
shown as the fields that differ from the version before; a first revision is a project
created in the tracker (by hand or by an import). Seeded projects have no first revision
of their own until someone changes them, so they do not flood the list.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Row, Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from tracker.models import Project, ProjectRevision, StatusChange
from tracker.models.base import utcnow
from tracker.services.portfolio.revisions import FieldChange, diff

PER_PAGE = 50
PERIODS = (7, 30, 90, 365)  # days a reader can look back; None: since the beginning
CREATED_SOURCES = ("manual", "import")  # made in the tracker, not seeded or generated


@dataclass(frozen=True)
class ActivityFilters:
    days: int | None = 30
    who: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> tuple[ActivityFilters, list[str]]:
        """The filters in a query string; a bad value is left out and named in a problem
        (the problems are keys the page words: ``days``, ``page``)."""
        problems = []
        days: int | None = cls.days
        raw_days = (args.get("days") or "").strip()
        if raw_days == "all":
            days = None
        elif raw_days:
            if raw_days.isascii() and raw_days.isdigit() and int(raw_days) in PERIODS:
                days = int(raw_days)
            else:
                problems.append("days")
        raw_page = (args.get("page") or "1").strip()
        wellformed = raw_page.isascii() and raw_page.isdigit()  # "²" is a digit to Python
        page = int(raw_page) if wellformed and int(raw_page) > 0 else 1
        if page == 1 and raw_page not in ("", "1"):
            problems.append("page")
        # A NUL is no part of a name, and PostgreSQL refuses it in a query.
        who = " ".join((args.get("who") or "").replace("\x00", " ").split())[:120]
        return cls(days=days, who=who, page=page), problems

    def url_args(self, **changes) -> dict[str, str | int]:
        values = {"days": "all" if self.days is None else self.days, "who": self.who,
                  "page": self.page, **changes}  # fmt: skip
        return {key: value for key, value in values.items() if value not in ("", None, 1)}


@dataclass(frozen=True)
class Activity:
    """One line of the list: a project created, or changed in these fields."""

    revision: ProjectRevision
    project: Project
    created: bool
    changes: list[FieldChange]  # what differs from the version before; none when created
    status_change: StatusChange | None = None  # its date and reason, when the status moved


@dataclass(frozen=True)
class ActivityPage:
    entries: list[Activity]
    total: int
    page: int
    pages: int
    filters: ActivityFilters


def _selection(filters: ActivityFilters, now: datetime) -> Select:
    """(revision id, id of the version before it or None), newest first."""
    previous = aliased(ProjectRevision)
    statement = (
        select(ProjectRevision.id, previous.id)
        .join(Project, Project.id == ProjectRevision.project_id)
        .outerjoin(
            previous,
            and_(
                previous.project_id == ProjectRevision.project_id,
                previous.version == ProjectRevision.version - 1,
            ),
        )
        .where(or_(previous.id.is_not(None), Project.source.in_(CREATED_SOURCES)))
    )
    if filters.days is not None:
        statement = statement.where(ProjectRevision.changed_at >= now - timedelta(filters.days))
    if filters.who:
        statement = statement.where(ProjectRevision.changed_by == filters.who)
    return statement


def recent_changes(
    session: Session,
    filters: ActivityFilters,
    *,
    per_page: int = PER_PAGE,
    now: datetime | None = None,
    counted: bool = True,
) -> ActivityPage:
    """One page of the portfolio's changes for ``filters``; four queries whatever the page."""
    now = now or utcnow()
    selection = _selection(filters, now)
    if counted:
        total = session.scalar(select(func.count()).select_from(selection.subquery())) or 0
        pages = max(1, math.ceil(total / per_page))
        page = min(filters.page, pages)
    else:  # the first page only, without counting what is behind it
        total, pages, page = 0, 1, 1
    rows = session.execute(
        selection.order_by(ProjectRevision.changed_at.desc(), ProjectRevision.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    entries = _entries(session, rows)
    return ActivityPage(entries, total, page, pages, ActivityFilters(filters.days, filters.who,
                                                                     page))  # fmt: skip


def all_changes(
    session: Session, filters: ActivityFilters, *, batch_size: int = 500,
    now: datetime | None = None,
) -> Iterator[Activity]:  # fmt: skip
    """Every change for ``filters`` (all pages), newest first, read in batches: the CSV."""
    selection = _selection(filters, now or utcnow()).order_by(
        ProjectRevision.changed_at.desc(), ProjectRevision.id.desc()
    )
    rows = session.execute(selection).all()  # two ids a change: small even for many
    for start in range(0, len(rows), batch_size):
        yield from _entries(session, rows[start : start + batch_size])


def _entries(session: Session, rows: Sequence[Row]) -> list[Activity]:
    """(revision id, previous revision id) rows as entries: three queries for the lot."""
    ids = {revision_id for row in rows for revision_id in row if revision_id is not None}
    revisions = {
        revision.id: revision
        for revision in session.scalars(select(ProjectRevision).where(ProjectRevision.id.in_(ids)))
    }
    project_ids = {revisions[revision_id].project_id for revision_id, _ in rows}
    projects = {
        project.id: project
        for project in session.scalars(
            select(Project).where(Project.id.in_(project_ids)).options(selectinload(Project.texts))
        )
    }
    entries = []
    for revision_id, previous_id in rows:
        revision = revisions[revision_id]
        changes = diff(revisions[previous_id].snapshot, revision.snapshot) if previous_id else []
        entries.append(
            Activity(revision, projects[revision.project_id], previous_id is None, changes)
        )
    return _with_status_changes(session, entries)


def _with_status_changes(session: Session, entries: list[Activity]) -> list[Activity]:
    """Each entry that moved a status, with the recorded change (its date and reason): the
    one to that status saved closest in time to the revision (they share a transaction)."""
    moving = {
        entry.project.id
        for entry in entries
        if any(change.field == "status" for change in entry.changes)
    }
    if not moving:
        return entries
    recorded: dict[int, list[StatusChange]] = {}
    for change in session.scalars(select(StatusChange).where(StatusChange.project_id.in_(moving))):
        recorded.setdefault(change.project_id, []).append(change)
    with_reasons = []
    for entry in entries:
        status = next((c for c in entry.changes if c.field == "status"), None)
        if status is not None and status.after.isdigit():
            candidates = [
                change for change in recorded.get(entry.project.id, [])
                if change.to_status == int(status.after)
            ]  # fmt: skip
            moment = entry.revision.changed_at
            found = min(candidates, key=lambda c: abs(c.recorded_at - moment), default=None)
            entry = replace(entry, status_change=found)
        with_reasons.append(entry)
    return with_reasons


def authors(session: Session) -> list[str]:
    """Everyone who changed a project, as the revisions name them, for the 'who' filter."""
    return list(
        session.scalars(
            select(ProjectRevision.changed_by).distinct().order_by(ProjectRevision.changed_by)
        )
    )


def latest(session: Session, count: int = 5) -> list[Activity]:
    """The newest changes of any time, for the home page."""
    filters = ActivityFilters(days=None)
    return recent_changes(session, filters, per_page=count, counted=False).entries
