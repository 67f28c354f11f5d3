"""Importing actuals (and targets) for existing indicators from the long results CSV.

Each row names an indicator by its number and a period by its dates. The indicator must be
one of the named project's; a period it already has gets the row's actual (and target, when
the file has those columns), a period it lacks is added when it lies inside the project's
dates. Values obey the forms' rules (``values.check_value``/``period_problems``), so a
mistake reads the same here as on the indicator's page.

``plan_results_import`` checks every row and says what would change, writing nothing;
``apply_results_import`` (``results_apply``) saves a plan without errors, one revision per
project (the change log lists each period's target and actual), and only flushes: the
caller commits once, or rolls back and nothing happened.

    entries, problems = read_results_csv(data)
    plan = plan_results_import(session, entries, problems)
    if not plan.has_errors:
        apply_results_import(session, plan, user)
        session.commit()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.formats.csv_results import ResultsEntry
from tracker.formats.records import ERROR, WARNING, Problem
from tracker.models import Project
from tracker.models.results import (
    INDICATOR_VALUE,
    IndicatorPeriod,
    ProjectResult,
    ResultIndicator,
)
from tracker.services.database_limits import SQLITE_EXACT_DIGITS
from tracker.services.results.results_apply import apply_results_import
from tracker.services.results.results_export import number
from tracker.services.results.results_log import figure, period_label
from tracker.services.results.results_plan import (
    Figure,
    FigureChange,
    PlannedPeriod,
    PlannedResults,
    ResultsImportRefused,
    ResultsPlan,
)
from tracker.services.results.values import (
    check_value,
    parse_number,
    period_problems,
    project_span,
)

__all__ = ["ResultsImportRefused", "ResultsPlan", "apply_results_import", "plan_results_import"]
BATCH_SIZE = 500


def _indicators(session: Session, entries: Sequence[ResultsEntry]) -> dict[int, ResultIndicator]:
    ids = sorted({entry.indicator_id for entry in entries})
    found: dict[int, ResultIndicator] = {}
    for start in range(0, len(ids), BATCH_SIZE):
        statement = (
            select(ResultIndicator)
            .where(ResultIndicator.id.in_(ids[start : start + BATCH_SIZE]))
            .options(
                selectinload(ResultIndicator.periods).selectinload(IndicatorPeriod.breakdowns),
                selectinload(ResultIndicator.result).selectinload(ProjectResult.project),
                selectinload(ResultIndicator.node),
            )
        )
        found.update({indicator.id: indicator for indicator in session.scalars(statement)})
    return found


def value_limit(session: Session) -> Decimal:
    """The first number the database would not keep exactly: the column's digits, and on
    SQLite the 15 a floating-point number holds (beyond, 1100000000000.1 comes back as
    1100000000000.1001)."""
    digits = INDICATOR_VALUE.precision
    if session.get_bind().dialect.name == "sqlite":
        digits = min(digits, SQLITE_EXACT_DIGITS)
    return Decimal(10) ** (digits - INDICATOR_VALUE.scale)


def plan_results_import(
    session: Session, entries: Sequence[ResultsEntry], problems: Sequence[Problem] = ()
) -> ResultsPlan:
    """Check ``entries`` (keeping the reader's ``problems``) and say what would change;
    nothing is written."""
    plan = ResultsPlan([], list(problems), rows=len(entries))
    indicators = _indicators(session, entries)
    limit = value_limit(session)
    projects: dict[int, PlannedResults] = {}
    seen: dict[tuple[int, date, date], int] = {}  # a period's first line in the file
    for entry in entries:
        indicator = indicators.get(entry.indicator_id)
        found = _row(entry, indicator, seen, limit, plan.problems)
        if found is None:
            continue
        project, planned_period, changes = found
        if not changes:
            continue
        planned = projects.get(project.id)
        if planned is None:
            planned = projects[project.id] = PlannedResults(
                project.id, project.code, project.title, project.version,
                illustrative=project.is_illustrative,
            )  # fmt: skip
            plan.projects.append(planned)
        planned.periods.append(planned_period)
        planned.changes.extend(changes)
    plan.problems.sort(key=_problem_order)
    return plan


def _problem_order(problem: Problem) -> tuple[int, int]:
    line = problem.where.removeprefix("line ")
    return (int(line) if line.isdigit() else 0, problem.severity != ERROR)


def _row(
    entry: ResultsEntry,
    indicator: ResultIndicator | None,
    seen: dict[tuple[int, date, date], int],
    limit: Decimal,
    problems: list[Problem],
) -> tuple[Project, PlannedPeriod, list[FigureChange]] | None:
    """The row's period after the import and its changes; None (after adding the problems
    that stop it, if any) when the row changes nothing it may change."""
    before = len(problems)

    def problem(column: str, message: str, severity: str = ERROR) -> None:
        problems.append(Problem(entry.where, column, severity, message, entry.project_code))

    if indicator is None:
        message = _("No indicator has the number %(id)s. This import reports on indicators "
                    "already in the tracker; add the indicator on its project's page first.",
                    id=entry.indicator_id)  # fmt: skip
        problem("indicator_id", message)
        return None
    project = indicator.result.project if indicator.result is not None else None
    owner_code = project.code if project is not None else indicator.node.code
    if entry.project_code.lower() != owner_code.lower():
        problem("project_code", _("Indicator %(id)s belongs to %(owner)s, not to %(code)s; "
                                  "check the row's indicator_id and project_code.",
                                  id=indicator.id, owner=owner_code,
                                  code=entry.project_code))  # fmt: skip
        return None
    period = next((p for p in indicator.periods if (p.period_start, p.period_end)
                   == (entry.period_start, entry.period_end)), None)  # fmt: skip
    if entry.is_breakdown:
        if _breakdown_differs(entry, period):
            problem("dimension", _("Breakdowns (by %(dimension)s) are not imported: this "
                                   "row's change is left out. Enter it on the indicator's "
                                   "page.", dimension=entry.dimension or entry.category),
                    WARNING)  # fmt: skip
        return None
    key = (indicator.id, entry.period_start, entry.period_end)
    if key in seen:
        problem("period_start", _("Indicator %(id)s has this period on line %(line)s already; "
                                  "keep one row per indicator and period.",
                                  id=indicator.id, line=seen[key]))  # fmt: skip
        return None
    seen[key] = entry.line
    if period is None:
        _check_new_period(entry, project, problem)
    measure = indicator.measure
    actual = _checked(measure, entry.actual_value, entry.actual_comment, period, "actual",
                      limit, problem)  # fmt: skip
    target = None
    if entry.target_value is not None or entry.target_comment is not None:
        target = _checked(measure, entry.target_value, entry.target_comment, period, "target",
                          limit, problem)  # fmt: skip
    if len(problems) > before:
        return None
    changes = _changes(entry, indicator, period, actual, target)
    if changes and project is None:
        problem("actual_value", _("%(code)s is an indicator of the results chain, which this "
                                  "import leaves as it is; undo the change on this row or "
                                  "remove the row.", code=owner_code))  # fmt: skip
        return None
    planned = PlannedPeriod(indicator.id, entry.period_start, entry.period_end, actual, target,
                            new=period is None)  # fmt: skip
    return project, planned, changes


def _check_new_period(entry: ResultsEntry, project: Project | None, problem) -> None:
    """The forms' words for a new period's dates, each on the column it is about."""
    start, end = entry.period_start, entry.period_end
    general = period_problems(start, end, None, None)
    if general:
        for message in general:
            problem("period_end", message)
        return
    first, last = project_span(project) if project is not None else (None, None)
    for message in period_problems(start, end, first, None):
        problem("period_start", message)
    for message in period_problems(start, end, None, last):
        problem("period_end", message)


def _checked(
    measure: int,
    value: str | None,
    comment: str | None,
    period: IndicatorPeriod | None,
    kind: str,
    limit: Decimal,
    problem,
) -> Figure:
    """A figure the row sets (``kind``: target or actual), a column the file lacks kept as
    ``period`` has it."""
    stored_value = getattr(period, f"{kind}_value") if period is not None else None
    stored_comment = getattr(period, f"{kind}_comment") if period is not None else ""
    text = number(stored_value) if value is None else value
    words = stored_comment if comment is None else comment
    checked = check_value(measure, text, words)
    column = f"{kind}_value" if value is not None else f"{kind}_comment"
    for message in checked.problems:
        problem(column, message)
    value = checked.value
    if value is not None and abs(value) >= limit:
        problem(column, _("The number is too large."))
    if value is not None and value == 0:
        value = Decimal(0)  # the database keeps -0 as 0: preview what it will keep
    return value, checked.comment


def _changes(
    entry: ResultsEntry,
    indicator: ResultIndicator,
    period: IndicatorPeriod | None,
    actual: Figure,
    target: Figure | None,
) -> list[FigureChange]:
    changes = []
    when = period_label(entry.period_start, entry.period_end)
    for what, after, stored in (
        ("target", target, (period.target_value, period.target_comment) if period else None),
        ("actual", actual, (period.actual_value, period.actual_comment) if period else None),
    ):
        if after is None:
            continue
        before = stored or (None, "")
        if period is not None and (before[0], before[1]) == (after[0], after[1]):
            continue
        if period is None and after == (None, "") and what == "target":
            continue  # a new period without a target: nothing to show
        changes.append(FigureChange(
            entry.line, indicator.id, indicator.title_en, when, what,
            figure(before[0], before[1]), figure(after[0], after[1]), period is None,
        ))  # fmt: skip
    return changes


def _breakdown_differs(entry: ResultsEntry, period: IndicatorPeriod | None) -> bool:
    """Whether a breakdown row says something else than is stored."""
    stored = {
        (b.kind, b.dimension, b.category): (b.value, b.comment)
        for b in (period.breakdowns if period else ())
    }
    for kind, value, comment in (
        ("actual", entry.actual_value, entry.actual_comment),
        ("target", entry.target_value, entry.target_comment),
    ):
        was_value, was_comment = stored.get((kind, entry.dimension, entry.category), (None, ""))
        if value is not None:
            # "12", "12.0" and "12,0" say the same; words that are no number differ.
            given = parse_number(value) if value.strip() else None
            if given != was_value and value.strip() != number(was_value):
                return True
        if comment is not None and comment.strip() != was_comment:
            return True
    return False
