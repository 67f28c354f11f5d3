"""Saving a checked plan of an import of actuals (``results_import.plan_results_import``):
each project's periods get the plan's targets and actuals, added where the plan adds a
period, as one revision of the project; flushes, never commits."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from tracker.models import Project, User
from tracker.models.results import IndicatorPeriod, ResultIndicator
from tracker.services.portfolio import revisions
from tracker.services.portfolio.revisions import VersionConflict
from tracker.services.results.results_plan import (
    PlannedPeriod,
    ResultsImportRefused,
    ResultsImportResult,
    ResultsPlan,
)


def apply_results_import(session: Session, plan: ResultsPlan, user: User) -> ResultsImportResult:
    """Save the plan's projects as ``user``; flushes, never commits. Raises
    ``ResultsImportRefused`` when the plan has errors or a project changed since."""
    if plan.has_errors:
        raise ResultsImportRefused(_("Errors in the import: %(count)s; nothing was saved.",
                                     count=len(plan.errors)))  # fmt: skip
    for planned in plan.changed:
        project = session.get(Project, planned.project_id)
        if project is None:
            raise ResultsImportRefused(_("%(code)s was deleted since the preview.",
                                         code=planned.code))  # fmt: skip
        try:
            revisions.check_version(project, planned.version)
        except VersionConflict:
            raise ResultsImportRefused(_("%(code)s was changed by someone else since the "
                                         "preview.", code=planned.code)) from None  # fmt: skip
        revisions.ensure_baseline(session, project)
        with session.no_autoflush:  # one UPDATE of the project, so its version moves on by one
            for period in planned.periods:
                _set_period(session, project, period, planned.code)
        revisions.touch(project, user)
        session.flush()
        revisions.record(session, project, user)
    return ResultsImportResult(len(plan.changed), plan.change_count)


def _set_period(session: Session, project: Project, planned: PlannedPeriod, code: str) -> None:
    indicator = session.get(ResultIndicator, planned.indicator_id)
    if indicator is None or indicator.result is None or indicator.result.project_id != project.id:
        raise ResultsImportRefused(_("An indicator of %(code)s was removed since the preview.",
                                     code=code))  # fmt: skip
    period = next((p for p in indicator.periods if (p.period_start, p.period_end)
                   == (planned.period_start, planned.period_end)), None)  # fmt: skip
    if period is None:
        period = IndicatorPeriod(period_start=planned.period_start, period_end=planned.period_end)
        indicator.periods.append(period)
    period.actual_value, period.actual_comment = planned.actual
    if planned.target is not None:
        period.target_value, period.target_comment = planned.target
