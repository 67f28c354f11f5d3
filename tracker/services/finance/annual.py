"""A project's money year by year: checking and saving its annual figures.

Stable API (the annual form and the finance CSV import both build on it):

``AnnualEntry(year, measure, amount, funder_id=None, correction=False, note="")``
    One row as a person or a file gives it: an amount of one measure (``MEASURES``:
    required, available, spent, disbursed, committed) in one fiscal year (named after the
    calendar year it starts in), in the project's currency. ``funder_id`` (an organisation
    id) only on "available". A negative amount only as a ``correction``, whose ``note`` says
    why.

``Problem(message, row=None, field=None, warning=False)``
    A translated sentence for a person. ``row`` is the index of the entry in the list given
    (None: the entries as a whole), ``field`` the entry's attribute at fault ("year",
    "measure", "amount", "funder_id", "note"). A ``warning`` does not stop a save.

``check_annual_entries(project, entries, *, start_month=1, amount_max=None) -> list[Problem]``
    Every problem of ``entries`` as the project's complete set of rows, errors then
    warnings. Needs no database. ``start_month`` is the fiscal year's first month
    (app.config["FISCAL_YEAR_START_MONTH"]); ``amount_max`` the largest amount the database
    keeps (``database_limits(session).budget_max``).

``replace_annual_figures(session, project, entries, *, editor, expected_version,
start_month=1) -> list[Problem]``
    Makes the project's rows in its currency exactly ``entries``, sets its budget to the sum
    of the required rows when there are any (and all in its currency), records a revision
    (who, when, what: the change log shows "Annual figures: 2025 spent ...") and flushes;
    the caller commits.
    Returns the warnings. Raises ``AnnualInvalid`` (``.problems``, nothing changed) when an
    entry breaks a rule, and ``revisions.VersionConflict`` when the project is no longer at
    ``expected_version`` (someone saved since the user opened it). Saving the same rows
    again changes nothing and records nothing.

    Unknown funder ids are refused as problems too (field "funder_id"). A save racing
    another in the same moment raises SQLAlchemy's ``StaleDataError`` at flush or commit:
    roll back and treat it as a ``VersionConflict``.

``annual_entries(project) -> list[AnnualEntry]``: the project's rows in its currency as
entries (to change only some years, start from these and replace those years' entries).
``foreign_rows(project) -> list[AnnualFigure]``: rows in another currency (an IATI file may
give them); ``replace_annual_figures`` keeps them, and refuses an entry of the same key.
``years_to_offer(project, start_month=1) -> list[int]``: the years a form shows a line for.
``project_years(project, start_month=1) -> tuple[int, int] | None``: the fiscal years its
dates span (None without dates).
``budget_from_rows(project) -> Decimal | None``: the sum of the required rows, None without.
``follow_budgets(session, project_ids)``: the budget rule for code that writes rows in bulk
(an IATI import): call it after writing them.

A stale form is shown again merged cell by cell with ``annual_merge.merge_stale``; the
change log's keys and labels are in ``annual_log``; the page's table in ``project_money``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import AnnualFigure, Organisation, Project, User
from tracker.models.finance import AVAILABLE, MEASURES, REQUIRED
from tracker.services.database_limits import database_limits
from tracker.services.finance.annual_budget import budget_from_rows, follow_budgets, foreign_rows
from tracker.services.finance.annual_log import measure_name
from tracker.services.finance.rates import fiscal_year
from tracker.services.portfolio import revisions

__all__ = [
    "AnnualEntry", "AnnualInvalid", "Problem", "annual_entries", "budget_from_rows",
    "check_annual_entries", "follow_budgets", "foreign_rows", "project_years",
    "replace_annual_figures", "years_to_offer",
]  # fmt: skip

# The years the database accepts (and a person could mean).
YEAR_MIN, YEAR_MAX = 1900, 2200
NOTE_MAX = 300


@dataclass(frozen=True)
class AnnualEntry:
    """One annual row as entered: see the module's docstring."""

    year: int
    measure: str
    amount: Decimal
    funder_id: int | None = None
    correction: bool = False
    note: str = ""

    @property
    def key(self) -> tuple[int, str, int | None]:
        return (self.year, self.measure, self.funder_id)


@dataclass(frozen=True)
class Problem:
    """A problem with the entries, in words for the person who entered them."""

    message: str
    row: int | None = None
    field: str | None = None
    warning: bool = False


