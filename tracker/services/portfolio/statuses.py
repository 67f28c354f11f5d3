"""Status changes: which transitions make sense, and recording them in the history.

The table of allowed transitions lives here and nowhere else; the README shows it.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from tracker.formatting import day
from tracker.models import Project, StatusChange, User
from tracker.models.project import (
    CANCELLED,
    CLOSED,
    FINALISATION,
    IMPLEMENTATION,
    PIPELINE,
    SUSPENDED,
)
from tracker.services.portfolio import revisions
from tracker.vocabulary import STATUS_LABELS, status_label

ALLOWED_TRANSITIONS: dict[int, tuple[int, ...]] = {
    PIPELINE: (IMPLEMENTATION, CANCELLED),
    IMPLEMENTATION: (FINALISATION, CLOSED, SUSPENDED, CANCELLED),
    FINALISATION: (CLOSED, IMPLEMENTATION),
    SUSPENDED: (IMPLEMENTATION, CANCELLED),
    CLOSED: (),
    CANCELLED: (),
}


def attention(project: Project, today: date | None = None) -> list[str]:
    """What an analyst should bring up to date: a start or an end that has passed while the
    status says it has not happened (the dates alone cannot say which is wrong)."""
    today = today or date.today()
    notes = []
    start, end = project.planned_start, project.planned_end
    if project.status == PIPELINE and start and start < today and not project.actual_start:
        notes.append(_("The planned start (%(date)s) has passed while the project is still in "
                       "the pipeline: record the start, or move the planned start.",
                       date=day(start)))  # fmt: skip
    if project.status == IMPLEMENTATION and end and end < today and not project.actual_end:
        notes.append(_("The planned end (%(date)s) has passed while the project is in "
                       "implementation: record a status change, or move the planned end.",
                       date=day(end)))  # fmt: skip
    return notes


def needing_update(session: Session, today: date | None = None, limit: int = 10):
    """The projects ``attention`` speaks of, the longest overdue first, and how many there
    are: the same rule as a query, so the home page need not load every project."""
    today = today or date.today()
    late_start = and_(Project.status == PIPELINE, Project.planned_start < today,
                      Project.actual_start.is_(None))  # fmt: skip
    late_end = and_(Project.status == IMPLEMENTATION, Project.planned_end < today,
                    Project.actual_end.is_(None))  # fmt: skip
    condition = or_(late_start, late_end)
    total = session.scalar(select(func.count()).select_from(Project).where(condition)) or 0
    overdue_since = case((late_start, Project.planned_start), else_=Project.planned_end)
    projects = session.scalars(
        select(Project).where(condition).order_by(overdue_since, Project.id).limit(limit)
    ).all()
    return list(projects), total


class StatusChangeError(ValueError):
    """A status change that the rules refuse: the problems per field (``field`` is the
    first one's), so a form shows them all at once."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__(" ".join(m for messages in problems.values() for m in messages))
        self.problems = problems
        self.field = next(iter(problems))


def allowed_next(status: int) -> tuple[int, ...]:
    return ALLOWED_TRANSITIONS.get(status, ())


def last_change_date(project: Project) -> date | None:
    return project.history[-1].effective_date if project.history else None


def status_change_problems(
    project: Project, to_status: int | None, effective_date: date | None, reason: str | None,
    *, today: date | None = None,
) -> dict[str, list[str]]:  # fmt: skip
    """Every rule a status change breaks, per field; a value not given (None) is not
    checked, so a form can add these to its own messages."""
    today = today or date.today()
    # The messages are in the reader's language on a page, in English on the command line.
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if to_status is not None and to_status not in allowed_next(project.status):
        allowed = ", ".join(status_label(s) for s in allowed_next(project.status)) or _("none")
        new = status_label(to_status) if to_status in STATUS_LABELS else to_status
        add("to_status",
            _("A project in %(status)s cannot move to %(new)s; allowed: %(allowed)s.",
              status=status_label(project.status), allowed=allowed, new=new))  # fmt: skip
    if reason is not None and not reason.strip():
        add("reason", _("Give the reason for the change."))
    if effective_date is not None:
        previous = last_change_date(project)
        if effective_date > today:
            add("effective_date", _("The effective date cannot be in the future."))
        elif previous and effective_date < previous:
            add("effective_date", _("The effective date cannot be before the last change "
                                    "(%(date)s).", date=day(previous)))  # fmt: skip
        elif to_status == CLOSED and project.actual_start and effective_date < project.actual_start:
            add("effective_date", _("A project cannot close before its actual start."))
    return problems


def record_status_change(
    session: Session,
    project: Project,
    to_status: int,
    effective_date: date,
    reason: str,
    user: User,
    *,
    expected_version: int,
    today: date | None = None,
) -> StatusChange:
    """Append a change to the project's history and move its status; flushes."""
    today = today or date.today()
    revisions.check_version(project, expected_version)
    problems = status_change_problems(project, to_status, effective_date, reason, today=today)
    if problems:
        raise StatusChangeError(problems)
    revisions.ensure_baseline(session, project)
    if to_status == IMPLEMENTATION and project.actual_start is None:
        project.actual_start = effective_date
    if to_status == CLOSED:
        project.actual_end = project.actual_end or effective_date
    change = StatusChange(
        from_status=project.status,
        to_status=to_status,
        effective_date=effective_date,
        changed_by_id=user.id,
        changed_by=user.label,
        reason=reason.strip(),
    )
    project.history.append(change)
    project.status = to_status
    revisions.touch(project, user)
    session.flush()
    revisions.record(session, project, user)
    return change
