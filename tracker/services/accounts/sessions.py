"""When a browser session ends: every session of a person at once (signing out, a new
password, a deactivation), or one session after too long without activity or since sign-in.

A session is a signed cookie the browser keeps, so the server cannot delete it; it ends
because the person's ``session_generation`` moves past the one the cookie keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from tracker.models import User

IDLE_TIMEOUT = timedelta(hours=8)
LIFETIME = timedelta(hours=12)


class Ended(Enum):
    """Why one session ended by itself."""

    IDLE = "idle"
    LIFETIME = "lifetime"


@dataclass(frozen=True)
class SessionLimits:
    """How long a session may go without a request, and how long it may last at all."""

    idle: timedelta = IDLE_TIMEOUT
    lifetime: timedelta = LIFETIME


def end_sessions(user: User) -> None:
    """End every session of ``user``, in every browser; the caller commits."""
    user.session_generation = (user.session_generation or 0) + 1


def ended(
    signed_in_at: float | None, seen_at: float | None, now: datetime, limits: SessionLimits
) -> Ended | None:
    """Whether a session signed in and last seen at these moments (POSIX seconds) has
    ended by now. A session that does not know them (from before they were kept) has."""
    if signed_in_at is None or seen_at is None:
        return Ended.LIFETIME
    moment = now.timestamp()
    if moment - signed_in_at >= limits.lifetime.total_seconds():
        return Ended.LIFETIME
    if moment - seen_at >= limits.idle.total_seconds():
        return Ended.IDLE
    return None
