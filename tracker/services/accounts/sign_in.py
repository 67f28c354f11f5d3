"""Signing in, and slowing down password guessing without letting anyone lock others out.

Failures are counted per user name *and* address: after FREE_FAILURES from one address, that
address waits 1 minute, then 2, 4, ... at most MAX_DELAY, before its next try. Someone else's
failures do not slow you down, until a user name collects GLOBAL_FREE_FAILURES failures from
all addresses within WINDOW: then every address waits the same growing delay, so guessing
spread over many addresses still slows to a few tries an hour.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.models import SignInFailure, User
from tracker.models.base import as_utc, utcnow

FREE_FAILURES = 5
GLOBAL_FREE_FAILURES = 50
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(minutes=15)
# Failures older than this no longer count, and are deleted.
WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class SignInResult:
    """Who signed in; else, for how long this user name is throttled from this address, or
    whether the right password was given for a deactivated account."""

    user: User | None
    locked_for: timedelta | None = None
    deactivated: bool = False


@cache
def _dummy_hash() -> str:
    # Same method and cost as real password hashes, so an unknown user name takes as long.
    return generate_password_hash(secrets.token_hex(16))


def check_password(user: User | None, password: str) -> bool:
    """Whether ``password`` is the user's; as slow for no user as for a real one."""
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(user.password_hash, password)


def _delay(failures: int, free: int) -> timedelta:
    if failures < free:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** min(failures - free, 20), MAX_DELAY)


def _wait(failures: list[datetime], free: int, now: datetime) -> timedelta | None:
    """How long until the next try is allowed, given these failures (oldest first)."""
    delay = _delay(len(failures), free)
    if not delay:
        return None
    remaining = as_utc(failures[-1]) + delay - now
    return remaining if remaining > timedelta(0) else None


def _failures(
    session: Session, username: str, now: datetime, remote_addr: str | None, other_than: int
) -> list[datetime]:
    query = (
        select(SignInFailure.failed_at)
        .where(func.lower(SignInFailure.username) == username.lower())
        .where(SignInFailure.id != other_than)
        .where(SignInFailure.failed_at > now - WINDOW)
        .order_by(SignInFailure.failed_at)
    )
    if remote_addr is not None:
        query = query.where(SignInFailure.remote_addr == remote_addr)
    return list(session.scalars(query))


def _lock_user_name(session: Session, username: str) -> None:
    """Serialise sign-ins for one user name until the caller's commit, so parallel tries
    cannot all read the count before any of them records a failure."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": username.lower()}
        )
    # On SQLite the caller's first write (recording the attempt) takes the database's single
    # write lock, which other sign-ins then wait for (busy timeout).


def sign_in(session: Session, username: str, password: str, remote_addr: str = "") -> SignInResult:
    """Check a user name and password, throttled per user name and address.

    The attempt is recorded as a failure *before* the password is checked, under a lock, so
    it fails closed: if it cannot be recorded (read-only or locked database, full disk), the
    database error propagates and nobody signs in. The caller must commit whatever the result.
    """
    now = utcnow()
    username = username.strip()[:80]
    remote_addr = remote_addr[:64]
    _lock_user_name(session, username)
    attempt = SignInFailure(username=username, remote_addr=remote_addr, failed_at=now)
    session.add(attempt)
    # Pruning here keeps the table bounded by what one WINDOW can hold.
    session.execute(delete(SignInFailure).where(SignInFailure.failed_at < now - WINDOW))
    session.flush()
    mine = _failures(session, username, now, remote_addr, attempt.id)
    everyone = _failures(session, username, now, None, attempt.id)
    wait = _wait(mine, FREE_FAILURES, now) or _wait(everyone, GLOBAL_FREE_FAILURES, now)
    if wait is not None:
        session.delete(attempt)  # a refused try checks no password, so it does not count
        session.flush()
        return SignInResult(None, locked_for=wait)
    user = session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if not check_password(user, password):
        return SignInResult(None)  # the attempt stays recorded as a failure
    if not user.is_active:
        # Only someone who knows the password learns that the account is deactivated; told
        # "wrong password" instead, they would try again until throttled.
        session.delete(attempt)
        return SignInResult(None, deactivated=True)
    session.execute(
        delete(SignInFailure)
        .where(func.lower(SignInFailure.username) == username.lower())
        .where(SignInFailure.remote_addr == remote_addr)
    )
    return SignInResult(user)


def clear_failures(session: Session, username: str) -> int:
    """Forget every recorded failure for this user name (an admin's unlock); return how many."""
    result = session.execute(
        delete(SignInFailure).where(func.lower(SignInFailure.username) == username.lower())
    )
    return result.rowcount or 0


def failure_count(session: Session, username: str) -> int:
    """How many failed sign-ins this user name has had lately (from every address)."""
    return session.scalar(
        select(func.count())
        .select_from(SignInFailure)
        .where(func.lower(SignInFailure.username) == username.lower())
        .where(SignInFailure.failed_at > utcnow() - WINDOW)
    )
