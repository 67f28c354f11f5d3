"""API tokens: shown once, stored as a hash, refused once revoked or when the user is not active."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tracker.models import ApiToken, User
from tracker.models.base import utcnow
from tracker.services.accounts.api_tokens import (
    PREFIX_LENGTH,
    TokenError,
    TokenRefused,
    find_token,
    hash_secret,
    issue_token,
    revoke_all_tokens,
    revoke_token,
    tokens_of,
    user_for_token,
)


def user_named(session, username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def test_issue_stores_only_a_hash_and_a_prefix(session):
    viewer, admin = user_named(session, "viewer"), user_named(session, "admin")
    token, secret = issue_token(session, viewer, "  Power BI   report ", issued_by=admin)
    assert secret.startswith("sdg_") and len(secret) > 40
    assert token.name == "Power BI report"
    assert token.prefix == secret[:PREFIX_LENGTH]
    assert token.token_hash == hash_secret(secret) and secret not in token.token_hash
    assert (token.user_id, token.created_by_id) == (viewer.id, admin.id)
    assert token.last_used_at is None and token.is_active
    stored = session.scalars(select(ApiToken.token_hash, ApiToken.prefix, ApiToken.name)).all()
    assert all(secret not in str(column) for row in stored for column in row)


def test_every_secret_is_new(session):
    viewer = user_named(session, "viewer")
    secrets = {issue_token(session, viewer, "script", issued_by=None)[1] for _ in range(5)}
    assert len(secrets) == 5


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_a_token_needs_a_short_name(session, name):
    with pytest.raises(TokenError, match="name"):
        issue_token(session, user_named(session, "viewer"), name, issued_by=None)


def test_no_token_for_a_deactivated_user(session):
    viewer = user_named(session, "viewer")
    viewer.is_active = False
    with pytest.raises(TokenError, match="deactivated"):
        issue_token(session, viewer, "script", issued_by=None)


def test_the_secret_finds_its_user(session):
    viewer = user_named(session, "viewer")
    token, secret = issue_token(session, viewer, "script", issued_by=None)
    assert user_for_token(session, secret) is viewer
    assert token.last_used_at is not None


@pytest.mark.parametrize("secret", ["", "sdg_unknown", "not-ours", "sdg_" + "x" * 300])
def test_unknown_secrets_find_nobody(session, secret):
    assert user_for_token(session, secret) is None


def test_a_changed_character_finds_nobody(session):
    _, secret = issue_token(session, user_named(session, "viewer"), "script", issued_by=None)
    changed = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    assert user_for_token(session, changed) is None


def test_last_used_is_written_at_most_once_a_minute(session):
    token, secret = issue_token(session, user_named(session, "viewer"), "s", issued_by=None)
    start = utcnow()
    user_for_token(session, secret, now=start)
    user_for_token(session, secret, now=start + timedelta(seconds=30))
    assert token.last_used_at == start
    later = start + timedelta(minutes=2)
    user_for_token(session, secret, now=later)
    assert token.last_used_at == later


def test_last_used_survives_a_round_trip_through_the_database(session):
    # SQLite returns the stored time without its zone; comparing must still work.
    token, secret = issue_token(session, user_named(session, "viewer"), "s", issued_by=None)
    user_for_token(session, secret)
    session.commit()
    session.expire_all()
    assert user_for_token(session, secret).username == "viewer"


def test_a_revoked_token_is_refused_with_the_reason(session):
    admin = user_named(session, "admin")
    token, secret = issue_token(session, user_named(session, "viewer"), "s", issued_by=admin)
    revoke_token(session, token, revoked_by=admin)
    assert token.revoked_at is not None and token.revoked_by_id == admin.id
    assert not token.is_active
    with pytest.raises(TokenRefused, match="revoked"):
        user_for_token(session, secret)
    with pytest.raises(TokenError, match="already revoked"):
        revoke_token(session, token, revoked_by=admin)


def test_a_deactivated_users_token_is_refused(session):
    viewer = user_named(session, "viewer")
    _, secret = issue_token(session, viewer, "s", issued_by=None)
    viewer.is_active = False
    session.flush()
    with pytest.raises(TokenRefused, match="deactivated"):
        user_for_token(session, secret)


def test_tokens_are_listed_newest_first_and_found_by_prefix(session):
    viewer = user_named(session, "viewer")
    first, first_secret = issue_token(session, viewer, "first", issued_by=None)
    second, _ = issue_token(session, viewer, "second", issued_by=None)
    assert [token.name for token in tokens_of(session, viewer)] == ["second", "first"]
    assert find_token(session, "viewer", first.prefix) == [first]
    assert find_token(session, "viewer", first_secret) == [first]  # the whole secret works too
    assert find_token(session, "analyst", first.prefix) == []
    revoke_token(session, second, revoked_by=None)
    assert find_token(session, "viewer", second.prefix) == []


def test_a_token_with_an_expiry_date_works_until_that_day_begins(session):
    viewer = user_named(session, "viewer")
    today = date(2026, 12, 1)
    token, secret = issue_token(session, viewer, "s", issued_by=None, expires_on=date(2026, 12, 2),
                                today=today)  # fmt: skip
    assert token.expires_at == datetime(2026, 12, 2, tzinfo=UTC)
    assert user_for_token(session, secret, now=datetime(2026, 12, 1, 23, 59, tzinfo=UTC)) is viewer
    with pytest.raises(TokenRefused, match=r"expired on 2026-12-02"):
        user_for_token(session, secret, now=datetime(2026, 12, 2, tzinfo=UTC))


@pytest.mark.parametrize("expires_on", [date(2026, 12, 1), date(2020, 1, 1)])
def test_an_expiry_date_must_be_after_today(session, expires_on):
    with pytest.raises(TokenError, match="after today"):
        issue_token(session, user_named(session, "viewer"), "s", issued_by=None,
                    expires_on=expires_on, today=date(2026, 12, 1))  # fmt: skip


def test_revoking_all_of_a_users_tokens_counts_those_still_active(session):
    viewer, admin = user_named(session, "viewer"), user_named(session, "admin")
    for name in ("a", "b", "c"):
        issue_token(session, viewer, name, issued_by=None)
    issue_token(session, admin, "other", issued_by=None)
    revoke_token(session, tokens_of(session, viewer)[0], revoked_by=None)
    assert revoke_all_tokens(session, viewer, revoked_by=admin) == 2
    assert all(token.revoked_at is not None for token in tokens_of(session, viewer))
    assert tokens_of(session, admin)[0].revoked_at is None
    assert revoke_all_tokens(session, viewer, revoked_by=admin) == 0
