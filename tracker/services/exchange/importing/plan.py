"""Planning an import: what each record would create or change, and every problem, unwritten.

The checks are set-based: the codelists, organisations and existing codes are read once,
and the projects a file updates are read in batches, so a plan of 100,000 rows costs a few
dozen queries. The rules are the form's own (``rules.check_rules``, ``ALLOWED_TRANSITIONS``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from tracker.formats.csv_projects import ProjectRecord
from tracker.formats.records import ERROR, WARNING, ImportRecord, Problem, line_of
from tracker.models.project import CLOSED, IMPLEMENTATION
from tracker.services.exchange.exporting import records_by_id
from tracker.services.exchange.importing.reference import (
    ImportReference,
    existing_codes,
    last_change_dates,
    load_reference,
)
from tracker.services.exchange.importing.resolve import Resolver
from tracker.services.exchange.importing.rules import (
    RULES,
    ImportRules,
    check_illustrative,
    check_rules,
    new_source,
)
from tracker.services.portfolio.projects import ProjectData
from tracker.services.portfolio.revisions import FieldChange, diff
from tracker.services.portfolio.statuses import allowed_next
from tracker.vocabulary import status_label

PROGRESS_EVERY = 1000


@dataclass
class PlannedProject:
    """A project to create (``project_id`` None) or to update, as the import would save it."""

    where: str
    code: str
    data: ProjectData
    status: int  # the new project's status, or the status the update moves it to
    project_id: int | None = None
    version: int = 0  # the version the plan was made on; the save refuses any other
    from_status: int | None = None  # set when an update changes the status
    effective_date: date | None = None
    changes: list[FieldChange] = field(default_factory=list)
    source: str = "import"  # a new project's source: "import", or illustrative as the file says

    @property
    def changes_status(self) -> bool:
        return self.from_status is not None and self.from_status != self.status


@dataclass
class ImportPlan:
    creates: list[PlannedProject]
    updates: list[PlannedProject]
    unchanged: list[str]  # codes
    problems: list[Problem]
    rules: ImportRules
    rejected: int = 0  # records left out because of their errors

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == WARNING]

    @property
    def has_errors(self) -> bool:
        return any(problem.severity == ERROR for problem in self.problems)

    @property
    def skipped(self) -> int:
        """How many records (CSV lines, IATI activities) are left out for their problems."""
        return len({problem.where.split("/")[0] for problem in self.problems if problem.skips})

    @property
    def status_changes(self) -> int:
        return sum(planned.changes_status for planned in self.updates)

    def fingerprint(self) -> str:
        """Equal for two plans that would do the same thing (confirm re-plans and compares).
        The problems' messages are in the reader's language, so preview and confirm compare
        the same words as long as the reader keeps the language."""
        parts = [
            (p.code, p.project_id, p.version, p.status, repr(p.data), p.effective_date, p.source)
            for p in (*self.creates, *self.updates)
        ]
        text = repr((parts, self.unchanged, self.problems))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def plan_import(
    session: Session,
    records: Sequence[ImportRecord],
    problems: Sequence[Problem] = (),
    *,
    rules: ImportRules = RULES["csv"],
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Check ``records`` (and keep the reader's ``problems``) against the database and the
    rules; nothing is written. ``progress(n)`` is told every few records."""
    today = today or date.today()
    reference = load_reference(session)
    codes = existing_codes(session)
    plan = ImportPlan([], [], [], list(problems), rules)
    matched = {record.code: codes.get(record.code.lower()) for record in records}
    ids = sorted({found[0] for found in matched.values() if found})
    # with_iati: a CSV import must see the IATI parts too, to keep them as they are.
    current = dict(records_by_id(session, ids, with_iati=True))
    moving = [
        found[0]
        for record in records
        if (found := matched[record.code])
        and record.status is not None
        and record.status != current[found[0]].status
    ]
    last_dates = last_change_dates(session, moving)
    planner = _Planner(plan, reference, rules, today)
    for done, record in enumerate(records, 1):
        found = matched[record.code]
        if found is None:
            planner.create(record)
        else:
            planner.update(record, found[0], current[found[0]], last_dates.get(found[0]))
        if progress and done % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
    if progress and len(records) % PROGRESS_EVERY:
        progress(len(records) % PROGRESS_EVERY)
    if rules.skip_invalid:
        _skip_invalid(plan, {record.where for record in records})
    plan.problems.sort(key=_line_of)
    return plan


def _skip_invalid(plan: ImportPlan, record_places: set[str]) -> None:
    """A record's errors become warnings that say it is skipped (a rejected record is in
    neither creates nor updates already); errors about the file as a whole stay errors."""
    for index, problem in enumerate(plan.problems):
        if problem.severity == ERROR and problem.where in record_places:
            message = _("Skipped: %(problem)s", problem=problem.message)
            plan.problems[index] = replace(problem, severity=WARNING, message=message, skips=True)


