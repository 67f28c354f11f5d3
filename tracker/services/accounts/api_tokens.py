"""Personal tokens for the JSON API: issuing, revoking, and finding whose a token is.

A token is shown once, when issued; only its SHA-256 hash is stored, plus its first
characters so people can tell their tokens apart. Looking a token up by its hash is safe
against timing attacks: an attacker controls the secret, not the hash the index compares.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import ApiToken, User
from tracker.models.base import as_utc, utcnow

SECRET_START = "sdg_"
PREFIX_LENGTH = len(SECRET_START) + 8
MAX_NAME_LENGTH = 120
MAX_SECRET_LENGTH = 200
# Writing "last used" on every request would turn every API read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(ValueError):
    """A request about a token that cannot be carried out, in words for the admin.

    ``field`` names the issue form's field the message belongs next to.
    """

    def __init__(self, message: str, field: str = "name") -> None:
        super().__init__(message)
        self.field = field


class TokenRefused(Exception):
    """A known token that may not be used (revoked, expired, or its user deactivated), and
    why, in words for the API's caller."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
    session: Session,
    user: User,
    name: str,
    *,
    issued_by: User | None,
    expires_on: date | None = None,
    today: date | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret, which is never stored and cannot be shown
    again. ``issued_by`` is None for tokens issued from the command line. With
    ``expires_on``, the token is refused from the start of that day (00:00 UTC) on."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise TokenError(
            _(
                "Give the token a name that says what it is for (at most %(count)s "
                "characters), e.g. “Power BI report”.",
                count=MAX_NAME_LENGTH,
            )
        )
    if not user.is_active:
        raise TokenError(
            _("%(user)s is deactivated; reactivate the account first.", user=user.label)
        )
    today = today or utcnow().date()
    if expires_on is not None and expires_on <= today:
        raise TokenError(
            _("The expiry date must be after today (%(today)s, UTC).", today=today.isoformat()),
            "expires",
        )
    secret = SECRET_START + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_secret(secret),
        created_by_id=issued_by.id if issued_by is not None else None,
        expires_at=_start_of(expires_on) if expires_on is not None else None,
    )
    session.add(token)
    session.flush()
    return token, secret


def revoke_token(session: Session, token: ApiToken, *, revoked_by: User | None) -> None:
    """Stop the token working, for good; it stays listed with when it was revoked."""
    if token.revoked_at is not None:
        raise TokenError(
            _("The token “%(name)s” (%(prefix)s…) is already revoked.", name=token.name,
              prefix=token.prefix)
        )  # fmt: skip
    token.revoked_at = utcnow()
    token.revoked_by_id = revoked_by.id if revoked_by is not None else None
    session.flush()


def revoke_all_tokens(session: Session, user: User, *, revoked_by: User | None) -> int:
    """Revoke every token of ``user`` that is not revoked yet; how many that was."""
    active = [token for token in tokens_of(session, user) if token.revoked_at is None]
    for token in active:
        revoke_token(session, token, revoked_by=revoked_by)
    return len(active)


def revoke_after_account_change(
    session: Session, user: User, *, acting_user: User, deactivated: bool, password_set: bool
) -> int:
    """After an admin's edit of an account: a deactivation, or a password someone else set
    (a reset: the old one may be known to the wrong person), revokes all the account's
    tokens, which a reactivation does not bring back. People who change their own password
    keep their tokens, as on most services: the scripts that use them go on working."""
    reset_by_another = password_set and acting_user.id != user.id
    if not (deactivated or reset_by_another):
        return 0
    return revoke_all_tokens(session, user, revoked_by=acting_user)


def user_for_token(session: Session, secret: str, *, now: datetime | None = None) -> User | None:
    """The user a token belongs to; None for an unknown token. A revoked or expired token,
    or a deactivated user's token, raises ``TokenRefused``. Notes when it was last used."""
    if not secret.startswith(SECRET_START) or len(secret) > MAX_SECRET_LENGTH:
        return None  # not one of ours: spare the database
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None:
        return None
    if token.revoked_at is not None:
        raise TokenRefused(
            f"This token ({token.prefix}…) was revoked on {as_utc(token.revoked_at):%Y-%m-%d}. "
            "Ask an administrator for a new one."
        )
    now = now or utcnow()
    if token.expired_by(now):
        raise TokenRefused(
            f"This token ({token.prefix}…) expired on {as_utc(token.expires_at):%Y-%m-%d} "
            "(00:00 UTC). Ask an administrator for a new one."
        )
    user = token.user
    if not user.is_active:
        raise TokenRefused(
            f"The account {user.username} that this token belongs to is deactivated. "
            "Ask an administrator."
        )
    if token.last_used_at is None or now - as_utc(token.last_used_at) >= LAST_USED_PRECISION:
        token.last_used_at = now
        session.flush()
    return user


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones too."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def get_token(session: Session, token_id: int) -> ApiToken | None:
    return session.get(ApiToken, token_id)


def find_token(session: Session, username: str, prefix: str) -> list[ApiToken]:
    """A user's unrevoked tokens whose secret starts with ``prefix`` (the command line)."""
    return list(
        session.scalars(
            select(ApiToken)
            .join(User, User.id == ApiToken.user_id)
            .where(User.username == username, ApiToken.revoked_at.is_(None))
            .where(ApiToken.prefix.startswith(prefix[:PREFIX_LENGTH], autoescape=True))
        )
    )


def _start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
