"""The figure cache's stamp moves with every change to the portfolio, whatever the clocks say."""

from datetime import UTC, datetime

from sqlalchemy import select, update

from tracker.models import Project
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
