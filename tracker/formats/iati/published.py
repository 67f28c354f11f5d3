"""Reading an activity's money as published: ``budget``, ``transaction`` and
``planned-disbursement`` elements, each into its own record, and the activity's place in a
hierarchy (``hierarchy``, ``related-activity``).

Nothing is summed here (``money`` sums the one budget the project form shows). An element
that cannot be kept is left out with a warning on its path; a negative value is kept, since
publishers record corrections that way. Amounts are kept to the cent.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import gettext as _
from lxml import etree

from tracker.formats.iati.activity import ActivityElements
from tracker.formats.records import (
    WARNING,
    BudgetRecord,
    Party,
    PlannedDisbursementRecord,
    RelatedActivity,
    TransactionRecord,
)

CENT = Decimal("0.01")
TOO_LARGE = 20  # digits before the point: no currency's amount has that many
TRANSACTION_TYPES = range(1, 14)  # IATI TransactionType codes 1 to 13
BUDGET_TYPES = {"1": 1, "2": 2}  # BudgetType: original, revised
BUDGET_STATUSES = {"1": 1, "2": 2}  # BudgetStatus: indicative, committed
RELATION_TYPES = {"1": 1, "2": 2}  # RelatedActivityType: parent, child (the others are not kept)


class LeftOut(Exception):
    """An element cannot be kept; the problem was reported."""


class PublishedMoney(ActivityElements):
    """Budgets, transactions, planned disbursements and relations of one activity."""

    def currency(self) -> str:
        return (self.element.get("default-currency") or "").strip().upper()

    def budgets(self) -> list[BudgetRecord]:
        found = []
        for element in self.element.iterchildren("budget"):
            try:
                kind = self._listed_code(element, "type", BUDGET_TYPES, "1")
                status = self._listed_code(element, "status", BUDGET_STATUSES, "1")
                start, end = self._period(element, required_end=True)
                value, currency, value_date = self._value(element)
            except LeftOut:
                continue
            found.append(
                BudgetRecord(kind, status, start, end, value, currency, value_date,
                             self._path(element))
            )  # fmt: skip
        return found

    def transactions(self) -> list[TransactionRecord]:
        found = []
        for element in self.element.iterchildren("transaction"):
            try:
                kind = self._transaction_type(element)
                day = self._date(element.find("transaction-date"), element, "transaction-date")
                value, currency, value_date = self._value(element)
            except LeftOut:
                continue
            description = self._name(element.find("description"))
            found.append(
                TransactionRecord(kind, day, value, currency, value_date,
                                  self._party(element, "provider-org"),
                                  self._party(element, "receiver-org"), description,
                                  self._path(element))
            )  # fmt: skip
        return found

    def planned_disbursements(self) -> list[PlannedDisbursementRecord]:
        found = []
        for element in self.element.iterchildren("planned-disbursement"):
            try:
                kind = None
                if element.get("type"):
                    kind = self._listed_code(element, "type", BUDGET_TYPES, "")
                start, end = self._period(element, required_end=False)
                value, currency, value_date = self._value(element)
            except LeftOut:
                continue
            found.append(
                PlannedDisbursementRecord(kind, start, end, value, currency, value_date,
                                          self._party(element, "provider-org"),
                                          self._party(element, "receiver-org"),
                                          self._path(element))
            )  # fmt: skip
        return found

    def hierarchy(self) -> int | None:
        text = (self.element.get("hierarchy") or "").strip()
        if not text:
            return None
        if text.isdigit() and 1 <= int(text) <= 99:
            return int(text)
        message = _("%(text)s is not a hierarchy level (1, 2, ...); ignored.", text=repr(text))
        self.add(self.element, "hierarchy", WARNING, message, money=True)
        return None

    def related(self) -> list[RelatedActivity]:
        """Parent and child links; the other kinds of relation (siblings, co-funded, ...) are
        not the tracker's and are left without a word."""
        found = []
        for element in self.element.iterchildren("related-activity"):
            kind = RELATION_TYPES.get((element.get("type") or "").strip())
            ref = (element.get("ref") or "").strip()
            if kind is None:
                continue
            if not ref:
                message = _("A related activity without a ref; ignored.")
                self.add(element, "ref", WARNING, message, money=True)
                continue
            found.append(RelatedActivity(kind, ref))
        return found

    # --- the parts ---------------------------------------------------------------------------
    def _listed_code(
        self, element: etree._Element, name: str, known: dict[str, int], default: str
    ) -> int:
        text = (element.get(name) or default).strip()
        if text not in known:
            message = _("%(element)s %(name)s %(text)s is not one of %(known)s; left out.",
                        element=element.tag, name=name, text=repr(text),
                        known=", ".join(known))  # fmt: skip
            self.add(element, name, WARNING, message, money=True)
            raise LeftOut
        return known[text]

    def _transaction_type(self, element: etree._Element) -> int:
        code_element = element.find("transaction-type")
        text = (code_element.get("code") or "").strip() if code_element is not None else ""
        if text.isdigit() and int(text) in TRANSACTION_TYPES:
            return int(text)
        if text:
            message = _("%(text)s is not a transaction type (1 to 13); the transaction is left "
                        "out.", text=repr(text))  # fmt: skip
        else:
            message = _("The transaction has no <transaction-type>; it is left out.")
        self.add(
            code_element if code_element is not None else element,
            "code",
            WARNING,
            message,
            money=True,
        )
        raise LeftOut

    def _date(self, element: etree._Element | None, parent: etree._Element, tag: str) -> date:
        """The iso-date of ``element`` (a child ``tag`` of ``parent``), or LeftOut."""
        if element is None:
            message = _("No <%(tag)s>; the %(parent)s is left out.", tag=tag, parent=parent.tag)
            self.add(parent, tag, WARNING, message, money=True)
            raise LeftOut
        text = (element.get("iso-date") or "").strip()
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            message = _("%(text)s is not a date; the %(parent)s is left out.", text=repr(text),
                        parent=parent.tag)  # fmt: skip
            self.add(element, "iso-date", WARNING, message, money=True)
            raise LeftOut from None

    def _period(self, element: etree._Element, *, required_end: bool) -> tuple[date, date | None]:
        start = self._date(element.find("period-start"), element, "period-start")
        end_element = element.find("period-end")
        if end_element is None and not required_end:
            return start, None
        end = self._date(end_element, element, "period-end")
        if end < start:
            message = _("The period ends (%(end)s) before it starts (%(start)s); the "
                        "%(element)s is left out.", end=end, start=start,
                        element=element.tag)  # fmt: skip
            self.add(end_element, "iso-date", WARNING, message, money=True)
            raise LeftOut
        return start, end

    def _value(self, parent: etree._Element) -> tuple[Decimal, str, date | None]:
        """Value, currency (the activity's default when the value names none) and value
        date of ``parent``'s <value>, or LeftOut."""
        element = parent.find("value")
        if element is None:
            message = _("No <value>; the %(element)s is left out.", element=parent.tag)
            self.add(parent, "value", WARNING, message, money=True)
            raise LeftOut
        text = (element.text or "").strip()
        try:
            value = Decimal(text)
            if not value.is_finite() or value.adjusted() >= TOO_LARGE:
                raise InvalidOperation
        except InvalidOperation:
            message = _("%(text)s is not an amount the tracker can keep; the %(element)s is "
                        "left out.", text=repr(text), element=parent.tag)  # fmt: skip
            self.add(element, "", WARNING, message, money=True)
            raise LeftOut from None
        value = value.quantize(CENT, ROUND_HALF_UP) + 0  # + 0: -0.00 reads as 0.00
        currency = (element.get("currency") or "").strip().upper() or self.currency()
        if not currency:
            message = _("No currency (neither on the value nor the activity's default-currency);"
                        " the %(element)s is left out.", element=parent.tag)  # fmt: skip
            self.add(element, "currency", WARNING, message, money=True)
            raise LeftOut
        value_date = None
        day = (element.get("value-date") or "").strip()
        if day:
            try:
                value_date = date.fromisoformat(day[:10])
            except ValueError:
                message = _("%(text)s is not a date; the value date is left blank.",
                            text=repr(day))  # fmt: skip
                self.add(element, "value-date", WARNING, message, money=True)
        return value, currency, value_date

    def _name(self, element: etree._Element | None) -> str:
        names = self._narratives(element)
        return names.get(self.language) or next(iter(names.values()), "")

    def _party(self, parent: etree._Element, tag: str) -> Party:
        element = parent.find(tag)
        if element is None:
            return Party()
        return Party(
            (element.get("ref") or "").strip(),
            self._name(element),
            (element.get("type") or "").strip(),
        )
