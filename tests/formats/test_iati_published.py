"""Reading an activity's money as published (budgets, transactions, planned disbursements)
and its place in a hierarchy, on bytes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from tracker.formats.iati import read_activities
from tracker.formats.records import (
    ERROR,
    BudgetRecord,
    Party,
    PlannedDisbursementRecord,
    RelatedActivity,
    TransactionRecord,
)

DATA = Path(__file__).parent.parent / "data"
SAMPLE = (DATA / "iati_sample_other_country.xml").read_bytes()


def activity(body: str, attributes: str = 'default-currency="EUR" hierarchy="2"') -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'
        f"<iati-activity {attributes}>\n<iati-identifier>XM-TEST-1</iati-identifier>\n"
        '<reporting-org ref="XM-TEST"><narrative>Test</narrative></reporting-org>\n'
        f'<activity-status code="2"/>\n{body}\n</iati-activity>\n</iati-activities>\n'
    ).encode()


def test_the_real_undp_file_keeps_every_budget_transaction_and_link():
    records, problems = read_activities(SAMPLE)
    assert not [p for p in problems if p.severity == ERROR]
    project, output, other, other_output = records
    assert project.hierarchy == 1 and output.hierarchy == 2
    assert project.related == [RelatedActivity(2, "XM-DAC-41114-OUTPUT-00040112")]
    assert output.related == [RelatedActivity(1, "XM-DAC-41114-PROJECT-00036768")]
    assert project.budgets == [] and project.transactions == []
    assert output.budgets == [
        BudgetRecord(2, 2, date(2017, 1, 1), date(2017, 12, 31), Decimal("5000.00"), "USD",
                     date(2017, 6, 30))
    ]  # fmt: skip
    assert [(t.type, t.value) for t in output.transactions] == [
        (4, Decimal("2128.00")), (11, Decimal("5000.00"))
    ]  # fmt: skip
    assert len(other_output.budgets) == 3
    # Negative values are corrections, kept as published.
    values = [(t.type, t.transaction_date.year, t.value) for t in other_output.transactions]
    assert (4, 2017, Decimal("-14518.00")) in values
    assert (1, 2013, Decimal("-23251.00")) in values
    incoming = other_output.transactions[1]
    assert incoming.provider == Party("11363", "Peacebuilding Fund", "40")
    assert incoming.receiver.ref == "XM-DAC-41114"
    # Participating organisations come with their names, not only refs.
    assert other.organisations[0].name and other.organisations[0].iati_ref == "01762"


def test_budgets_transactions_and_planned_disbursements_are_read_as_published():
    records, problems = read_activities(
        activity("""
<budget type="1" status="1"><period-start iso-date="2025-01-01"/>
  <period-end iso-date="2025-12-31"/><value value-date="2025-01-01">100.005</value></budget>
<budget type="2" status="2"><period-start iso-date="2025-01-01"/>
  <period-end iso-date="2025-12-31"/><value currency="usd">90</value></budget>
<planned-disbursement type="1"><period-start iso-date="2025-01-01"/>
  <period-end iso-date="2025-06-30"/><value value-date="2025-01-01">50</value>
  <provider-org ref="XM-F"><narrative>Fund</narrative></provider-org></planned-disbursement>
<transaction><transaction-type code="11"/><transaction-date iso-date="2025-02-01"/>
  <value value-date="2025-02-01">-5</value><description><narrative>Fix</narrative></description>
  <provider-org ref="XM-F"><narrative>Fund</narrative></provider-org>
  <receiver-org><narrative>Ministry</narrative></receiver-org></transaction>
<related-activity type="1" ref="XM-TEST-0"/>
<related-activity type="3" ref="XM-SIBLING"/>
""")
    )
    # Only the project's one summed budget leaves the USD budget out; it is kept as published.
    assert [(p.column, "left out" in p.message) for p in problems] == [("currency", True)]
    (record,) = records
    assert record.identifier == "XM-TEST-1" and record.reporting_ref == "XM-TEST"
    assert record.hierarchy == 2 and record.related == [RelatedActivity(1, "XM-TEST-0")]
    original, revised = record.budgets
    # Currency defaults to the activity's; amounts are kept to the cent.
    assert (original.value, original.currency, original.value_date) == (
        Decimal("100.01"),
        "EUR",
        date(2025, 1, 1),
    )
    assert (revised.type, revised.status, revised.currency) == (2, 2, "USD")
    assert record.planned_disbursements == [
        PlannedDisbursementRecord(1, date(2025, 1, 1), date(2025, 6, 30), Decimal("50.00"),
                                  "EUR", date(2025, 1, 1), Party("XM-F", "Fund"))
    ]  # fmt: skip
    assert record.transactions == [
        TransactionRecord(11, date(2025, 2, 1), Decimal("-5.00"), "EUR", date(2025, 2, 1),
                          Party("XM-F", "Fund"), Party("", "Ministry"), "Fix")
    ]  # fmt: skip


def test_each_element_that_cannot_be_kept_is_a_warning_on_its_path():
    records, problems = read_activities(
        activity(
            """
<budget type="3"><period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>
  <value>1</value></budget>
<budget><period-start iso-date="2025-12-31"/><period-end iso-date="2025-01-01"/>
  <value>1</value></budget>
<budget><period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>
  <value>lots</value></budget>
<transaction><transaction-type code="99"/><transaction-date iso-date="2025-02-01"/>
  <value>1</value></transaction>
<transaction><transaction-type code="3"/><value>1</value></transaction>
<transaction><transaction-type code="3"/><transaction-date iso-date="2025-02-01"/>
  <value>1</value></transaction>
""",
            attributes='hierarchy="x"',
        )
    )
    (record,) = records
    assert record.budgets == [] and record.hierarchy is None
    # The last transaction has no currency at all (none on the value, no default).
    assert record.transactions == []
    where = {p.where: p.message for p in problems}
    assert all(p.severity == "warning" for p in problems)
    assert "not one of 1, 2" in where["iati-activity[1] (XM-TEST-1)/budget[1]"]
    assert "ends" in where["iati-activity[1] (XM-TEST-1)/budget[2]/period-end"]
    assert "'lots'" in where["iati-activity[1] (XM-TEST-1)/budget[3]/value"]
    assert (
        "transaction type" in where["iati-activity[1] (XM-TEST-1)/transaction[1]/transaction-type"]
    )
    assert "transaction-date" in where["iati-activity[1] (XM-TEST-1)/transaction[2]"]
    assert "currency" in where["iati-activity[1] (XM-TEST-1)/transaction[3]/value"]
    assert "hierarchy" in where["iati-activity[1] (XM-TEST-1)"]


def test_two_warnings_on_the_activity_itself_are_both_told():
    """Telling each money element's problem once must not hide other problems that share
    an element and attribute (here: percentages on places and on sectors)."""
    _, problems = read_activities(
        activity("""
<recipient-region vocabulary="99" code="KZ-75" percentage="50"/>
<recipient-region vocabulary="99" code="KZ-71"/>
<sector vocabulary="1" code="11110" percentage="50"/><sector vocabulary="1" code="12220"/>
""")
    )
    percentages = [p for p in problems if p.column == "percentage"]
    assert len(percentages) == 2, problems


def test_a_money_element_problem_is_told_once():
    _, problems = read_activities(activity("<budget><value>lots</value></budget>"))
    assert len([p for p in problems if p.where.endswith("budget/value")]) == 1, problems
