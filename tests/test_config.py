"""Settings read from the environment reach the app."""

from __future__ import annotations

from tracker import create_app
from tracker.config import load_config
from tracker.extensions import db

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # the pool opens nothing yet


def test_the_postgresql_pool_is_sized_by_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_POOL_SIZE", "3")
    monkeypatch.setenv("DATABASE_MAX_OVERFLOW", "2")
    config = load_config(str(tmp_path))
    app = create_app({**config, "DATABASE_URL": UNREACHABLE})
    with app.app_context():
        pool = db.engine.pool
        assert (pool.size(), pool._max_overflow) == (3, 2)


def test_the_pool_keeps_its_defaults_without_settings():
    app = create_app({"DATABASE_URL": UNREACHABLE, "SECRET_KEY": "x"})
    with app.app_context():
        assert (db.engine.pool.size(), db.engine.pool._max_overflow) == (10, 10)
