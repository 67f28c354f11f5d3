"""The API's project detail with components and money: budgets, transactions, planned
disbursements and annual figures, each checked against the OpenAPI document."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import make_project
from tests.views.test_api import conforms
from tracker.extensions import db
from tracker.models import (
    AnnualFigure,
    Budget,
    Organisation,
    PlannedDisbursement,
    ProjectOrganisation,
    Transaction,
)


@pytest.fixture
def programme(app) -> None:
    """A UNDP programme funded by GEF with one output, and the output's money."""
    with app.app_context():
        session = db.session
        undp = session.scalar(select(Organisation).where(Organisation.acronym == "UNDP"))
        gef = session.scalar(select(Organisation).where(Organisation.acronym == "GEF"))
        gef.iati_ref = gef.iati_ref or "XM-DAC-47044"
        parent = make_project(session, code="KZ-API-PROG", title="Programme")
        parent.organisations.append(ProjectOrganisation(organisation=undp, role=2))
        output = make_project(session, code="KZ-API-PROG-OUT1", title="Output one",
                              parent_id=parent.id)  # fmt: skip
        output.budgets.append(Budget(type=1, status=2, period_start=date(2024, 1, 1),
                                     period_end=date(2024, 12, 31), value=Decimal("120000"),
                                     currency="USD", value_date=date(2024, 1, 1)))  # fmt: skip
        output.transactions += [
            Transaction(type=11, transaction_date=date(2024, 2, 10), value=Decimal("100000.5"),
                        currency="USD", value_date=date(2024, 2, 10), provider=gef,
                        receiver_ref="XM-DAC-41114", receiver_name="UNDP"),
            Transaction(type=4, transaction_date=date(2024, 5, 3), value=Decimal("-250"),
                        currency="USD", value_date=date(2024, 5, 3),
                        description="Refund of an advance"),
        ]  # fmt: skip
        output.planned_disbursements.append(PlannedDisbursement(
            type=1, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31),
            value=Decimal("30000"), currency="USD", provider_name="GEF"))  # fmt: skip
        output.annual_figures += [
            AnnualFigure(year=2024, measure="available", amount=Decimal("100000"),
                         currency="USD", funder=gef),
            AnnualFigure(year=2024, measure="spent", amount=Decimal("-1000"), currency="USD",
                         correction=True, note="Reversed a double entry"),
        ]  # fmt: skip
        session.commit()


def test_a_component_names_its_project_and_carries_its_money(api, programme):
    body = conforms(api("/projects/KZ-API-PROG-OUT1"), "/projects/{key}")
    assert body["parent"] == "KZ-API-PROG" and body["components"] == []
    assert body["budgets"] == [{
        "type": 1, "status": 2, "period_start": "2024-01-01", "period_end": "2024-12-31",
        "value": "120000.00", "currency": "USD", "value_date": "2024-01-01",
    }]  # fmt: skip
    incoming, refund = body["transactions"]
    assert incoming["type"] == 11 and incoming["value"] == "100000.50"
    assert incoming["provider"]["ref"] == "XM-DAC-47044"  # from the organisation linked
    assert incoming["receiver"] == {"ref": "XM-DAC-41114", "name": "UNDP"}
    assert refund["value"] == "-250.00" and refund["provider"] is None
    assert body["planned_disbursements"][0]["provider"] == {"ref": None, "name": "GEF"}
    available, spent = body["annual_figures"]
    assert available["funder"]["acronym"] == "GEF" and available["amount"] == "100000.00"
    assert spent == {
        "year": 2024,
        "measure": "spent",
        "amount": "-1000.00",
        "currency": "USD",
        "funder": None,
        "correction": True,
        "note": "Reversed a double entry",
    }


def test_a_project_lists_its_components_and_its_organisations_iati_identifiers(api, programme):
    body = conforms(api("/projects/KZ-API-PROG"), "/projects/{key}")
    assert body["parent"] is None and body["components"] == ["KZ-API-PROG-OUT1"]
    assert body["budgets"] == body["transactions"] == body["annual_figures"] == []
    accountable = body["organisations"]["accountable"]
    assert {"acronym": "UNDP", "iati_ref": "XM-DAC-41114"}.items() <= accountable[0].items()


def test_the_list_gives_projects_with_their_components_not_the_components(api, programme):
    body = conforms(api("/projects?q=KZ-API-PROG"), "/projects")
    assert [(item["code"], item["components"]) for item in body["items"]] == [
        ("KZ-API-PROG", ["KZ-API-PROG-OUT1"])
    ]
    assert body["pagination"]["total"] == 1
