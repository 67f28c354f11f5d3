"""The funding dashboard's figures, each checked against a sum computed another way."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from tests.factories import add_figures, add_rate, make_project
from tracker.extensions import db
from tracker.models import (
    AnnualFigure,
    Organisation,
    Place,
    Project,
    ProjectOrganisation,
    ProjectPlace,
    StrategicDocument,
)
from tracker.services.finance.funding import budget_total, funding, this_years_delivery
from tracker.services.register.search import RegisterFilters, filtered_select

TODAY = date(2025, 6, 15)


@pytest.fixture
def empty(make_app):
    """A session on reference data with no projects: every figure comes from the test."""
    app = make_app("reference")
    with app.app_context():
        yield db.session
        db.session.rollback()


def org(session, acronym: str) -> Organisation:
    return session.scalar(select(Organisation).where(Organisation.acronym == acronym))


def compute(session, filters: RegisterFilters | None = None, **options):
    return funding(session, filters or RegisterFilters(), currency="USD", today=TODAY, **options)


def registered(session, filters: RegisterFilters) -> int:
    """How many projects the register lists for these filters."""
    return session.scalar(filtered_select(filters, func.count(Project.id)))


def test_years_add_up_required_available_and_spent_with_the_derived_figures(empty):
    first = make_project(empty)
    second = make_project(empty)
    add_figures(empty, first, 2024, required="1000", available="400", spent="100")
    add_figures(empty, first, 2025, required="1000", available="0", spent="0")
    add_figures(empty, second, 2025, required="500", available="500", spent="250")
    found = compute(empty)
    assert [row.key for row in found.years] == ["2024", "2025"]
    year = found.year_row(2025)
    assert (year.money.required, year.money.available, year.money.spent) == (1500, 500, 250)
    assert year.money.to_mobilise == 1000
    assert year.money.funding_rate == Decimal(500) / 1500
    assert year.money.delivery_rate == Decimal("0.5")
    assert year.projects == 2 and found.year_row(2024).projects == 1
    assert found.year == 2025 and found.current_year == 2025
    assert not found.converted and found.sources == ()


def test_amounts_are_converted_at_the_years_mean_rate_and_say_so(empty):
    project = make_project(empty)
    add_figures(empty, project, 2025, "KZT", required="1000000", available="500000")
    add_figures(empty, project, 2025, required="100")
    add_rate(empty, "KZT", 2025, "0.002", months=(1,))
    add_rate(empty, "KZT", 2025, "0.004", months=(2,), source="Other bank")
    year = compute(empty).year_row(2025)
    # The mean of the monthly rates (0.003), never two currencies added as they stand.
    assert year.money.required == Decimal("1000000") * Decimal("0.003") + 100
    assert year.money.available == Decimal("1500.000")
    found = compute(empty)
    assert found.rates_used == [("KZT", 2025, Decimal("0.003"))]
    assert found.sources == ("Other bank", "Test central bank")


def test_amounts_without_a_rate_are_left_out_and_their_projects_counted(empty):
    projects = [make_project(empty) for _ in range(3)]
    for project in projects:
        add_figures(empty, project, 2019, "KZT", required="1000")
    add_figures(empty, projects[0], 2019, required="70")
    add_rate(empty, "KZT", 2020, "0.002")  # another year's rate does not apply
    found = compute(empty)
    assert found.year_row(2019).money.required == 70
    assert [(lo.currency, lo.year, lo.projects) for lo in found.left_out] == [("KZT", 2019, 3)]
    assert found.year_row(2019).projects == 3  # still listed: their money is what is missing


def test_a_components_money_rolls_up_to_its_project(empty):
    parent = make_project(empty, targets=("3.8",))
    component = make_project(empty, targets=("13.2",), parent_id=None)
    component.parent = parent
    add_figures(empty, component, 2025, required="300", available="100")
    add_figures(empty, parent, 2025, required="700")
    found = compute(empty)
    year = found.year_row(2025)
    assert year.money.required == 1000 and year.projects == 1
    goals = {row.key: row for row in found.breakdowns[0].rows}
    # Split by the parent's goal (3), not the component's own (13).
    assert set(goals) == {"3"} and goals["3"].money.required == 1000
    drilled = RegisterFilters(goal=3, figures_year=2025)
    assert registered(empty, drilled) == goals["3"].projects == 1


def test_goals_regions_and_funders_split_the_total_and_each_count_drills_down(empty):
    gef, gcf, undp = org(empty, "GEF"), org(empty, "GCF"), org(empty, "UNDP")
    regions = empty.scalars(select(Place.code).order_by(Place.code).limit(2)).all()
    document = empty.scalars(select(StrategicDocument)).first()
    one = make_project(empty, targets=("3.8", "13.2", "13.3"))  # goals 3: 1/3, 13: 2/3
    one.places = [ProjectPlace(place_code=regions[0], share=Decimal(25)),
                  ProjectPlace(place_code=regions[1], share=Decimal(75))]  # fmt: skip
    one.organisations.append(ProjectOrganisation(organisation=undp, role=4))
    one.documents.append(document)
    two = make_project(empty, targets=("4.1",))
    add_figures(empty, one, 2025, required="900", spent="30")
    add_figures(empty, one, 2025, funder=gef, available="200")
    add_figures(empty, one, 2025, funder=gcf, available="100")
    add_figures(empty, two, 2025, required="600", available="50")
    found = compute(empty)
    total = found.year_row(2025).money
    by = {breakdown.name: breakdown for breakdown in found.breakdowns}
    for name in ("goals", "places"):
        rows = by[name].rows
        for measure in ("required", "available", "spent"):
            added = sum(getattr(row.money, measure) for row in rows)
            assert abs(added - getattr(total, measure)) < Decimal("0.01"), (name, measure)
    goals = {row.key: row.money for row in by["goals"].rows}
    assert goals["3"].required == Decimal(300) and goals["13"].required == Decimal(600)
    places = {row.key: row.money for row in by["places"].rows}
    assert places[regions[1]].required == Decimal(675) and places["none"].required == 600
    funders = {row.key: row.money.available for row in by["funders"].rows}
    assert funders == {str(gef.id): 200, str(gcf.id): 100, "none": 50}
    assert by["funders"].available_only
    agencies = {row.key: row for row in by["agencies"].rows}
    assert agencies["UNDP"].money.required == 900 and agencies["none"].money.required == 600
    documents = {row.key: row for row in by["documents"].rows}
    assert documents[str(document.id)].money.available == 300
    for breakdown in found.breakdowns:
        for row in breakdown.rows:
            if row.drill:
                filters, _ = RegisterFilters.from_args(dict(row.drill))
                assert registered(empty, filters) == row.projects, (breakdown.name, row.key)
    year_filters, _ = RegisterFilters.from_args(dict(found.year_row(2025).drill))
    assert registered(empty, year_filters) == found.year_row(2025).projects == 2


def test_filters_keep_the_same_projects_as_the_register(empty):
    health = make_project(empty, targets=("3.8",))
    climate = make_project(empty, targets=("13.2",))
    add_figures(empty, health, 2025, required="100")
    add_figures(empty, climate, 2025, required="900")
    found = compute(empty, RegisterFilters(goal=13))
    assert found.year_row(2025).money.required == 900
    assert registered(empty, RegisterFilters(goal=13, figures_year=2025)) == 1


def test_the_breakdowns_show_the_year_asked_for_else_this_fiscal_year(empty):
    project = make_project(empty)
    for year in (2023, 2024, 2026):
        add_figures(empty, project, year, required="10")
    assert compute(empty).year == 2024  # 2025 has none: the latest before it
    assert compute(empty, year=2026).year == 2026
    # A fiscal year starting in July: 15 June 2025 is in fiscal 2024.
    assert funding(empty, RegisterFilters(), currency="USD", today=TODAY,
                   start_month=7).current_year == 2024  # fmt: skip


def test_no_figures_give_an_empty_dashboard(empty):
    make_project(empty)
    found = compute(empty)
    assert not found.has_figures and found.year is None and found.breakdowns == []


def test_this_years_delivery_is_spent_over_available(app):
    with app.app_context():
        session = db.session
        session.execute(delete(AnnualFigure))  # the seed's illustrative figures
        project = make_project(session)
        add_figures(session, project, 2025, required="400", available="200", spent="50")
        _, row = this_years_delivery(session, currency="USD", start_month=1, today=TODAY)
        assert row.money.delivery_rate == Decimal("0.25")
        _, none = this_years_delivery(session, currency="USD", start_month=1,
                                      today=date(2031, 1, 1))  # fmt: skip
        assert none is None
        session.rollback()


def test_register_total_converts_required_rows_per_year_else_the_budget(empty):
    with_rows = make_project(empty, budget=Decimal("999999"), currency="KZT")
    add_figures(empty, with_rows, 2024, "KZT", required="100000")
    add_figures(empty, with_rows, 2025, "KZT", required="200000")
    add_rate(empty, "KZT", 2024, "0.002")
    add_rate(empty, "KZT", 2025, "0.001")
    make_project(empty, budget=Decimal("5000"), currency="EUR",
                         actual_start=date(2025, 3, 1))  # fmt: skip
    add_rate(empty, "EUR", 2025, "1.1")
    unconvertible = make_project(empty, budget=Decimal("7"), currency="GBP")
    usd = make_project(empty, budget=Decimal("1000"))
    total = budget_total(empty, RegisterFilters(), currency="USD")
    assert total.total == Decimal("200") + Decimal("200") + Decimal("5500") + 1000
    assert total.left_out_projects == 1 and total.left_out_pairs == (("GBP", 2024),)
    assert total.converted and total.sources == ("Test central bank",)
    assert {unconvertible.id, usd.id}  # both listed by the register
    only_usd = budget_total(empty, RegisterFilters(currency="USD"), currency="USD")
    assert only_usd.total == 1000 and not only_usd.converted


def test_stored_amounts_are_what_the_figures_add(empty):
    """A cross-check on the data the other tests build: the rows' plain sum per currency."""
    project = make_project(empty)
    add_figures(empty, project, 2025, required="1.10")
    add_figures(empty, project, 2025, "EUR", required="2.20")
    per_currency = defaultdict(Decimal)
    for row in empty.scalars(select(AnnualFigure)):
        per_currency[row.currency] += row.amount
    add_rate(empty, "EUR", 2025, "2")
    assert compute(empty).year_row(2025).money.required == per_currency["USD"] + 2 * Decimal("2.20")
