"""When one session ends by itself, and ending every session of a person."""

from datetime import UTC, datetime, timedelta

import pytest

from tracker.models import User
from tracker.services.accounts.sessions import Ended, SessionLimits, end_sessions, ended

SIGNED_IN = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
LIMITS = SessionLimits(idle=timedelta(hours=8), lifetime=timedelta(hours=12))


def at(hours: float) -> float:
    return (SIGNED_IN + timedelta(hours=hours)).timestamp()


@pytest.mark.parametrize(
    ("seen_after", "now_after", "expected"),
    [
        (0, 7.9, None),
        (0, 8, Ended.IDLE),
        (3, 10.9, None),  # active three hours in: idle from then on
        (3, 11, Ended.IDLE),
        (11.9, 11.95, None),
        (11.9, 12, Ended.LIFETIME),  # however active
    ],
)
def test_a_session_ends_when_idle_or_too_old(seen_after, now_after, expected):
    now = SIGNED_IN + timedelta(hours=now_after)
    assert ended(at(0), at(seen_after), now, LIMITS) is expected


def test_a_session_that_does_not_know_when_it_began_has_ended():
    assert ended(None, at(0), SIGNED_IN, LIMITS) is Ended.LIFETIME
    assert ended(at(0), None, SIGNED_IN, LIMITS) is Ended.LIFETIME


def test_ending_every_session_changes_what_a_session_must_keep():
    user = User(id=7, username="a", password_hash="h", session_generation=0)
    before = user.get_id()
    end_sessions(user)
    assert user.session_generation == 1 and user.get_id() != before