class AnnualInvalid(ValueError):
    """The entries break a rule; ``problems`` holds every problem (warnings too)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems if not p.warning))
        self.problems = problems


def project_years(project: Project, start_month: int = 1) -> tuple[int, int] | None:
    """The first and last fiscal year of the project's dates (planned or actual, whichever
    reaches further); None when it has no dates. One missing end leaves that side open."""
    starts = [d for d in (project.planned_start, project.actual_start) if d]
    ends = [d for d in (project.planned_end, project.actual_end) if d]
    if not starts and not ends:
        return None
    first = fiscal_year(min(starts), start_month) if starts else YEAR_MIN
    last = fiscal_year(max(ends), start_month) if ends else YEAR_MAX
    return first, max(first, last)


def years_to_offer(project: Project, start_month: int = 1, *, most: int = 30) -> list[int]:
    """The years a form offers a line for: the project's years (at most ``most``; an open
    end stops at the last year with figures) and every year that has figures."""
    recorded = {f.year for f in project.annual_figures}
    span = project_years(project, start_month)
    if span is None:
        return sorted(recorded)
    first, last = span
    if first == YEAR_MIN:  # only an end date: that year and those with figures
        first = min([last, *recorded])
    if last == YEAR_MAX:  # an open end: up to the last year with figures
        last = max([first, *recorded])
    return sorted(recorded | set(range(first, min(last, first + most - 1) + 1)))


def annual_entries(project: Project) -> list[AnnualEntry]:
    """The project's stored rows in its own currency, as entries (rows in another currency,
    as an IATI file may give them, are kept apart: see ``foreign_rows``)."""
    return [
        AnnualEntry(f.year, f.measure, Decimal(f.amount), f.funder_id, f.correction, f.note)
        for f in project.annual_figures
        if f.currency == project.currency
    ]


def _finer_than_cents(amount: Decimal) -> bool:
    """Whether ``amount`` has a non-zero digit past the cents (read from its digits, as
    rounding a huge amount would overflow the decimal context)."""
    _sign, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int):  # infinity or not a number: refused elsewhere
        return False
    while exponent < -2 and digits and digits[-1] == 0:
        digits, exponent = digits[:-1], exponent + 1
    return exponent < -2


def _amount(value: Decimal) -> str:
    return format_decimal(value, format="#,##0.##")


def check_annual_entries(
    project: Project, entries: Sequence[AnnualEntry], *, start_month: int = 1,
    amount_max: Decimal | None = None,
) -> list[Problem]:  # fmt: skip
    """Every problem of ``entries`` as the project's rows: errors first, then warnings."""
    problems: list[Problem] = []
    years = project_years(project, start_month)
    first, last = years or (YEAR_MIN, YEAR_MAX)
    seen: set[tuple[int, str, int | None]] = set()
    for row, entry in enumerate(entries):

        def add(message: str, field: str, row: int = row) -> None:
            problems.append(Problem(message, row, field))

        if entry.measure not in MEASURES:
            add(_("Choose what the amount is: required, available, spent, disbursed or "
                  "committed."), "measure")  # fmt: skip
        if not YEAR_MIN <= entry.year <= YEAR_MAX:
            add(_("%(year)s is not a year the tracker can keep.", year=entry.year), "year")
        elif not first <= entry.year <= last:
            add(_("%(year)s is outside the project's years (%(first)s to %(last)s).",
                  year=entry.year, first=first, last=last), "year")  # fmt: skip
        if entry.funder_id is not None and entry.measure != AVAILABLE:
            add(_("Only available money has a funder; leave the funder empty for %(measure)s.",
                  measure=measure_name(entry.measure).lower()), "funder_id")  # fmt: skip
        if entry.amount < 0 and not entry.correction:
            add(_("An amount cannot be negative, unless it is a correction (tick "
                  "“correction” and say why)."), "amount")  # fmt: skip
        if _finer_than_cents(entry.amount):
            add(_("Give the amount to the cent: at most two decimals."), "amount")
        if entry.correction and not entry.note.strip():
            add(_("Say why this is a correction."), "note")
        if len(entry.note) > NOTE_MAX:
            add(_("Keep the note under %(n)s characters.", n=NOTE_MAX), "note")
        if amount_max is not None and abs(entry.amount) > amount_max:
            add(_("The amount is too large: the tracker keeps amounts up to %(limit)s.",
                  limit=_amount(amount_max)), "amount")  # fmt: skip
        if entry.key in seen:
            add(_("%(year)s %(measure)s is entered twice%(funder)s; enter it once.",
                  year=entry.year, measure=measure_name(entry.measure).lower(),
                  funder=_(" for the same funder") if entry.funder_id else ""),
                "measure")  # fmt: skip
        seen.add(entry.key)
    totals = _totals(entries)
    required = sum((a for (y, m), a in totals.items() if m == REQUIRED), Decimal(0))
    if required < 0 and not problems:  # a negative row not marked is said already
        problems.append(Problem(_("The required amounts add up to less than zero; the "
                                  "project's budget cannot be negative.")))  # fmt: skip
    if amount_max is not None and required > amount_max:
        problems.append(Problem(_("The required amounts add up to more than the tracker "
                                  "keeps (%(limit)s).", limit=_amount(amount_max))))  # fmt: skip
    problems.extend(_warnings(totals))
    return problems


