"""issue-token and revoke-token: the secret printed once, alone; revoking by its prefix."""

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
    assert response.status_code == 403
    again = runner.invoke(args=["revoke-token", "analyst", token.prefix])
    assert again.exit_code == 1 and "has no active token" in again.output


def test_revoke_token_wants_an_unambiguous_prefix(app, runner):
    runner.invoke(args=["issue-token", "viewer", "one"])
    runner.invoke(args=["issue-token", "viewer", "two"])
    result = runner.invoke(args=["revoke-token", "viewer", "sdg_"])
    assert result.exit_code == 1 and "2 tokens of “viewer” start with “sdg_”" in result.output
    assert all(token.revoked_at is None for token in stored_tokens(app))
