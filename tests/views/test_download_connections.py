"""A streamed download gives its database connection back when it ends, even cut short."""

import pytest
from sqlalchemy import text

from tracker.extensions import db

DOWNLOADS = ["/projects/export.csv", "/projects/export.xml", "/changes.csv?days=all"]


def idle_transactions(app) -> int:
    """Sessions of this database left "idle in transaction" (PostgreSQL), or 0 (SQLite)."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "postgresql":
            return 0
        with engine.connect() as connection:
            return connection.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
            ))  # fmt: skip


@pytest.mark.parametrize("url", DOWNLOADS)
def test_downloads_read_whole_or_cut_short_leave_no_connection_behind(app, client, url):
    for attempt in range(6):
        response = client.get(url, buffered=False)
        chunks = iter(response.response)
        first = next(chunks)
        assert first, url
        if attempt % 2 == 0:  # else the reader goes away after the first chunk
            list(chunks)
        response.close()
    with app.app_context():
        assert db.engine.pool.checkedout() == 0
    assert idle_transactions(app) == 0
