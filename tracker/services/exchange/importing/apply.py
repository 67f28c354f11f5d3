"""Applying a plan through the form's own paths, so history and revisions read the same.

New projects go through ``create_project``, edits through ``update_project`` and status
changes through ``record_status_change``. It only flushes: the caller commits once, and
any exception leaves the whole import to be rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.formats.records import place
from tracker.formatting import whole_number
from tracker.models import Project, ProjectOrganisation, ProjectTarget, User
from tracker.services.exchange.iati_results import store_results
from tracker.services.exchange.importing.plan import ImportPlan
from tracker.services.exchange.importing.storing import store_published
from tracker.services.portfolio import revisions
from tracker.services.portfolio.projects import ProjectInvalid, create_project, update_project
from tracker.services.portfolio.revisions import VersionConflict
from tracker.services.portfolio.statuses import StatusChangeError, record_status_change

BATCH_SIZE = 500


class ImportRefused(ValueError):
    """The plan has errors, or a project no longer takes the planned change; nothing of
    the import should be kept."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    status_changes: int
    unchanged: int

    def summary(self) -> str:
        return _("%(created)s created, %(updated)s updated (%(status_changes)s), "
                 "%(unchanged)s unchanged", created=whole_number(self.created),
                 updated=whole_number(self.updated),
                 status_changes=status_changes_text(self.status_changes),
                 unchanged=whole_number(self.unchanged))  # fmt: skip


def status_changes_text(count: int) -> str:
    """'1 status change', '3 status changes', in the reader's language."""
    return ngettext("%(count)s status change", "%(count)s status changes", count,
                    count=whole_number(count))  # fmt: skip


def apply_import(
    session: Session,
    plan: ImportPlan,
    user: User,
    *,
    source: str | None = None,
    file_name: str = "",
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Create and update what ``plan`` lists, as ``user``; flushes, never commits.

    The history's reason reads "Imported from <file name>". New projects take the plan's
    source (``import``, or illustrative as the file marks them) unless ``source`` is given.
    Raises ``ImportRefused`` when the plan has errors or the database moved on since it was
    made (re-plan and retry).
    """
    if plan.has_errors:
        raise ImportRefused(_("Errors in the import: %(count)s; nothing was saved.",
                              count=whole_number(len(plan.errors))))  # fmt: skip
    reason = f"Imported from {file_name}" if file_name else "Imported"
    require_targets = plan.rules.require_targets
    # New projects go in batches, each inserted by one flush (rows of a kind in one
    # multi-row INSERT) instead of two flushes per project.
    for start in range(0, len(plan.creates), BATCH_SIZE):
        with session.no_autoflush:
            for planned in plan.creates[start : start + BATCH_SIZE]:
                try:
                    create_project(session, planned.data, planned.status, user, today=today,
                                   reason=reason, source=source or planned.source,
                                   require_targets=require_targets, flush=False)  # fmt: skip
                except ProjectInvalid as invalid:
                    where = place(planned.where)
                    raise ImportRefused(f"{planned.code} ({where}): {invalid}") from None
                if progress:
                    progress(1)
        session.flush()
    by_id = {planned.project_id: planned for planned in plan.updates}
    ids = list(by_id)
    for start in range(0, len(ids), BATCH_SIZE):
        batch = _projects(session, ids[start : start + BATCH_SIZE])
        if len(batch) < len(ids[start : start + BATCH_SIZE]):
            raise ImportRefused(_("A project to update was deleted since the preview."))
        for project in batch:
            planned = by_id[project.id]
            try:
                if planned.changes_fields:  # not when only the money or the parent changes
                    update_project(
                        session,
                        project,
                        planned.data,
                        user,
                        today=today,
                        expected_version=planned.version,
                        require_targets=require_targets,
                    )
                if planned.changes_status and planned.effective_date:
                    record_status_change(
                        session,
                        project,
                        planned.status,
                        planned.effective_date,
                        reason,
                        user,
                        expected_version=project.version,
                        today=today,
                    )
            except (ProjectInvalid, StatusChangeError, VersionConflict) as refused:
                raise ImportRefused(f"{planned.code} ({place(planned.where)}): {refused}") from None
            if progress:
                progress(1)
    _keep_baselines(session, [p.project_id for p in plan.updates
                              if p.money is not None or p.results is not None])  # fmt: skip
    rewritten = store_published(session, [*plan.creates, *plan.updates], file_name)
    rewritten += _store_results(session, [*plan.creates, *plan.updates])
    _record_money_changes(session, sorted(set(rewritten)), user)
    return ImportResult(
        len(plan.creates), len(plan.updates), plan.status_changes, len(plan.unchanged)
    )


def _store_results(session: Session, planned: list) -> list[int]:
    """Store the results and markers the plan holds; the ids of the projects given them."""
    with_results = [p for p in planned if p.results is not None]
    if not with_results:
        return []
    session.flush()
    ids = dict(session.execute(
        select(Project.code, Project.id).where(Project.code.in_([p.code for p in with_results]))
    ).all())  # fmt: skip
    found = {ids[p.code]: p.results for p in with_results}
    store_results(session, found)
    return list(found)


def _keep_baselines(session: Session, ids: list[int]) -> None:
    """Keep the version before the file's money, so the change log shows what it changed."""
    for start in range(0, len(ids), BATCH_SIZE):
        for project in _projects(session, ids[start : start + BATCH_SIZE]):
            revisions.ensure_baseline(session, project)
    session.flush()


def _record_money_changes(session: Session, ids: list[int], user: User) -> None:
    """A new version, by the importing user, of each project whose annual figures changed
    (written in bulk by ``store_published``, so the change log names who brought them)."""
    for start in range(0, len(ids), BATCH_SIZE):
        for project in _projects(session, ids[start : start + BATCH_SIZE], fresh=True):
            latest = max(project.revisions, key=lambda r: r.version, default=None)
            if latest is not None and latest.snapshot == revisions.snapshot(project):
                continue
            revisions.touch(project, user)
            session.flush()
            revisions.record(session, project, user)


def _projects(session: Session, ids: list[int], *, fresh: bool = False) -> list[Project]:
    """A batch of projects with what ``update_project`` compares, in a handful of queries."""
    return list(
        session.scalars(
            select(Project)
            .where(Project.id.in_(ids))
            .options(
                selectinload(Project.targets).joinedload(ProjectTarget.target),
                selectinload(Project.sectors),
                selectinload(Project.places),
                selectinload(Project.organisations).joinedload(ProjectOrganisation.organisation),
                selectinload(Project.documents),
                selectinload(Project.texts),
                selectinload(Project.recipients),
                selectinload(Project.other_sectors),
                selectinload(Project.history),
                selectinload(Project.revisions),
                selectinload(Project.annual_figures),
            )
            .execution_options(populate_existing=fresh)
        )
    )
