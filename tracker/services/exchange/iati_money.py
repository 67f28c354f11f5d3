"""A project's money and hierarchy as the IATI export writes them, read in batches.

The export writes this, and an IATI import compares a file with it ("unchanged" means the
file says what the export would say):

- budgets: the project's Budget rows as published; without any, one budget per fiscal year
  from its annual "required" figures (IATI wants periods of at most a year); without
  either, one budget over the planned dates for the project's budget, as before, unless
  the project has components (their budgets carry its money);
- transactions and planned disbursements as recorded;
- the parent's code, and the components' codes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tracker.formats.records import (
    ActivityMoney,
    BudgetRecord,
    Party,
    PlannedDisbursementRecord,
    TransactionRecord,
)
from tracker.models import Project
from tracker.models.finance import (
    BUDGET_COMMITTED,
    BUDGET_INDICATIVE,
    BUDGET_ORIGINAL,
    REQUIRED,
    AnnualFigure,
    Budget,
    PlannedDisbursement,
    Transaction,
)
from tracker.services.finance.rates import fiscal_year_bounds

BATCH = 500


@dataclass(frozen=True)
class Published:
    """What the IATI export writes of one project's money and place in the hierarchy."""

    money: ActivityMoney
    parent: str | None = None
    components: tuple[str, ...] = ()
    stored: ActivityMoney = ActivityMoney()  # the rows as stored, without derived budgets


def published(
    session: Session, project_ids: Sequence[int], start_month: int = 1
) -> dict[int, Published]:
    """Each project's money and hierarchy as the export writes them, a few queries a batch."""
    found: dict[int, Published] = {}
    for start in range(0, len(project_ids), BATCH):
        found.update(_batch(session, list(project_ids[start : start + BATCH]), start_month))
    return found


def _batch(session: Session, ids: list[int], start_month: int) -> dict[int, Published]:
    budgets: dict[int, list[BudgetRecord]] = defaultdict(list)
    for row in session.scalars(
        select(Budget).where(Budget.project_id.in_(ids)).order_by(Budget.period_start, Budget.id)
    ):
        budgets[row.project_id].append(
            BudgetRecord(row.type, row.status, row.period_start, row.period_end,
                         _cents(row.value), row.currency, row.value_date)
        )  # fmt: skip
    transactions: dict[int, list[TransactionRecord]] = defaultdict(list)
    for row in session.scalars(
        select(Transaction)
        .where(Transaction.project_id.in_(ids))
        .order_by(Transaction.transaction_date, Transaction.id)
    ):
        transactions[row.project_id].append(
            TransactionRecord(row.type, row.transaction_date, _cents(row.value), row.currency,
                              row.value_date, Party(row.provider_ref, row.provider_name),
                              Party(row.receiver_ref, row.receiver_name), row.description)
        )  # fmt: skip
    planned: dict[int, list[PlannedDisbursementRecord]] = defaultdict(list)
    for row in session.scalars(
        select(PlannedDisbursement)
        .where(PlannedDisbursement.project_id.in_(ids))
        .order_by(PlannedDisbursement.period_start, PlannedDisbursement.id)
    ):
        planned[row.project_id].append(
            PlannedDisbursementRecord(row.type, row.period_start, row.period_end,
                                      _cents(row.value), row.currency, row.value_date,
                                      Party(row.provider_ref, row.provider_name),
                                      Party(row.receiver_ref, row.receiver_name))
        )  # fmt: skip
    required: dict[int, list[BudgetRecord]] = defaultdict(list)
    for project_id, year, amount, currency in session.execute(
        select(AnnualFigure.project_id, AnnualFigure.year, AnnualFigure.amount,
               AnnualFigure.currency)
        .where(AnnualFigure.project_id.in_(ids), AnnualFigure.measure == REQUIRED)
        .order_by(AnnualFigure.year, AnnualFigure.currency, AnnualFigure.id)
    ):  # fmt: skip
        first, last = fiscal_year_bounds(year, start_month)
        required[project_id].append(
            BudgetRecord(BUDGET_ORIGINAL, BUDGET_INDICATIVE, first, last, _cents(amount),
                         currency, first)
        )  # fmt: skip
    parent = aliased(Project)
    projects = session.execute(
        select(Project.id, Project.planned_start, Project.planned_end, Project.budget,
               Project.currency, parent.code)
        .outerjoin(parent, parent.id == Project.parent_id)
        .where(Project.id.in_(ids))
    ).all()  # fmt: skip
    components: dict[int, list[str]] = defaultdict(list)
    for parent_id, code in session.execute(
        select(Project.parent_id, Project.code)
        .where(Project.parent_id.in_(ids))
        .order_by(Project.code)
    ):
        components[parent_id].append(code)
    found = {}
    for project_id, planned_start, planned_end, budget, currency, parent_code in projects:
        written = budgets.get(project_id) or required.get(project_id) or []
        # A project whose outputs carry the money gets no budget of its own (it would count
        # the outputs' money twice).
        whole = planned_start and planned_end and planned_end >= planned_start
        if not written and whole and not components.get(project_id):
            written = [_whole_budget(planned_start, planned_end, budget, currency)]
        rest = (tuple(transactions[project_id]), tuple(planned[project_id]))
        found[project_id] = Published(
            ActivityMoney(tuple(written), *rest),
            parent_code,
            tuple(components[project_id]),
            ActivityMoney(tuple(budgets.get(project_id, ())), *rest),
        )
    return found


def _whole_budget(start: date, end: date, budget: Decimal, currency: str) -> BudgetRecord:
    """The one budget over the planned dates the export wrote before budgets were kept."""
    return BudgetRecord(BUDGET_ORIGINAL, BUDGET_COMMITTED, start, end, _cents(budget), currency,
                        start)  # fmt: skip


def _cents(value: Decimal) -> Decimal:
    # SQLite hands amounts back through floating point; two decimals is what is stored.
    return Decimal(value).quantize(Decimal("0.01"))
