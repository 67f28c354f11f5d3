"""Importing exchange rates from a file: a plan that writes nothing, then applying it whole.

``tracker.formats.csv_rates`` reads the file into ``RateRecord``s and ``Problem``s; the plan
checks each record with the form's own rule (``exchange_rates.check_rate``) and against the
stored rates, and says which rates would be added, which changed (with their values now)
and which are already as the file says. Any error blocks the whole file: ``apply_rates``
refuses a plan with errors, so a file is imported entirely or not at all.

    records, problems = read_rates_csv(data)
    plan = plan_rates(session, records, problems)
    if not plan.has_errors:
        apply_rates(session, plan)
        session.commit()
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from tracker.formats.csv_rates import RateRecord
from tracker.formats.records import ERROR, WARNING, Problem
from tracker.models import ExchangeRate
from tracker.services.finance.exchange_rates import check_rate, currency_codes

BATCH = 500  # stored rates read per query


@dataclass(frozen=True)
class PlannedRate:
    """A rate the import would store: new (``rate_id`` None) or replacing ``before``."""

    line: int
    currency: str
    quote_currency: str
    month: date
    rate: Decimal
    source: str
    rate_id: int | None = None
    before: tuple[Decimal, str] | None = None  # the stored (rate, source) it replaces


@dataclass
class RatesPlan:
    adds: list[PlannedRate]
    changes: list[PlannedRate]
    unchanged: int
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == WARNING]

    @property
    def has_errors(self) -> bool:
        return any(problem.severity == ERROR for problem in self.problems)

    def fingerprint(self) -> str:
        """Equal for two plans that would do the same thing (confirm plans again and
        compares, so that what is stored is what the preview showed)."""
        text = repr((self.adds, self.changes, self.unchanged, self.problems))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


class RatesRefused(ValueError):
    """A plan with errors was given to ``apply_rates``: nothing is stored."""


def _stored(session: Session, records: Sequence[RateRecord]) -> dict[tuple, ExchangeRate]:
    keys = [record.key for record in records]
    stored: dict[tuple, ExchangeRate] = {}
    columns = tuple_(ExchangeRate.currency, ExchangeRate.quote_currency, ExchangeRate.month)
    for start in range(0, len(keys), BATCH):
        query = select(ExchangeRate).where(columns.in_(keys[start : start + BATCH]))
        for rate in session.scalars(query):
            stored[(rate.currency, rate.quote_currency, rate.month)] = rate
    return stored


def plan_rates(
    session: Session, records: Sequence[RateRecord], problems: Sequence[Problem] = ()
) -> RatesPlan:
    """What importing ``records`` would do, and every problem (the reader's ``problems``
    too); nothing is written."""
    plan = RatesPlan([], [], 0, list(problems))
    known = currency_codes(session)
    stored = _stored(session, records)
    for record in records:
        where = f"line {record.line}"
        checked, found = check_rate(
            record.currency, record.quote_currency, record.rate, record.source, known
        )
        plan.problems += [Problem(where, field, ERROR, message) for field, message in found]
        if checked is None:
            continue
        if checked.note:
            plan.problems.append(Problem(where, "rate", WARNING, checked.note))
        existing = stored.get(record.key)
        planned = PlannedRate(record.line, record.currency, record.quote_currency, record.month,
                              checked.rate, checked.source)  # fmt: skip
        if existing is None:
            plan.adds.append(planned)
        elif (existing.rate, existing.source) == (checked.rate, checked.source):
            plan.unchanged += 1
        else:
            before = (existing.rate, existing.source)
            plan.changes.append(replace(planned, rate_id=existing.id, before=before))
    plan.problems.sort(key=_problem_order)
    return plan


def _problem_order(problem: Problem) -> tuple[int, str]:
    number = problem.where.removeprefix("line ")
    return (int(number) if number.isdigit() else 0, problem.column)


def apply_rates(session: Session, plan: RatesPlan) -> tuple[int, int]:
    """Store a plan without errors (adds and changes); only flushes. Returns (added,
    changed). A rate stored meanwhile for the same month breaks the unique constraint at
    the flush, and the caller's rollback leaves the database as it was."""
    if plan.has_errors:
        raise RatesRefused(_("the file has errors; nothing was imported."))
    for planned in plan.adds:
        session.add(
            ExchangeRate(
                currency=planned.currency, quote_currency=planned.quote_currency,
                month=planned.month, rate=planned.rate, source=planned.source,
            )
        )  # fmt: skip
    for planned in plan.changes:
        stored = session.get(ExchangeRate, planned.rate_id)
        if stored is None:  # deleted since the plan: store it again
            stored = ExchangeRate(currency=planned.currency, month=planned.month,
                                  quote_currency=planned.quote_currency)  # fmt: skip
            session.add(stored)
        stored.rate, stored.source = planned.rate, planned.source
    session.flush()
    return len(plan.adds), len(plan.changes)
