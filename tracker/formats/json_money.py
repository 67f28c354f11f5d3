"""A project's money in the JSON API: IATI budgets, transactions and planned disbursements
as published, and the tracker's annual figures.

Pure shaping like ``json_api``: amounts are decimal strings with cents (a correction or a
reimbursement may be negative), dates ISO 8601, IATI codes as integers. Each party to a
transaction is {ref, name} as the file named it (an organisation the tracker knows fills in
what the file left out).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from tracker.formats.json_api import CENT, Json, day
from tracker.models import AnnualFigure, Budget, Organisation, PlannedDisbursement, Transaction


def signed_money(value: Decimal | int) -> str:
    """An amount in cents, rounded half up, with its sign: "-1250.00"."""
    return format(Decimal(value).quantize(CENT, ROUND_HALF_UP), "f")


def party(ref: str, name: str, known: Organisation | None) -> Json | None:
    """A provider or receiver as {ref, name}; None when the file names nobody."""
    ref = ref or (known.iati_ref if known else "") or ""
    name = name or (known.name if known else "") or ""
    return {"ref": ref or None, "name": name or None} if ref or name else None


def budget(found: Budget) -> Json:
    return {
        "type": found.type,
        "status": found.status,
        "period_start": day(found.period_start),
        "period_end": day(found.period_end),
        "value": signed_money(found.value),
        "currency": found.currency,
        "value_date": day(found.value_date),
    }


def transaction(found: Transaction) -> Json:
    return {
        "type": found.type,
        "date": day(found.transaction_date),
        "value": signed_money(found.value),
        "currency": found.currency,
        "value_date": day(found.value_date),
        "description": found.description or "",
        "provider": party(found.provider_ref, found.provider_name, found.provider),
        "receiver": party(found.receiver_ref, found.receiver_name, found.receiver),
    }


def planned_disbursement(found: PlannedDisbursement) -> Json:
    return {
        "type": found.type,
        "period_start": day(found.period_start),
        "period_end": day(found.period_end),
        "value": signed_money(found.value),
        "currency": found.currency,
        "value_date": day(found.value_date),
        "provider": party(found.provider_ref, found.provider_name, None),
        "receiver": party(found.receiver_ref, found.receiver_name, None),
    }


def annual_figure(found: AnnualFigure) -> Json:
    funder = found.funder
    return {
        "year": found.year,
        "measure": found.measure,
        "amount": signed_money(found.amount),
        "currency": found.currency,
        "funder": None if funder is None else {
            "acronym": funder.acronym, "name": funder.name, "iati_ref": funder.iati_ref,
        },
        "correction": bool(found.correction),
        "note": found.note or "",
    }  # fmt: skip


def project_money(
    budgets: Iterable[Budget],
    transactions: Iterable[Transaction],
    planned_disbursements: Iterable[PlannedDisbursement],
    annual_figures: Iterable[AnnualFigure],
) -> Json:
    """The money fields of one project's detail, each list in the order it was read."""
    return {
        "budgets": [budget(found) for found in budgets],
        "transactions": [transaction(found) for found in transactions],
        "planned_disbursements": [planned_disbursement(found) for found in planned_disbursements],
        "annual_figures": [annual_figure(found) for found in annual_figures],
    }
