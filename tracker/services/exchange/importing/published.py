"""Planning what an IATI import stores of a project's money as published (budgets,
transactions, planned disbursements), the annual figures derived from it, and the project's
place in the hierarchy (project -> outputs, stored as parent and components).

Each money element is checked against the database here (a currency the tracker does not
know, an amount too large, a text too long), so the plan holds exactly the rows the import
stores; an element that cannot be stored is a warning and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import Column

from tracker.formats.records import (
    WARNING,
    ActivityMoney,
    ImportRecord,
    Party,
    Problem,
)
from tracker.models.finance import Transaction
from tracker.services.exchange.iati_money import Published
from tracker.services.exchange.importing.organisations import (
    NewOrganisation,
    match_organisation,
    new_kind,
    note_unknown,
)
from tracker.services.exchange.importing.reference import ImportReference
from tracker.services.finance.iati_figures import (
    INCOMING_COMMITMENT,
    INCOMING_FUNDS,
    AnnualRow,
    annual_rows,
)
from tracker.services.portfolio.revisions import FieldChange

if TYPE_CHECKING:
    pass

PARTY_COLUMNS = {
    "ref": Transaction.__table__.c.provider_ref,
    "name": Transaction.__table__.c.provider_name,
}
DESCRIPTION: Column = Transaction.__table__.c.description
YEARS = (1900, 2200)  # the years an annual figure can have (the table's check)


@dataclass(frozen=True)
class PlannedMoney:
    """What the import stores for one project: its money as published, the organisations
    linked as each transaction's and planned disbursement's provider and receiver, and the
    annual figures derived (``annual`` None: the file gives no money, the project's annual
    figures stay as they are)."""

    money: ActivityMoney
    transaction_parties: tuple[tuple[int | None, int | None], ...]
    planned_parties: tuple[tuple[int | None, int | None], ...]
    annual: tuple[AnnualRow, ...] | None

    def counts(self) -> tuple[int, int, int]:
        money = self.money
        return len(money.budgets), len(money.transactions), len(money.planned_disbursements)


def plan_money(
    record: ImportRecord,
    reference: ImportReference,
    problems: list[Problem],
    unknown: dict[str, NewOrganisation],
    start_month: int,
) -> PlannedMoney | None:
    """The money ``record`` carries as it will be stored, or None for a format without it."""
    if record.budgets is None and record.transactions is None:
        return None
    checker = _Checker(record, reference, problems)
    budgets = tuple(b for b in record.budgets or () if checker.keeps(b))
    transactions = tuple(checker.clipped(t) for t in record.transactions or () if checker.keeps(t))
    planned = tuple(
        checker.clipped(p) for p in record.planned_disbursements or () if checker.keeps(p)
    )

    def parties(element: Any, funding: bool) -> tuple[int | None, int | None]:
        return (
            _party_id(element.provider, reference, unknown, record.code, funding),
            _party_id(element.receiver, reference, unknown, record.code, False),
        )

    transaction_parties = tuple(
        parties(t, t.type in (INCOMING_FUNDS, INCOMING_COMMITMENT)) for t in transactions
    )
    planned_parties = tuple(parties(p, True) for p in planned)
    annual = None
    if budgets or transactions:
        rows = annual_rows(
            budgets,
            [
                (t, provider)
                for t, (provider, _r) in zip(transactions, transaction_parties, strict=True)
            ],
            start_month,
        )
        annual = tuple(_storable(rows, record, reference, problems))
    money = ActivityMoney(budgets, transactions, planned)
    return PlannedMoney(money, transaction_parties, planned_parties, annual)


def _party_id(
    party: Party,
    reference: ImportReference,
    unknown: dict[str, NewOrganisation],
    code: str,
    funding: bool,
) -> int | None:
    if not party.ref and not party.name:
        return None
    found = match_organisation(reference, ref=party.ref, name=party.name)
    if found is None:
        note_unknown(unknown, ref=party.ref, name=party.name,
                     kind=new_kind(party.type, funding), code=code)  # fmt: skip
    return found


def _storable(
    rows: list[AnnualRow], record: ImportRecord, reference: ImportReference, problems: list
) -> list[AnnualRow]:
    """The rows the database can hold: one per year, measure and funder (a second currency
    for the same funder and year is left out of the figures, and said so), and amounts the
    database keeps."""
    kept, seen = [], set()
    for row in rows:
        key = (row.year, row.measure, row.funder_id)
        if not YEARS[0] <= row.year <= YEARS[1]:
            message = _("Annual figures: the year %(year)s is outside %(first)s to %(last)s; "
                        "it is left out of the figures (the budgets and transactions are "
                        "kept).", year=row.year, first=YEARS[0], last=YEARS[1])  # fmt: skip
            problems.append(Problem(record.where, "iso-date", WARNING, message, record.code))
            continue
        if row.funder_id is not None and key in seen:
            message = _("Annual figures: %(year)s %(measure)s from one funder in a second "
                        "currency (%(currency)s) is left out of the figures; the transactions "
                        "are kept.", year=row.year, measure=row.measure,
                        currency=row.currency)  # fmt: skip
            problems.append(Problem(record.where, "transaction", WARNING, message, record.code))
            continue
        if abs(row.amount) > reference.limits.budget_max:
            message = _("Annual figures: %(year)s %(measure)s adds up to more than the tracker "
                        "keeps; left out.", year=row.year, measure=row.measure)  # fmt: skip
            problems.append(Problem(record.where, "value", WARNING, message, record.code))
            continue
        seen.add(key)
        kept.append(row)
    return kept


class _Checker:
    """Whether the database can store a money element, and its texts cut to the columns."""

    def __init__(self, record: ImportRecord, reference: ImportReference, problems: list) -> None:
        self.record, self.reference, self.problems = record, reference, problems

    def warn(self, element: Any, column: str, message: str) -> None:
        where = element.where or self.record.where
        self.problems.append(Problem(where, column, WARNING, message, self.record.code))

    def keeps(self, element: Any) -> bool:
        if element.currency not in self.reference.currencies:
            self.warn(element, "currency", _("%(currency)s is not an ISO 4217 currency code; "
                      "left out.", currency=element.currency))  # fmt: skip
            return False
        limit = self.reference.limits.budget_max
        if abs(element.value) > limit:
            self.warn(element, "value", _("The amount is too large: the tracker keeps amounts up "
                      "to %(limit)s; left out.",
                      limit=format_decimal(limit, format="#,##0.00")))  # fmt: skip
            return False
        return True

    def clipped(self, element: Any) -> Any:
        """``element`` with texts no longer than the tables keep (warned when cut)."""
        changes: dict[str, Any] = {}
        for side in ("provider", "receiver"):
            party = getattr(element, side)
            cut = {name: self._cut(element, getattr(party, name), column)
                   for name, column in PARTY_COLUMNS.items()}  # fmt: skip
            # The party's IATI type is not stored; the plan holds what is.
            changes[side] = Party(cut["ref"], cut["name"])
        if hasattr(element, "description"):
            changes["description"] = self._cut(element, element.description, DESCRIPTION)
        return replace(element, **changes)

    def _cut(self, element: Any, text: str, column: Column) -> str:
        limit = column.type.length
        if len(text) <= limit:
            return text
        self.warn(element, column.name, _("%(column)s is shortened to %(limit)s characters.",
                                          column=column.name, limit=limit))  # fmt: skip
        return text[:limit]


def money_changes(
    before: Published | None,
    money: PlannedMoney | None,
    sets_parent: bool,
    parent: str | None,
    changes: list[FieldChange],
) -> tuple[bool, bool]:
    """Whether the money and the parent change from what the export writes now (each change
    added to ``changes`` for the preview)."""
    money_changed = parent_changed = False
    if money is not None:
        now = before.stored if before else ActivityMoney()
        wanted = _canonical(money.money)
        # Unchanged: the file holds the rows stored, or what the export writes for them.
        if wanted not in (_canonical(now), _canonical(before.money if before else now)):
            money_changed = True
            changes.append(FieldChange("published_money", "published_money",
                                       money_summary(now), money_summary(money.money)))  # fmt: skip
    if sets_parent:
        now_parent = before.parent if before else None
        if (now_parent or "").lower() != (parent or "").lower():
            parent_changed = True
            changes.append(FieldChange("parent", "parent", now_parent or "", parent or ""))
    return money_changed, parent_changed


def money_summary(money: ActivityMoney) -> str:
    """``2 budgets, 5 transactions, 0 planned disbursements`` in the reader's language."""
    return _("%(budgets)s budgets, %(transactions)s transactions, %(planned)s planned "
             "disbursements", budgets=len(money.budgets),
             transactions=len(money.transactions),
             planned=len(money.planned_disbursements))  # fmt: skip


def _canonical(money: ActivityMoney) -> tuple:
    """The money in an order that does not depend on the file's nor the database's."""
    return tuple(
        sorted(repr(element) for element in elements)
        for elements in (money.budgets, money.transactions, money.planned_disbursements)
    )
