"""Demo accounts whose public password still works: finding them, and switching them off.

`make run` creates one account per role with a password printed in the README, so a
server that was started from a demo database must not keep them. Checking a password hash
takes tens of milliseconds, which is why only the few demo user names are checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from tracker.models import User
from tracker.services.accounts.users import DEMO_ACCOUNTS, AccountError, update_user

PUBLIC_PASSWORDS = {username: password for username, _, _, password in DEMO_ACCOUNTS}


@dataclass
class Removal:
    """What remove_demo_accounts did: who was deactivated, and who was kept and why."""

    deactivated: list[User] = field(default_factory=list)
    kept: list[tuple[User, str]] = field(default_factory=list)


def accounts_with_public_passwords(session: Session) -> list[User]:
    """The active demo accounts that still sign in with the password anyone can read."""
    users = session.scalars(
        select(User)
        .where(func.lower(User.username).in_(PUBLIC_PASSWORDS), User.is_active.is_(True))
        .order_by(User.id)
    )
    return [
        user
        for user in users
        if check_password_hash(user.password_hash, PUBLIC_PASSWORDS[user.username.lower()])
    ]


def remove_demo_accounts(session: Session) -> Removal:
    """Deactivate the demo accounts that still have their public password (flushes).

    Deactivating keeps their names on the changes they made; the last active admin is kept,
    as everywhere, so that someone can still manage accounts: create another admin first."""
    removal = Removal()
    for user in accounts_with_public_passwords(session):
        try:
            update_user(session, user, acting_user=None, role=user.role,
                        display_name=user.display_name, is_active=False)  # fmt: skip
        except AccountError as error:
            removal.kept.append((user, str(error)))
        else:
            removal.deactivated.append(user)
    return removal
