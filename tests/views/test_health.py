"""Liveness (/healthz, no database) and readiness (/readyz, the database and its schema)."""

import pytest

from tests.conftest import _test_config
from tracker import create_app

UNREACHABLE = {
    "postgresql": "postgresql+psycopg://nobody@127.0.0.1:1/none",
    "sqlite": "sqlite:////nonexistent-directory/tracker.db",
}


def test_a_working_app_is_live_and_ready(client):
    assert client.get("/healthz").get_data(as_text=True) == "ok"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready"}
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("backend", sorted(UNREACHABLE))
def test_without_its_database_the_app_is_live_but_not_ready(backend):
    client = create_app(_test_config(UNREACHABLE[backend])).test_client()
    assert client.get("/healthz").status_code == 200  # restarting the app would not help
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "problem": "database unreachable"}


def test_a_database_without_the_newest_migration_is_not_ready(make_app):
    response = make_app("empty").test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "problem": "schema out of date"}
