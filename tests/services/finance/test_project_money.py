"""The project page's money table: every total and derived figure against the same sum
computed another way (in SQL, over the stored rows)."""

from decimal import Decimal

from sqlalchemy import func, select

from tests.factories import make_project
from tracker.models import AnnualFigure, Project
from tracker.services.finance.project_money import money_table
from tracker.services.portfolio.projects import load_project


def sql_totals(session, project_id: int, year: int | None = None) -> dict[str, Decimal]:
    query = select(AnnualFigure.measure, func.sum(AnnualFigure.amount)).where(
        AnnualFigure.project_id == project_id
    )
    if year is not None:
        query = query.where(AnnualFigure.year == year)
    return {m: Decimal(total) for m, total in session.execute(query.group_by(AnnualFigure.measure))}


def test_totals_and_derived_figures_of_seed_projects_match_sql_sums(session):
    ids = session.scalars(select(Project.id).order_by(Project.id).limit(25)).all()
    for project_id in ids:
        project = load_project(session, project_id)
        table = money_table(project)
        sums = sql_totals(session, project_id)
        assert {m: v for m, v in table.totals.items() if v is not None} == sums
        required, available, spent = (sums.get(m, Decimal(0)) for m in
                                      ("required", "available", "spent"))  # fmt: skip
        assert required == project.budget
        assert table.money.to_mobilise == required - available
        assert table.money.funding_rate == available / required
        assert table.money.delivery_rate == spent / available
        for line in table.years:
            by_year = sql_totals(session, project_id, line.year)
            assert {m: v for m, v in line.amounts.items() if v is not None} == by_year
            assert sum(part.amount for part in line.funders) == by_year["available"]


def test_rates_are_none_where_the_denominator_is_zero(session):
    project = make_project(session)
    project.annual_figures.append(
        AnnualFigure(year=2025, measure="spent", amount=Decimal("5"), currency="USD")
    )
    session.flush()
    table = money_table(project)
    assert table.money.funding_rate is None and table.money.delivery_rate is None
    assert table.years[0].amounts["required"] is None
    assert money_table(make_project(session)).has_rows is False
