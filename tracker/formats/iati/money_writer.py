"""Writing an activity's money as published (budgets, planned disbursements, transactions)
and its parent and child links, in the order the IATI 2.03 schema wants them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lxml import etree

from tracker.formats.records import CHILD, PARENT, ActivityMoney, Party
from tracker.formats.result_records import ActivityResults


@dataclass(frozen=True)
class Published:
    """What an activity says of its money and hierarchy: the money as written (budgets of at
    most a year), the parent's code and the components' codes; and its results."""

    money: ActivityMoney
    parent: str | None = None
    components: tuple[str, ...] = ()
    results: ActivityResults | None = None  # results, policy markers and UN markers


def write_money(activity: etree._Element, money: ActivityMoney) -> None:
    """Budgets, then planned disbursements, then transactions (the schema's order)."""
    for budget in money.budgets:
        element = _sub(activity, "budget", type=str(budget.type), status=str(budget.status))
        _day(element, "period-start", budget.period_start)
        _day(element, "period-end", budget.period_end)
        _value(element, budget.value, budget.currency, budget.value_date or budget.period_start)
    for planned in money.planned_disbursements:
        element = _sub(activity, "planned-disbursement",
                       type=str(planned.type) if planned.type else "")  # fmt: skip
        _day(element, "period-start", planned.period_start)
        if planned.period_end:
            _day(element, "period-end", planned.period_end)
        _value(element, planned.value, planned.currency, planned.value_date or planned.period_start)
        _party(element, "provider-org", planned.provider)
        _party(element, "receiver-org", planned.receiver)
    for transaction in money.transactions:
        element = _sub(activity, "transaction")
        _sub(element, "transaction-type", code=str(transaction.type))
        _day(element, "transaction-date", transaction.transaction_date)
        _value(element, transaction.value, transaction.currency,
               transaction.value_date or transaction.transaction_date)  # fmt: skip
        if transaction.description:
            _narrative(_sub(element, "description"), transaction.description)
        _party(element, "provider-org", transaction.provider)
        _party(element, "receiver-org", transaction.receiver)


def write_relations(
    activity: etree._Element, published: Published, identifier: Callable[[str], str]
) -> None:
    """related-activity type 1 for the parent and type 2 for each component; ``identifier``
    turns a project code into the IATI identifier the export gives it."""
    if published.parent:
        _sub(activity, "related-activity", ref=identifier(published.parent), type=str(PARENT))
    for code in published.components:
        _sub(activity, "related-activity", ref=identifier(code), type=str(CHILD))


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v})
    if text is not None:
        element.text = text
    return element


def _day(parent: etree._Element, tag: str, day: date) -> None:
    _sub(parent, tag, **{"iso-date": day.isoformat()})


def _value(parent: etree._Element, value: Decimal, currency: str, value_date: date) -> None:
    text = format(Decimal(value).quantize(Decimal("0.01")), "f")
    _sub(parent, "value", text=text, currency=currency, **{"value-date": value_date.isoformat()})


def _party(parent: etree._Element, tag: str, party: Party) -> None:
    if not party.ref and not party.name:
        return
    element = _sub(parent, tag, ref=party.ref)
    if party.name:
        _narrative(element, party.name)


def _narrative(parent: etree._Element, text: str) -> None:
    element = etree.SubElement(parent, "narrative")
    element.text = "".join(c for c in text if c >= " " or c in "\t\n\r")
