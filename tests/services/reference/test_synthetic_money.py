"""Annual figures of the synthetic portfolio: five years a project, tenge with gaps in rates."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from tracker.models import AnnualFigure, ExchangeRate, Project
from tracker.services.finance.funding import funding
from tracker.services.reference.synthetic import build_synthetic_portfolio
from tracker.services.reference.synthetic_money import add_synthetic_annual_figures
from tracker.services.register.search import RegisterFilters


@pytest.fixture
def engine(make_database):
    engine = create_engine(make_database("empty"))
    yield engine
    engine.dispose()


def test_each_project_gets_five_years_of_money_and_tenge_some_rates(engine, app):
    build_synthetic_portfolio(engine, 60)
    assert add_synthetic_annual_figures(engine) == 0  # every project has its figures already
    with Session(engine) as session:
        rows = session.scalars(select(AnnualFigure)).all()
        assert len(rows) == 60 * 5 * 3
        per_project = Counter(row.project_id for row in rows)
        assert set(per_project.values()) == {15}
        assert {row.currency for row in rows} == {"USD", "KZT"}
        for row in rows:
            assert row.amount >= 0 and (row.funder_id is None or row.measure == "available")
        first = min(row.year for row in rows)
        rated = {month.year for month in session.scalars(select(ExchangeRate.month))}
        assert first not in rated and first + 1 in rated
        assert session.scalar(select(func.count()).select_from(Project)) == 60
        with app.test_request_context():
            found = funding(session, RegisterFilters(), currency="USD", today=date(2025, 6, 1))
        assert found.has_figures and found.converted
