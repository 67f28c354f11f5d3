"""`flask remove-demo-accounts`: the demo accounts' public passwords stop working."""

from __future__ import annotations

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import User
from tracker.services.accounts.users import set_password


def active(app) -> dict[str, bool]:
    with app.app_context():
        return {user.username: user.is_active for user in db.session.scalars(select(User))}


def test_it_deactivates_public_passwords_but_keeps_the_last_admin(app, runner):
    with app.app_context():
        analyst = db.session.scalar(select(User).where(User.username == "analyst"))
        set_password(analyst, "a private password")  # a demo name, but no longer public
        db.session.commit()
    result = runner.invoke(args=["remove-demo-accounts"])
    assert result.exit_code == 1  # the admin still signs in with its public password
    assert "Deactivated the demo account “viewer”." in result.output
    assert "Kept “admin”:" in result.output and "last active admin" in result.output
    assert active(app) == {"viewer": False, "analyst": True, "admin": True}

    created = runner.invoke(args=["create-user", "chief", "--password", "chief-secret-2026"])
    assert created.exit_code == 0, created.output
    result = runner.invoke(args=["remove-demo-accounts"])
    assert result.exit_code == 0, result.output
    assert result.output == "Deactivated the demo account “admin”.\n"
    assert active(app) == {"viewer": False, "analyst": True, "admin": False, "chief": True}

    again = runner.invoke(args=["remove-demo-accounts"])
    assert again.exit_code == 0
    assert again.output == "No demo account signs in with its public password.\n"
