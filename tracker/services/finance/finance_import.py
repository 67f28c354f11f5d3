"""Importing annual figures for existing projects from the long finance CSV.

For each project in the file, the file's rows for the years it mentions replace that
project's rows for those years; its other years stay as they are. ``plan_finance_import``
checks every row (against the database and the annual service's rules) and says what would
change, writing nothing; ``apply_finance_import`` saves a plan without errors through
``replace_annual_figures`` (which records who changed what in the project's change log and
makes its budget follow the required rows) and only flushes: the caller commits once, or
rolls back and nothing happened.

    entries, problems = read_finance_csv(data)
    plan = plan_finance_import(session, entries, problems)
    if not plan.has_errors:
        apply_finance_import(session, plan, user)
        session.commit()
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.formats.csv_finance import FinanceEntry
from tracker.formats.records import ERROR, WARNING, Problem
from tracker.models import AnnualFigure, Organisation, Project, User
from tracker.services.database_limits import database_limits
from tracker.services.finance.annual import (
    AnnualEntry,
    AnnualInvalid,
    annual_entries,
    check_annual_entries,
    replace_annual_figures,
)
from tracker.services.finance.finance_export import MEASURE_ORDER
from tracker.services.finance.finance_plan import (
    FigureChange,
    FinanceImportRefused,
    FinanceImportResult,
    FinancePlan,
    PlannedFinance,
    years_text,
)
from tracker.services.portfolio.revisions import VersionConflict

# The annual service's field names -> the file's columns.
COLUMN_OF = {"year": "year", "measure": "measure", "amount": "amount", "funder_id": "funder",
             "note": "note"}  # fmt: skip
__all__ = [
    "FinanceImportRefused", "FinanceImportResult", "FinancePlan", "PlannedFinance",
    "apply_finance_import", "plan_finance_import", "years_text",
]  # fmt: skip
BATCH_SIZE = 500
CENT = Decimal("0.01")
AMOUNT_CHECKED = Decimal(10) ** 20  # beyond this, "too large" says enough


@dataclass
class _Reference:
    projects: dict[str, Project]  # lower-cased code -> project, with its rows
    by_acronym: dict[str, Organisation]
    by_ref: dict[str, Organisation]
    names: dict[int, str]  # organisation id -> acronym


def _reference(session: Session, entries: Sequence[FinanceEntry]) -> _Reference:
    # Codes are compared in Python, ignoring case in every script (SQLite's lower() knows
    # only ASCII); a code with a NUL character names no project.
    wanted = {e.project_code.lower() for e in entries if "\0" not in e.project_code}
    ids = sorted(id_ for id_, code in session.execute(select(Project.id, Project.code))
                 if code.lower() in wanted)  # fmt: skip
    projects: dict[str, Project] = {}
    for start in range(0, len(ids), BATCH_SIZE):
        statement = (
            select(Project)
            .where(Project.id.in_(ids[start : start + BATCH_SIZE]))
            .options(selectinload(Project.annual_figures))
        )
        projects.update({project.code.lower(): project for project in session.scalars(statement)})
    organisations = session.scalars(select(Organisation)).all()
    return _Reference(
        projects=projects,
        by_acronym={o.acronym.lower(): o for o in organisations},
        by_ref={o.iati_ref.lower(): o for o in organisations if o.iati_ref},
        names={o.id: o.acronym for o in organisations},
    )


def plan_finance_import(
    session: Session,
    entries: Sequence[FinanceEntry],
    problems: Sequence[Problem] = (),
    *,
    start_month: int = 1,
) -> FinancePlan:
    """Check ``entries`` (keeping the reader's ``problems``) and say what would change;
    nothing is written. ``start_month`` is the fiscal year's first month."""
    plan = FinancePlan([], list(problems))
    reference = _reference(session, entries)
    amount_max = database_limits(session).budget_max
    by_project: dict[int, list[tuple[FinanceEntry, AnnualEntry]]] = defaultdict(list)
    order: list[Project] = []
    for entry in entries:
        found = _annual_entry(entry, reference, plan.problems)
        if found is None:
            continue
        project, annual = found
        if project.id not in by_project:
            order.append(project)
        by_project[project.id].append((entry, annual))
    for project in order:
        planned = _plan_project(project, by_project[project.id], reference, plan.problems,
                                start_month, amount_max)  # fmt: skip
        plan.projects.append(planned)
    plan.problems.sort(key=_problem_order)
    return plan


def _problem_order(problem: Problem) -> tuple[int, int]:
    line = problem.where.removeprefix("line ")
    return (int(line) if line.isdigit() else 0, problem.severity != ERROR)


def _annual_entry(
    entry: FinanceEntry, reference: _Reference, problems: list[Problem]
) -> tuple[Project, AnnualEntry] | None:
    """The row as the annual service's entry, with its project; None after adding the
    problems that keep it from being one (unknown project, funder or currency)."""
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(entry.where, column, ERROR, message, entry.project_code))

    project = reference.projects.get(entry.project_code.lower())
    if "\0" in entry.project_code:
        problem("project_code", _("project_code contains a NUL character (byte 0), which no "
                                  "project code has; remove it from the file."))  # fmt: skip
    elif project is None:
        problem("project_code", _("No project has the code %(code)s. This import changes the "
                                  "figures of projects already in the register; create the "
                                  "project first.", code=entry.project_code))  # fmt: skip
    funder = _funder(entry, reference, problem)
    if project is not None and entry.currency and entry.currency != project.currency:
        problem("currency", _(
            "%(code)s keeps its figures in %(own)s, its currency; this row is in %(given)s. "
            "Convert the amount to %(own)s (or leave currency blank if it already is): the "
            "tracker never adds amounts in different currencies.",
            code=project.code, own=project.currency, given=entry.currency))  # fmt: skip
    # The database keeps cents: 0.001 would be stored as 0.00. (A huge amount is the annual
    # service's to refuse; quantizing it would overflow.)
    if abs(entry.amount) < AMOUNT_CHECKED and entry.amount != entry.amount.quantize(CENT):
        problem("amount", _("The amount %(amount)s has more than two decimals; the tracker "
                            "keeps amounts to the cent.", amount=entry.amount))  # fmt: skip
    if "\0" in entry.note:
        problem("note", _("note contains a NUL character (byte 0), which the database cannot "
                          "store; remove it from the file."))  # fmt: skip
    if len(problems) > before or project is None:
        return None
    funder_id = funder.id if funder is not None else None
    annual = AnnualEntry(entry.year, entry.measure, entry.amount, funder_id, entry.correction,
                         entry.note)  # fmt: skip
    return project, annual