def _line_of(problem: Problem) -> int:
    return line_of(problem.where) or 0


class _Planner:
    def __init__(
        self, plan: ImportPlan, reference: ImportReference, rules: ImportRules, today: date
    ) -> None:
        self.plan, self.reference, self.rules, self.today = plan, reference, rules, today
        # The reader already reported these; one problem per cell is enough.
        self.reported = {(p.where, p.column) for p in plan.problems if p.severity == ERROR}
        self.failed_at = {where for where, _column in self.reported}
        self.seen: dict[str, str] = {}  # lower-cased code -> where it first appeared

    def create(self, record: ImportRecord) -> None:
        resolver = self._resolver(record)
        if resolver is None:
            return
        base = ProjectData(code=record.code, title=record.title or "")
        data = resolver.merge(base)
        if not record.title:
            resolver.add("title", _("A new project needs a title."))
        if record.status is None:
            resolver.add("status", _("A new project needs a status (1 to 6)."))
        status = record.status or 1
        check_rules(resolver, data, status, self.rules, self.today)
        if resolver.failed:
            self.plan.rejected += 1
            return
        planned = PlannedProject(record.where, data.code, data, status)
        planned.source = new_source(record)
        self.plan.creates.append(planned)

    def update(
        self,
        record: ImportRecord,
        project_id: int,
        current: ProjectRecord,
        last_change: date | None,
    ) -> None:
        resolver = self._resolver(record)
        if resolver is None:
            return
        if record.code != current.code:
            resolver.add(
                "code",
                _(
                    "Matched the project %(code)s (the case differs); its code is kept.",
                    code=current.code,
                ),
                WARNING,
            )
        check_illustrative(resolver, record, current.is_illustrative)
        before = resolver.current_data(current)
        data = resolver.merge(before)
        status, effective = current.status, None
        if record.status is not None and record.status != current.status:
            if record.status in allowed_next(current.status):
                status = record.status
                effective = self._effective_date(status, data, last_change)
                data = _filled_by_status_change(data, status, effective)
            else:
                allowed = ", ".join(_numbered_status(s) for s in allowed_next(current.status))
                resolver.add(
                    "status",
                    _("A project in %(status)s cannot move to %(new)s; allowed: %(allowed)s.",
                      status=_numbered_status(current.status),
                      new=_numbered_status(record.status), allowed=allowed or _("none")),
                )  # fmt: skip
        check_rules(resolver, data, current.status, self.rules, self.today)
        if status == CLOSED and effective and data.actual_start and effective < data.actual_start:
            resolver.add("actual_start", _("A project cannot close before its actual start."))
        if resolver.failed:
            self.plan.rejected += 1
            return
        changes = diff(resolver.state(before, current.status), resolver.state(data, status))
        if not changes:
            self.plan.unchanged.append(current.code)
            return
        self.plan.updates.append(
            PlannedProject(
                record.where,
                current.code,
                data,
                status,
                project_id,
                current.version,
                current.status if effective else None,
                effective,
                changes,
            )
        )

    def _resolver(self, record: ImportRecord) -> Resolver | None:
        first = self.seen.setdefault(record.code.lower(), record.where)
        resolver = Resolver(
            record,
            self.reference,
            self.rules,
            self.plan.problems,
            self.reported,
            failed=record.where in self.failed_at,
        )
        if first != record.where:
            resolver.add(
                "code",
                _("The code %(code)s is also at %(where)s; each project once.",
                  code=record.code, where=first),
            )  # fmt: skip
            self.plan.rejected += 1
            return None
        return resolver

    def _effective_date(self, status: int, data: ProjectData, last: date | None) -> date:
        """The day the status change takes effect: the actual start or end the file gives
        for a start or a close, else today; never before the last change nor after today."""
        implied = {IMPLEMENTATION: data.actual_start, CLOSED: data.actual_end}.get(status)
        when = implied or self.today
        if last and when < last:
            when = last
        return min(when, self.today)


def _numbered_status(status: int) -> str:
    """``2 Implementation``: the code a file carries and the name, in the reader's language."""
    return f"{status} {status_label(status)}"


def _filled_by_status_change(data: ProjectData, status: int, effective: date) -> ProjectData:
    """What ``record_status_change`` will fill in, so the preview shows it."""
    if status == IMPLEMENTATION and data.actual_start is None:
        return replace(data, actual_start=effective)
    if status == CLOSED and data.actual_end is None:
        return replace(data, actual_end=effective)
    return data
