"""Fixtures for the JSON API's tests: a demo account's token, and GET with it."""

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import User
from tracker.services.accounts import api_tokens

PREFIX = "/api/v1"


def user_named(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


@pytest.fixture
def token_for(app):
    """Factory: a new token's secret for a demo account: token_for("viewer")."""

    def issue(username: str = "viewer") -> str:
        with app.app_context():
            _, secret = api_tokens.issue_token(
                db.session, user_named(username), "tests", issued_by=None
            )
            db.session.commit()
            return secret

    return issue


@pytest.fixture
def api(client, token_for):
    """GET with a viewer's token: api("/projects?goal=3")."""
    secret = token_for("viewer")

    def get(path: str, **headers):
        url = path if path.startswith("http") else PREFIX + path
        return client.get(url, headers={"Authorization": f"Bearer {secret}", **headers})

    return get
