"""Property tests of the money as published: whatever a budget, transaction or planned
disbursement carries, the element is either left out with a problem on its own path, or
stored exactly as the plan (the preview) shows it, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.services.exchange.test_importing_properties import (
    AMOUNT,
    DAY,
    EXAMPLES,
    TEXT,
    WILD,
    stored,
    xml_attribute,
    xml_text,
)
from tracker.formats.iati import read_activities
from tracker.models import User
from tracker.services.exchange.importing import RULES, apply_import, plan_import

TODAY = date(2026, 6, 1)
FIELDS = (
    "budget_value", "currency", "start", "end", "budget_type", "transaction_type",
    "transaction_date", "transaction_value", "provider", "description", "planned_value",
    "hierarchy", "parent",
)  # fmt: skip


@pytest.fixture
def analyst(session) -> User:
    return session.scalars(select(User).where(User.username == "analyst")).one()


def activity(v: dict[str, str]) -> bytes:
    a, t = xml_attribute, xml_text
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n'
        f'<iati-activity default-currency="USD" hierarchy="{a(v["hierarchy"])}">'
        "<iati-identifier>XM-HYP-1</iati-identifier>"
        "<title><narrative>Money</narrative></title>"
        '<activity-status code="2"/><tag vocabulary="3" code="13.2"/>'
        f'<budget type="{a(v["budget_type"])}" status="1">'
        f'<period-start iso-date="{a(v["start"])}"/><period-end iso-date="{a(v["end"])}"/>'
        f'<value currency="{a(v["currency"])}">{t(v["budget_value"])}</value></budget>'
        f'<planned-disbursement><period-start iso-date="{a(v["start"])}"/>'
        f"<value>{t(v['planned_value'])}</value></planned-disbursement>"
        f'<transaction><transaction-type code="{a(v["transaction_type"])}"/>'
        f'<transaction-date iso-date="{a(v["transaction_date"])}"/>'
        f"<value>{t(v['transaction_value'])}</value>"
        f"<description><narrative>{t(v['description'])}</narrative></description>"
        f'<provider-org ref="{a(v["provider"])}"><narrative>{t(v["provider"])}</narrative>'
        "</provider-org></transaction>"
        f'<related-activity type="1" ref="{a(v["parent"])}"/>'
        "</iati-activity></iati-activities>"
    ).encode()


@EXAMPLES
@given(
    values=st.fixed_dictionaries({
        "budget_value": AMOUNT, "currency": st.just("EUR"), "start": st.just("2025-01-01"),
        "end": st.just("2025-12-31"), "budget_type": st.sampled_from(["1", "2"]),
        "transaction_type": st.sampled_from(["1", "2", "3", "4", "11"]), "transaction_date": DAY,
        "transaction_value": AMOUNT.map(lambda v: f"-{v}") | AMOUNT, "provider": TEXT,
        "description": TEXT, "planned_value": AMOUNT, "hierarchy": st.just("2"),
        "parent": st.just("XM-HYP-0"),
    }),
    wild=st.sampled_from(FIELDS),
    wild_value=WILD | DAY | st.sampled_from(["0", "3", "13", "14", "XXX", "usd"]),
)  # fmt: skip
def test_any_money_element_is_left_out_with_a_problem_or_stored_as_planned(
    session, analyst, values, wild, wild_value
):
    values[wild] = wild_value
    records, problems = read_activities(activity(values))
    try:
        plan = plan_import(session, records, problems, rules=RULES["xml"], today=TODAY)
        if not plan.creates:
            assert plan.has_errors or plan.skipped == 1, plan.problems
            return
        (planned,) = plan.creates
        money = planned.money.money
        for tag, kept in (("budget", money.budgets), ("transaction", money.transactions),
                          ("planned-disbursement", money.planned_disbursements)):  # fmt: skip
            if not kept:  # left out: a problem says so on the element or inside it
                assert any(f"/{tag}" in p.where for p in plan.problems), (tag, plan.problems)
        # The parent is in neither the file nor the tracker (or the ref is blank): a warning.
        assert planned.parent is None
        assert any("related-activity" in (p.where + p.column) for p in plan.problems)
        apply_import(session, plan, analyst, today=TODAY)
        session.flush()
        project = stored(session, planned.code)
        assert project.parent_id is None
        assert [(b.type, b.status, b.period_start, b.period_end, b.value, b.currency)
                for b in project.budgets] == [
            (b.type, b.status, b.period_start, b.period_end, b.value, b.currency)
            for b in money.budgets]  # fmt: skip
        assert [(t.type, t.transaction_date, t.value, t.currency, t.provider_ref,
                 t.provider_name, t.description) for t in project.transactions] == [
            (t.type, t.transaction_date, t.value, t.currency, t.provider.ref, t.provider.name,
             t.description) for t in money.transactions]  # fmt: skip
        assert [(p.period_start, p.value, p.currency) for p in project.planned_disbursements] == [
            (p.period_start, p.value, p.currency) for p in money.planned_disbursements
        ]
        assert sorted(
            (a.year, a.measure, a.amount, a.currency) for a in project.annual_figures
        ) == sorted((r.year, r.measure, r.amount, r.currency) for r in planned.money.annual or ())
    finally:
        session.rollback()
