"""issue-token and revoke-token: the secret printed once, alone; revoking by its prefix."""

from datetime import UTC, datetime

import time_machine
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import ApiToken


def stored_tokens(app) -> list[ApiToken]:
    with app.app_context():
        found = list(db.session.scalars(select(ApiToken).order_by(ApiToken.id)))
        db.session.expunge_all()
        return found


def test_issue_token_prints_only_the_secret_on_stdout(app, runner, client):
    result = runner.invoke(args=["issue-token", "viewer", "Nightly report"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("sdg_") and "\n" not in secret
    assert "cannot be shown again" in result.stderr
    [token] = stored_tokens(app)
    assert token.name == "Nightly report" and token.created_by_id is None
    response = client.get("/api/v1/sdg/goals", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_issue_token_refuses_unknown_users_and_empty_names(app, runner):
    result = runner.invoke(args=["issue-token", "nobody", "x"])
    assert result.exit_code == 1 and "There is no user “nobody”." in result.output
    result = runner.invoke(args=["issue-token", "viewer", " "])
    assert result.exit_code == 1 and "name" in result.output
    assert stored_tokens(app) == []


def test_revoke_token_by_its_prefix(app, runner, client):
    secret = runner.invoke(args=["issue-token", "analyst", "script"]).stdout.strip()
    [token] = stored_tokens(app)
    result = runner.invoke(args=["revoke-token", "analyst", token.prefix])
    assert result.exit_code == 0 and "Revoked the token “script”" in result.output
    assert stored_tokens(app)[0].revoked_at is not None
    response = client.get("/api/v1/sdg/goals", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401
    again = runner.invoke(args=["revoke-token", "analyst", token.prefix])
    assert again.exit_code == 1 and "has no active token" in again.output


def test_revoke_token_wants_an_unambiguous_prefix(app, runner):
    runner.invoke(args=["issue-token", "viewer", "one"])
    runner.invoke(args=["issue-token", "viewer", "two"])
    result = runner.invoke(args=["revoke-token", "viewer", "sdg_"])
    assert result.exit_code == 1 and "2 tokens of “viewer” start with “sdg_”" in result.output
    assert all(token.revoked_at is None for token in stored_tokens(app))


def test_issue_token_with_an_expiry_date(app, runner, client):
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        result = runner.invoke(args=["issue-token", "viewer", "Audit", "--expires", "2027-01-15"])
        assert result.exit_code == 0, result.output
        assert "It expires on Jan 15, 2027, 00:00 UTC." in result.stderr
        secret = result.stdout.strip()
        [token] = stored_tokens(app)
        assert token.expires_at.replace(tzinfo=UTC) == datetime(2027, 1, 15, tzinfo=UTC)
        headers = {"Authorization": f"Bearer {secret}"}
        assert client.get("/api/v1/sdg/goals", headers=headers).status_code == 200
        clock.move_to(datetime(2027, 1, 15, 0, 1, tzinfo=UTC))
        response = client.get("/api/v1/sdg/goals", headers=headers)
        assert response.status_code == 401 and "expired" in response.get_json()["message"]


def test_issue_token_refuses_an_expiry_date_that_is_past_or_not_a_date(app, runner):
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False):
        past = runner.invoke(args=["issue-token", "viewer", "x", "--expires", "2026-11-30"])
        assert past.exit_code == 1 and "must be after today" in past.output
        wrong = runner.invoke(args=["issue-token", "viewer", "x", "--expires", "15.01.2027"])
        assert wrong.exit_code == 2 and "15.01.2027" in wrong.output
    assert stored_tokens(app) == []
