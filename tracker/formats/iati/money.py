"""An IATI activity's budgets and transactions summed into the tracker's one budget.

The rule: budgets are summed per period, and a revised budget (type 2) replaces the
original (type 1) of the same period, since publishers report both for one period. Values
in another currency than the activity's are reported and left out: the tracker keeps one
currency per project and converting would need exchange rates the file does not give.
An activity without budgets falls back to the sum of its commitments (transaction type 2),
and the report says so. Disbursements and expenditures are summed for the report only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_UP,
    Decimal,
    InvalidOperation,
    Overflow,
    localcontext,
)

from flask_babel import gettext as _
from lxml import etree

from tracker.formats.records import WARNING

ORIGINAL, REVISED = "1", "2"
COMMITMENT, DISBURSEMENT, EXPENDITURE = "2", "3", "4"
CENT = Decimal("0.01")

Add = Callable[[etree._Element, str, str, str], None]  # (element, attribute, severity, message)


@dataclass
class Money:
    budget: Decimal | None = None
    currency: str | None = None
    notes: dict[str, str] = field(default_factory=dict)  # what -> a sentence for the report


def sum_money(activity: etree._Element, add: Add) -> Money:
    """The activity's budget and currency, with notes for the report; ``add`` reports.

    Any amount a file gives is summed without raising: one too large to add up becomes
    Infinity, which the import's check of the database's limits reports as too large."""
    with localcontext() as context:
        context.Emax, context.Emin = MAX_EMAX, MIN_EMIN
        context.traps[Overflow] = False
        return _sum_money(activity, add)


def _sum_money(activity: etree._Element, add: Add) -> Money:
    currency = (activity.get("default-currency") or "").strip().upper() or None
    money = Money(currency=currency)
    periods: dict[tuple[str, str], dict[str, Decimal]] = {}
    for budget in activity.iterchildren("budget"):
        value = _value(budget.find("value"), money, budget, add)
        if value is None:
            continue
        kind = (budget.get("type") or ORIGINAL).strip()
        period = tuple(
            (budget.find(part).get("iso-date", "") if budget.find(part) is not None else "")
            for part in ("period-start", "period-end")
        )
        by_kind = periods.setdefault(period, {})
        by_kind[kind] = by_kind.get(kind, Decimal(0)) + value
    if periods:
        revised = sum(1 for kinds in periods.values() if REVISED in kinds and ORIGINAL in kinds)
        money.budget = sum(
            (kinds.get(REVISED, kinds.get(ORIGINAL, Decimal(0))) for kinds in periods.values()),
            Decimal(0),
        )
        if revised:
            note = _("Budget: the sum of the budget periods (%(count)s); the revised budget "
                     "replaced the original in %(revised)s of them.", count=len(periods),
                     revised=revised)  # fmt: skip
        else:
            note = _("Budget: the sum of the budget periods (%(count)s).", count=len(periods))
        money.notes["budget"] = note
    sums = {COMMITMENT: Decimal(0), DISBURSEMENT: Decimal(0), EXPENDITURE: Decimal(0)}
    counts = dict.fromkeys(sums, 0)
    for transaction in activity.iterchildren("transaction"):
        kind_element = transaction.find("transaction-type")
        kind = (kind_element.get("code") or "").strip() if kind_element is not None else ""
        if kind not in sums:
            continue
        value = _value(transaction.find("value"), money, transaction, add)
        if value is not None:
            sums[kind] += value
            counts[kind] += 1
    if money.budget is None and counts[COMMITMENT]:
        money.budget = sums[COMMITMENT]
        money.notes["budget"] = _(
            "No budget in the file: the sum of the commitments (%(count)s) is used.",
            count=counts[COMMITMENT],
        )
    for kind, name in ((DISBURSEMENT, "disbursed"), (EXPENDITURE, "spent")):
        if counts[kind]:
            amount = f"{sums[kind]:f} {money.currency or ''}".strip()
            if kind == DISBURSEMENT:
                money.notes[name] = _("Disbursed: %(amount)s.", amount=amount)
            else:
                money.notes[name] = _("Spent: %(amount)s.", amount=amount)
    if money.budget is not None:
        if money.budget < 0:
            message = _("The budget sums to %(budget)s; it is left out.", budget=money.budget)
            add(activity, "budget", WARNING, message)
            money.budget = None
        elif money.budget.is_finite() and money.budget.adjusted() < 20:
            money.budget = money.budget.quantize(CENT, ROUND_HALF_UP)
        # else too large to be kept to the cent; the import's limits report it
    if money.budget is None:
        money.currency = None  # nothing to say about a budget the file does not give
    return money


def _value(
    element: etree._Element | None, money: Money, parent: etree._Element, add: Add
) -> Decimal | None:
    """A <value> in the activity's currency, or None (reported) when it cannot be used."""
    if element is None:
        add(parent, "value", WARNING, _("No <value>; left out of the sums."))
        return None
    try:
        value = Decimal((element.text or "").strip())
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        message = _("%(text)s is not an amount; left out of the sums.", text=repr(element.text))
        add(element, "", WARNING, message)
        return None
    currency = (element.get("currency") or "").strip().upper()
    if money.currency is None and currency:
        money.currency = currency  # no default-currency: the first value's is the activity's
    if currency and currency != money.currency:
        add(
            element,
            "currency",
            WARNING,
            _(
                "%(value)s %(currency)s is in another currency than the activity's "
                "%(activity_currency)s; left out (no exchange rates are applied).",
                value=format(value, "f"),
                currency=currency,
                activity_currency=money.currency,
            ),
        )
        return None
    return value
