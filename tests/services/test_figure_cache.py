"""The figure cache's stamp moves with every change to the portfolio, whatever the clocks say."""

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select, update

from tracker.models import ExchangeRate, Organisation, Project
from tracker.services.figure_cache import data_stamp


def test_a_change_stamped_earlier_than_the_newest_still_changes_the_stamp(session):
    """A database clock behind the app's (or set back) must not keep old figures alive."""
    before = data_stamp(session)
    project = session.scalars(select(Project).order_by(Project.id)).first()
    session.execute(
        update(Project)
        .where(Project.id == project.id)
        .values(status=6, version=Project.version + 1, updated_at=datetime(2000, 1, 1, tzinfo=UTC))
    )
    assert data_stamp(session) != before


def test_a_new_or_changed_exchange_rate_or_organisation_changes_the_stamp(session):
    """Converted figures must not outlive the rates they were converted at."""
    before = data_stamp(session)
    rate = ExchangeRate(currency="KZT", quote_currency="USD", month=date(2025, 1, 1),
                        rate=Decimal("0.002"), source="National Bank of Kazakhstan")  # fmt: skip
    session.add(rate)
    session.flush()
    added = data_stamp(session)
    assert added != before
    rate.rate = Decimal("0.0021")
    session.flush()
    assert data_stamp(session) != added
    changed = data_stamp(session)
    organisation = session.scalars(select(Organisation).order_by(Organisation.id)).first()
    organisation.name += " (renamed)"
    session.flush()
    assert data_stamp(session) != changed


def test_an_actual_changed_in_the_database_changes_the_stamp(session):
    """The results dashboard must not show statuses from before an actual was recorded, even
    when the actual is written straight to the table, without saving its project."""
    from sqlalchemy import text

    from tests.factories import add_indicator, make_project
    from tracker.models import IndicatorPeriod

    period_id = add_indicator(session, make_project(session)).periods[0].id
    before = data_stamp(session)
    session.execute(
        update(IndicatorPeriod).where(IndicatorPeriod.id == period_id).values(actual_value=45)
    )
    changed = data_stamp(session)
    assert changed != before
    session.execute(text("DELETE FROM indicator_periods WHERE id = :id"), {"id": period_id})
    assert data_stamp(session) != changed