def _funder(entry: FinanceEntry, reference: _Reference, problem) -> Organisation | None:
    by_name = reference.by_acronym.get(entry.funder.lower()) if entry.funder else None
    by_ref = reference.by_ref.get(entry.funder_iati_ref.lower()) if entry.funder_iati_ref else None
    if entry.funder and by_name is None:
        problem("funder", _("No organisation has the acronym %(funder)s; add it to the tracker "
                            "first, or correct the acronym.", funder=entry.funder))  # fmt: skip
    if entry.funder_iati_ref and by_ref is None:
        problem("funder_iati_ref", _("No organisation has the IATI identifier %(ref)s.",
                                     ref=entry.funder_iati_ref))  # fmt: skip
    if by_name is not None and by_ref is not None and by_name.id != by_ref.id:
        problem("funder_iati_ref", _("funder (%(acronym)s) and funder_iati_ref (%(ref)s) name "
                                     "two different organisations; keep the right one.",
                                     acronym=entry.funder, ref=entry.funder_iati_ref))  # fmt: skip
    return by_name or by_ref


def _plan_project(
    project: Project,
    rows: list[tuple[FinanceEntry, AnnualEntry]],
    reference: _Reference,
    problems: list[Problem],
    start_month: int,
    amount_max: Decimal,
) -> PlannedFinance:
    """The project's rows after the import, checked as a whole by the annual service."""
    years = tuple(sorted({annual.year for _entry, annual in rows}))
    kept = [annual for annual in annual_entries(project) if annual.year not in years]
    wanted = [*kept, *(annual for _entry, annual in rows)]
    lines = [None] * len(kept) + [entry.line for entry, _annual in rows]
    for found in check_annual_entries(project, wanted, start_month=start_month,
                                      amount_max=amount_max):  # fmt: skip
        line = lines[found.row] if found.row is not None else None
        # A problem of the project as a whole goes on its first line in the file.
        where = f"line {line if line is not None else rows[0][0].line}"
        column = COLUMN_OF.get(found.field or "", "") if line is not None else ""
        message = found.message
        if line is None:  # the project as a whole, or a row of a year the file leaves alone
            message = _("%(code)s: %(message)s", code=project.code, message=message)
        problems.append(Problem(where, column, WARNING if found.warning else ERROR, message,
                                project.code))  # fmt: skip
    planned = PlannedFinance(project.id, project.code, project.title, project.currency,
                             project.version, years, wanted,
                             illustrative=project.is_illustrative)  # fmt: skip
    planned.changes = _changes(project.annual_figures, wanted, years, reference.names)
    return planned


