"""Storing what a plan says of the money as published and the hierarchy: a project's
budgets, transactions and planned disbursements are replaced by the file's, its annual
figures by those derived from them (only when the file gives it budgets or transactions),
and its parent set. Only flushes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from tracker.models import Project
from tracker.models.finance import AnnualFigure, Budget, PlannedDisbursement, Transaction
from tracker.services.exchange.importing.planned import PlannedProject

CORRECTION_NOTE = "Negative in the IATI file: corrections outweigh the year's amounts"


def store_published(session: Session, planned: Sequence[PlannedProject], file_name: str) -> None:
    """Write the money and parents of ``planned`` projects (already created or updated)."""
    touched = [p for p in planned if p.money is not None or p.sets_parent]
    if not touched:
        return
    session.flush()
    wanted = {p.code.lower() for p in touched} | {
        p.parent.lower() for p in touched if p.sets_parent and p.parent
    }
    ids = _ids(session, wanted)
    with_money = [p for p in touched if p.money is not None]
    money_ids = [ids[p.code.lower()] for p in with_money]
    annual_ids = [ids[p.code.lower()] for p in with_money if p.money.annual is not None]
    for model in (Budget, Transaction, PlannedDisbursement):
        session.execute(delete(model).where(model.project_id.in_(money_ids)))
    if annual_ids:
        session.execute(delete(AnnualFigure).where(AnnualFigure.project_id.in_(annual_ids)))
    note = f"From the IATI file {file_name}"[:300] if file_name else "From an IATI file"
    for project in with_money:
        _add_money(session, ids[project.code.lower()], project, note)
    for project in touched:
        if project.sets_parent:
            parent_id = ids.get(project.parent.lower()) if project.parent else None
            session.execute(
                update(Project)
                .where(Project.id == ids[project.code.lower()])
                .values(parent_id=parent_id)
            )
    session.flush()


def _ids(session: Session, codes: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    listed = sorted(codes)
    for start in range(0, len(listed), 500):
        batch = listed[start : start + 500]
        found.update(
            (code.lower(), id_)
            for id_, code in session.execute(
                select(Project.id, Project.code).where(func.lower(Project.code).in_(batch))
            )
        )
    return found


def _add_money(session: Session, project_id: int, planned: PlannedProject, note: str) -> None:
    money = planned.money
    assert money is not None
    for budget in money.money.budgets:
        session.add(Budget(project_id=project_id, type=budget.type, status=budget.status,
                           period_start=budget.period_start, period_end=budget.period_end,
                           value=budget.value, currency=budget.currency,
                           value_date=budget.value_date))  # fmt: skip
    for transaction, (provider_id, receiver_id) in zip(
        money.money.transactions, money.transaction_parties, strict=True
    ):
        session.add(Transaction(
            project_id=project_id, type=transaction.type,
            transaction_date=transaction.transaction_date, value=transaction.value,
            currency=transaction.currency, value_date=transaction.value_date,
            description=transaction.description,
            provider_ref=transaction.provider.ref, provider_name=transaction.provider.name,
            receiver_ref=transaction.receiver.ref, receiver_name=transaction.receiver.name,
            provider_id=provider_id, receiver_id=receiver_id,
        ))  # fmt: skip
    for disbursement in money.money.planned_disbursements:  # named, not linked (the model)
        session.add(PlannedDisbursement(
            project_id=project_id, type=disbursement.type,
            period_start=disbursement.period_start, period_end=disbursement.period_end,
            value=disbursement.value, currency=disbursement.currency,
            value_date=disbursement.value_date,
            provider_ref=disbursement.provider.ref, provider_name=disbursement.provider.name,
            receiver_ref=disbursement.receiver.ref, receiver_name=disbursement.receiver.name,
        ))  # fmt: skip
    for row in money.annual or ():
        session.add(AnnualFigure(
            project_id=project_id, year=row.year, measure=row.measure, amount=row.amount,
            currency=row.currency, funder_id=row.funder_id, correction=row.correction,
            note=CORRECTION_NOTE if row.correction else note,
        ))  # fmt: skip
