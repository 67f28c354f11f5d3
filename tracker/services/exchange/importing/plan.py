"""Planning an import: what each record would create or change, and every problem, unwritten.

The checks are set-based: the codelists, organisations and existing codes are read once,
and the projects a file updates are read in batches, so a plan of 100,000 rows costs a few
dozen queries. The rules are the form's own (``rules.check_rules``, ``ALLOWED_TRANSITIONS``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.formats.csv_projects import ProjectRecord
from tracker.formats.records import ERROR, WARNING, ImportRecord, Problem, line_of
from tracker.models import Indicator, Organisation
from tracker.models.project import CLOSED, IMPLEMENTATION
from tracker.services.exchange.exporting import records_by_id
from tracker.services.exchange.iati_money import Published, published
from tracker.services.exchange.iati_results import results_changed, stored_results
from tracker.services.exchange.importing.hierarchy import check_parents, plan_parents
from tracker.services.exchange.importing.organisations import (
    NewOrganisation,
    create_organisations,
)
from tracker.services.exchange.importing.planned import ImportPlan, PlannedProject
from tracker.services.exchange.importing.published import (
    PlannedMoney,
    money_changes,
    plan_money,
)
from tracker.services.exchange.importing.reference import (
    ImportReference,
    existing_codes,
    last_change_dates,
    load_reference,
)
from tracker.services.exchange.importing.resolve import Resolver
from tracker.services.exchange.importing.results import plan_results, results_summary
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


def plan_import(
    session: Session,
    records: Sequence[ImportRecord],
    problems: Sequence[Problem] = (),
    *,
    rules: ImportRules = RULES["csv"],
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    start_month: int = 1,
) -> ImportPlan:
    """Check ``records`` (and keep the reader's ``problems``) against the database and the
    rules; nothing is written. ``progress(n)`` is told every few records. ``start_month``
    is the fiscal year's first month, for the annual figures an IATI file derives."""
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
    # IATI: the money as published and the hierarchy, compared with what the export writes.
    if any(record.related is not None or record.budgets is not None for record in records):
        planner.parents = plan_parents(records, codes, plan.problems)
        planner.published = published(session, ids, start_month)
    planner.start_month = start_month
    if any(record.results is not None for record in records):
        planner.sdg_codes = set(session.scalars(select(Indicator.code)))
        planner.stored_results = stored_results(session, ids)
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
    check_parents(plan.creates + plan.updates, codes, plan.problems)
    planned_codes = {planned.code for planned in (*plan.creates, *plan.updates)}
    plan.new_organisations = sorted(
        (new for new in planner.unknown.values() if new.projects & planned_codes),
        key=lambda new: new.name.lower(),
    )
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
        self.parents: dict[str, str | None] = {}  # IATI record's where -> parent code
        self.published: dict[int, Published] = {}  # project id -> as the export writes it
        self.unknown: dict[str, NewOrganisation] = {}
        self.start_month = 1
        self.sdg_codes: set[str] = set()  # official SDG indicator codes, for IATI results
        self.stored_results: dict = {}  # project id -> its results as the export writes them

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
        results = self._results(record, resolver, data)
        if resolver.failed:
            self.plan.rejected += 1
            return
        planned = PlannedProject(record.where, data.code, data, status)
        planned.source = new_source(record)
        planned.money = self._money(record)
        planned.results = results
        if record.where in self.parents:
            planned.parent, planned.sets_parent = self.parents[record.where], True
        self.plan.creates.append(planned)

    def _results(self, record: ImportRecord, resolver: Resolver, data: ProjectData):
        span = (data.actual_start or data.planned_start, data.actual_end or data.planned_end)
        return plan_results(record.results, resolver.add, span, self.sdg_codes)

    def _money(self, record: ImportRecord) -> PlannedMoney | None:
        return plan_money(
            record, self.reference, self.plan.problems, self.unknown, self.start_month
        )

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
        results = self._results(record, resolver, data)
        if resolver.failed:
            self.plan.rejected += 1
            return
        changes = diff(resolver.state(before, current.status), resolver.state(data, status))
        money, sets_parent = self._money(record), record.where in self.parents
        parent = self.parents.get(record.where)
        money_changed, parent_changed = money_changes(
            self.published.get(project_id), money, sets_parent, parent, changes
        )
        before_results = self.stored_results.get(project_id)
        if results is not None and results_changed(before_results, results):
            before_text = results_summary(before_results) if before_results else ""
            changes.append(FieldChange("published_results", "published_results", before_text,
                                       results_summary(results)))  # fmt: skip
        else:
            results = None
        if not changes:
            self.plan.unchanged.append(current.code)
            return
        planned = PlannedProject(
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
        planned.money = money if money_changed else None
        planned.results = results
        planned.parent, planned.sets_parent = parent, parent_changed
        self.plan.updates.append(planned)

    def _resolver(self, record: ImportRecord) -> Resolver | None:
        first = self.seen.setdefault(record.code.lower(), record.where)
        resolver = Resolver(
            record,
            self.reference,
            self.rules,
            self.plan.problems,
            self.reported,
            failed=record.where in self.failed_at,
            unknown=self.unknown,
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


def plan_creating_organisations(
    session: Session,
    records: Sequence[ImportRecord],
    problems: Sequence[Problem],
    chosen: Collection[str],
    **options: Any,
) -> tuple[ImportPlan, list[Organisation]]:
    """Create the organisations ``chosen`` (keys of ``plan.new_organisations``) and plan
    again, so the import links them; flushes. The caller applies the plan and commits once,
    so the organisations and the import are kept together or not at all."""
    plan = plan_import(session, records, problems, **options)
    wanted = [new for new in plan.new_organisations if new.key in chosen]
    if not wanted:
        return plan, []
    created = create_organisations(session, wanted)
    return plan_import(session, records, problems, **options), created