def _totals(entries: Sequence[AnnualEntry]) -> dict[tuple[int, str], Decimal]:
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for entry in entries:
        totals[(entry.year, entry.measure)] += entry.amount
    return totals


def _warnings(totals: dict[tuple[int, str], Decimal]) -> list[Problem]:
    """What deserves a second look but may be right (say, money secured ahead of the plan)."""
    warnings = []
    has_required = any(measure == REQUIRED for _year, measure in totals)
    for year in sorted({year for year, _measure in totals}):
        available, required = totals.get((year, AVAILABLE)), totals.get((year, REQUIRED))
        if has_required and available is not None and available > (required or 0):
            warnings.append(Problem(
                _("Available exceeds required in %(year)s (%(available)s against %(required)s).",
                  year=year, available=_amount(available), required=_amount(required or 0)),
                warning=True,
            ))  # fmt: skip
    return warnings


def replace_annual_figures(
    session: Session, project: Project, entries: Sequence[AnnualEntry], *, editor: User,
    expected_version: int, start_month: int = 1,
) -> list[Problem]:  # fmt: skip
    """Make the project's annual rows ``entries``; see the module's docstring."""
    revisions.check_version(project, expected_version)
    problems = check_annual_entries(project, entries, start_month=start_month,
                                    amount_max=database_limits(session).budget_max)  # fmt: skip
    funders = _funders(session, entries)
    foreign = {(f.year, f.measure, f.funder_id): f.currency for f in foreign_rows(project)}
    for row, entry in enumerate(entries):
        if entry.funder_id is not None and entry.funder_id not in funders:
            problems.insert(0, Problem(_("Choose a funder from the list."), row, "funder_id"))
        if entry.key in foreign:
            message = _("%(year)s %(measure)s is recorded in %(currency)s; it cannot also be "
                        "entered in %(project)s.", year=entry.year,
                        measure=measure_name(entry.measure).lower(),
                        currency=foreign[entry.key], project=project.currency)  # fmt: skip
            problems.insert(0, Problem(message, row, "measure"))
    if any(not problem.warning for problem in problems):
        raise AnnualInvalid(problems)
    revisions.ensure_baseline(session, project)
    before = revisions.snapshot(project)
    with session.no_autoflush:  # one UPDATE of the project, so its version moves on by one
        _sync_rows(project, entries, funders)
        budget = budget_from_rows(project)
        if budget is not None and Decimal(project.budget) != budget:
            project.budget = budget
    if revisions.snapshot(project) != before:
        revisions.touch(project, editor)
        session.flush()
        revisions.record(session, project, editor)
    return [problem for problem in problems if problem.warning]


def _funders(session: Session, entries: Sequence[AnnualEntry]) -> dict[int, Organisation]:
    ids = {entry.funder_id for entry in entries if entry.funder_id is not None}
    if not ids:
        return {}
    found = session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
    return {organisation.id: organisation for organisation in found}


def _sync_rows(project: Project, entries: Sequence[AnnualEntry],
               funders: dict[int, Organisation]) -> None:  # fmt: skip
    """Update rows in place by (year, measure, funder): deleting and inserting the same key
    in one flush would collide on the unique constraint (inserts run first)."""
    wanted = {entry.key: entry for entry in entries}
    rows = project.annual_figures
    rows[:] = [
        row for row in rows
        if (row.year, row.measure, row.funder_id) in wanted or row.currency != project.currency
    ]  # fmt: skip
    present = {(row.year, row.measure, row.funder_id): row for row in rows}
    for key, entry in wanted.items():
        row = present.get(key)
        if row is None:
            row = AnnualFigure(year=entry.year, measure=entry.measure, funder_id=entry.funder_id,
                               funder=funders.get(entry.funder_id))  # fmt: skip
            rows.append(row)
        values = {"amount": entry.amount, "currency": project.currency,
                  "correction": entry.correction, "note": entry.note.strip()}  # fmt: skip
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