def _changes(
    stored: Sequence[AnnualFigure],
    wanted: Sequence[AnnualEntry],
    years: tuple[int, ...],
    names: dict[int, str],
) -> list[FigureChange]:
    """What differs in the years the file mentions, by year, measure and funder."""
    before = {(f.year, f.measure, f.funder_id): f for f in stored if f.year in years}
    after = {e.key: e for e in wanted if e.year in years}
    changes = []
    for key in sorted(before.keys() | after.keys(), key=_key_order):
        old, new = before.get(key), after.get(key)
        old_values = (Decimal(old.amount), old.correction, old.note) if old else None
        new_values = (new.amount, new.correction, new.note.strip()) if new else None
        if old_values == new_values:
            continue
        year, measure, funder_id = key
        changes.append(FigureChange(
            year, measure, names.get(funder_id, "") if funder_id else "",
            old_values[0] if old_values else None, new_values[0] if new_values else None,
            old.note if old else "", new.note.strip() if new else "",
        ))  # fmt: skip
    return changes


def _key_order(key: tuple[int, str, int | None]) -> tuple[int, int, int]:
    year, measure, funder_id = key
    return (year, MEASURE_ORDER.get(measure, 99), funder_id or 0)


def apply_finance_import(
    session: Session, plan: FinancePlan, user: User, *, start_month: int = 1
) -> FinanceImportResult:
    """Save the plan's projects as ``user``; flushes, never commits. Raises
    ``FinanceImportRefused`` when the plan has errors or a project changed since."""
    if plan.has_errors:
        raise FinanceImportRefused(_("Errors in the import: %(count)s; nothing was saved.",
                                     count=len(plan.errors)))  # fmt: skip
    warnings = 0
    for planned in plan.changed:
        project = session.get(Project, planned.project_id)
        if project is None:
            raise FinanceImportRefused(_("%(code)s was deleted since the preview.",
                                         code=planned.code))  # fmt: skip
        try:
            found = replace_annual_figures(
                session, project, planned.entries, editor=user,
                expected_version=planned.version, start_month=start_month,
            )  # fmt: skip
        except VersionConflict:
            raise FinanceImportRefused(_("%(code)s was changed by someone else since the "
                                         "preview.", code=planned.code)) from None  # fmt: skip
        except AnnualInvalid as invalid:
            raise FinanceImportRefused(f"{planned.code}: {invalid}") from None
        warnings += len(found)
    figures = sum(len(planned.changes) for planned in plan.changed)
    return FinanceImportResult(len(plan.changed), figures, warnings)
