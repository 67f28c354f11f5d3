"""Sign-in throttling: per user name and address, a growing delay, pruning, and timing."""

import time
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import func, select

from tracker.models import SignInFailure
from tracker.services.accounts.sign_in import (
    GLOBAL_FREE_FAILURES,
    WINDOW,
    clear_failures,
    sign_in,
)
from tracker.services.accounts.users import create_user

GOOD_PASSWORD = "a-long-enough-password"
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def failures(session, username: str | None = None) -> int:
    query = select(func.count()).select_from(SignInFailure)
    if username:
        query = query.where(SignInFailure.username == username)
    return session.scalar(query)


def test_a_deactivated_account_is_told_apart_only_with_its_right_password(session):
    user = create_user(session, "dormant", GOOD_PASSWORD, "viewer")
    user.is_active = False
    session.flush()
    right = sign_in(session, "dormant", GOOD_PASSWORD)
    assert right.user is None and right.deactivated
    wrong = sign_in(session, "dormant", "not-the-password")
    assert wrong.user is None and not wrong.deactivated  # nothing learnt without the password
    assert failures(session, "dormant") == 1


def test_someone_elses_failures_do_not_throttle_another_address(session):
    create_user(session, "target", GOOD_PASSWORD, "admin")
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            assert sign_in(session, "target", "guess", "10.0.0.66").locked_for is None
        assert sign_in(session, "target", GOOD_PASSWORD, "10.0.0.66").locked_for is not None
        assert sign_in(session, "target", GOOD_PASSWORD, "10.0.0.7").user is not None


def test_the_delay_grows_after_each_failure_and_is_capped(session):
    create_user(session, "target", GOOD_PASSWORD, "viewer")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            sign_in(session, "target", "guess", "10.0.0.66")
        delays = []
        for _ in range(7):
            locked = sign_in(session, "target", "guess", "10.0.0.66").locked_for
            delays.append(locked)
            clock.shift(locked)  # wait exactly as long as told, then guess again
            assert sign_in(session, "target", "guess", "10.0.0.66").locked_for is None
    assert [d.total_seconds() / 60 for d in delays] == [1, 2, 4, 8, 15, 15, 15]


def test_many_addresses_together_hit_the_user_names_ceiling(session):
    create_user(session, "target", GOOD_PASSWORD, "viewer")
    with time_machine.travel(START, tick=False):
        for n in range(GLOBAL_FREE_FAILURES):
            assert sign_in(session, "target", "guess", f"10.0.{n}.1").locked_for is None
        assert sign_in(session, "target", GOOD_PASSWORD, "10.9.9.9").locked_for is not None


def test_old_failures_are_pruned_when_a_new_one_is_recorded(session):
    create_user(session, "target", GOOD_PASSWORD, "viewer")
    with time_machine.travel(START, tick=False) as clock:
        for n in range(30):
            sign_in(session, f"nobody-{n}", "guess", "10.0.0.1")
        assert failures(session) == 30
        clock.shift(WINDOW + timedelta(seconds=1))
        sign_in(session, "someone", "guess", "10.0.0.1")
    assert failures(session) == 1


def test_clearing_failures_lifts_the_throttle(session):
    create_user(session, "target", GOOD_PASSWORD, "viewer")
    with time_machine.travel(START, tick=False):
        for _ in range(6):
            sign_in(session, "target", "guess", "10.0.0.66")
        assert sign_in(session, "target", GOOD_PASSWORD, "10.0.0.66").locked_for is not None
        assert clear_failures(session, "TARGET") == 5  # the refused sixth is not counted
        assert sign_in(session, "target", GOOD_PASSWORD, "10.0.0.66").user is not None


def test_an_unknown_user_name_takes_as_long_as_a_known_one(session):
    create_user(session, "known", GOOD_PASSWORD, "viewer")

    def took(username: str) -> float:
        start = time.perf_counter()
        sign_in(session, username, "wrong-password", f"10.1.{time.monotonic_ns() % 250}.1")
        return time.perf_counter() - start

    known = min(took("known") for _ in range(3))
    unknown = min(took("nobody-at-all") for _ in range(3))
    print(f"known user: {known * 1000:.1f} ms, unknown: {unknown * 1000:.1f} ms")
    assert unknown >= 0.5 * known  # before: about 1/14 (8 ms against 116 ms)
