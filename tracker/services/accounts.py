"""User accounts: creating them, checking passwords, and slowing down password guessing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.models import ROLES, SignInFailure, User
from tracker.models.base import utcnow

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10

# Demo accounts that `make run` creates on a new database; their passwords are public.
DEMO_ACCOUNTS = (
    ("viewer", "viewer", "Demo viewer (manager)", "viewer-demo-2026"),
    ("analyst", "analyst", "Demo analyst", "analyst-demo-2026"),
    ("admin", "admin", "Demo administrator", "admin-demo-2026"),
)


class AccountError(ValueError):
    """A request about an account that cannot be carried out, in words for the user."""


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    locked_for: timedelta | None = None


def create_user(
    session: Session, username: str, password: str, role: str, display_name: str = ""
) -> User:
    username = username.strip()
    if not username or len(username) > 80:
        raise AccountError("A user name is required (at most 80 characters).")
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if session.scalar(select(User).where(func.lower(User.username) == username.lower())):
        raise AccountError(f"The user name {username!r} is taken.")
    user = User(
        username=username,
        display_name=display_name.strip(),
        role=role,
        password_hash=generate_password_hash(password),
    )
    session.add(user)
    session.flush()
    return user


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    user.password_hash = generate_password_hash(password)


def create_demo_accounts(session: Session) -> list[tuple[str, str, str]]:
    """On a database without users, add one account per role; return (user, role, password)."""
    if session.scalar(select(func.count()).select_from(User)):
        return []
    for username, role, display_name, password in DEMO_ACCOUNTS:
        create_user(session, username, password, role, display_name)
    return [(username, role, password) for username, role, _, password in DEMO_ACCOUNTS]


def recent_failures(session: Session, username: str, now: datetime) -> list[datetime]:
    return list(
        session.scalars(
            select(SignInFailure.failed_at)
            .where(func.lower(SignInFailure.username) == username.lower())
            .where(SignInFailure.failed_at > now - FAILURE_WINDOW)
            .order_by(SignInFailure.failed_at)
        )
    )


def sign_in(session: Session, username: str, password: str, remote_addr: str = "") -> SignInResult:
    """Check a user name and password; after MAX_FAILURES in FAILURE_WINDOW, refuse for a while.

    Failures are recorded (flushed) so the caller must commit whatever the result.
    """
    now = utcnow()
    username = username.strip()
    failures = recent_failures(session, username, now)
    if len(failures) >= MAX_FAILURES:
        oldest = failures[-MAX_FAILURES]
        if oldest.tzinfo is None:  # SQLite hands back naive datetimes
            oldest = oldest.replace(tzinfo=now.tzinfo)
        return SignInResult(None, locked_for=oldest + FAILURE_WINDOW - now)
    user = session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None or not user.is_active or not check_password_hash(user.password_hash, password):
        session.add(SignInFailure(username=username[:80], remote_addr=remote_addr[:64]))
        session.flush()
        return SignInResult(None)
    session.execute(
        delete(SignInFailure).where(func.lower(SignInFailure.username) == username.lower())
    )
    return SignInResult(user)
