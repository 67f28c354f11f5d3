"""Personal tokens for the JSON API: issuing, revoking, and finding whose a token is.

A token is shown once, when issued; only its SHA-256 hash is stored, plus its first
characters so people can tell their tokens apart. Looking a token up by its hash is safe
against timing attacks: an attacker controls the secret, not the hash the index compares.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import ApiToken, User
from tracker.models.base import utcnow

SECRET_START = "sdg_"
PREFIX_LENGTH = len(SECRET_START) + 8
MAX_NAME_LENGTH = 120
MAX_SECRET_LENGTH = 200
# Writing "last used" on every request would turn every API read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(ValueError):
    """A request about a token that cannot be carried out, in words for the admin."""


class TokenRefused(Exception):
    """A known token that may not be used (revoked, or its user deactivated), and why."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(
    session: Session, user: User, name: str, *, issued_by: User | None
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret, which is never stored and cannot be shown
    again. ``issued_by`` is None for tokens issued from the command line."""
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
    secret = SECRET_START + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_secret(secret),
        created_by_id=issued_by.id if issued_by is not None else None,
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


def user_for_token(session: Session, secret: str, *, now: datetime | None = None) -> User | None:
    """The user a token belongs to; None for an unknown token. A revoked token or a
    deactivated user's token raises ``TokenRefused``. Notes when the token was last used."""
    if not secret.startswith(SECRET_START) or len(secret) > MAX_SECRET_LENGTH:
        return None  # not one of ours: spare the database
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None:
        return None
    if token.revoked_at is not None:
        raise TokenRefused(
            f"This token ({token.prefix}…) was revoked on {_aware(token.revoked_at):%Y-%m-%d}. "
            "Ask an administrator for a new one."
        )
    user = token.user
    if not user.is_active:
        raise TokenRefused(
            f"The account {user.username} that this token belongs to is deactivated. "
            "Ask an administrator."
        )
    now = now or utcnow()
    if token.last_used_at is None or now - _aware(token.last_used_at) >= LAST_USED_PRECISION:
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


def _aware(moment: datetime) -> datetime:
    # SQLite hands back timezone-aware columns without their zone; they were stored in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
