"""User accounts: creating and editing them, and changing passwords (sign-in: sign_in.py)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.models import ROLES, User
from tracker.services.accounts.sessions import end_sessions

MIN_PASSWORD_LENGTH = 10
MAX_USERNAME_LENGTH = 80
MAX_DISPLAY_NAME_LENGTH = 120

# Demo accounts that `make run` creates on a new database; their passwords are public.
DEMO_ACCOUNTS = (
    ("viewer", "viewer", "Demo viewer (manager)", "viewer-demo-2026"),
    ("analyst", "analyst", "Demo analyst", "analyst-demo-2026"),
    ("admin", "admin", "Demo administrator", "admin-demo-2026"),
)

# What pages call each role; the stored value (ROLES) stays English.
ROLE_LABELS = {"viewer": _l("viewer"), "analyst": _l("analyst"), "admin": _l("admin")}


def role_label(role: str) -> str:
    """A role's name in the reader's language, in lower case as inside a sentence."""
    return str(ROLE_LABELS.get(role, role))


class AccountError(ValueError):
    """A request about an account that cannot be carried out, in words for the user.

    ``field`` names the form field the message belongs next to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def create_user(
    session: Session, username: str, password: str, role: str, display_name: str = ""
) -> User:
    """Add an account; user names are unique whatever their case."""
    username = username.strip()
    if not username or len(username) > MAX_USERNAME_LENGTH:
        raise AccountError(
            _(
                "A user name is required (at most %(limit)s characters).",
                limit=MAX_USERNAME_LENGTH,
            ),
            "username",
        )
    _check_role(role)
    display_name = _checked_display_name(display_name)
    _check_password(password)
    if session.scalar(select(User).where(func.lower(User.username) == username.lower())):
        raise AccountError(
            _("The user name “%(username)s” is taken.", username=username), "username"
        )
    user = User(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=generate_password_hash(password),
    )
    session.add(user)
    session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """A new password; every session of the user ends (the caller may start this one anew)."""
    _check_password(password)
    user.password_hash = generate_password_hash(password)
    end_sessions(user)


def change_own_password(user: User, current: str, new: str) -> None:
    """A signed-in person's new password, once they have given the one they have now."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError(_("The current password is not right."), "current")
    if check_password_hash(user.password_hash, new):
        raise AccountError(_("The new password is the one you have now."), "password")
    set_password(user, new)


def list_users(session: Session) -> list[User]:
    """Every account, by user name."""
    return list(session.scalars(select(User).order_by(func.lower(User.username))))


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def find_editor(session: Session, username: str) -> User | None:
    """The active analyst or admin with this user name (a CLI import is recorded under it)."""
    user = session.scalar(select(User).where(User.username == username))
    return user if user is not None and user.is_active and user.can_edit else None


def update_user(
    session: Session,
    user: User,
    *,
    acting_user: User | None,
    role: str,
    display_name: str,
    is_active: bool,
) -> list[str]:
    """Change an account's role, display name and active flag; return the changes in words.

    An admin cannot take away their own admin role or deactivate themselves, and the last
    active admin stays one, so that someone can always manage accounts. ``acting_user`` is
    None for changes made outside a signed-in session (the command line).
    """
    _check_role(role)
    display_name = _checked_display_name(display_name)
    is_self = acting_user is not None and acting_user.id == user.id
    if is_self and user.is_admin and role != "admin":
        raise AccountError(
            _("You cannot remove your own admin role. Ask another admin to do it."), "role"
        )
    if is_self and user.is_active and not is_active:
        raise AccountError(
            _("You cannot deactivate your own account. Ask another admin to do it."), "is_active"
        )
    was_active_admin = user.is_admin and user.is_active
    stops_being_admin = role != "admin" or not is_active
    if was_active_admin and stops_being_admin and not _other_active_admins(session, user):
        raise AccountError(
            _(
                "%(user)s is the last active admin, so they must stay an active admin. "
                "Make someone else an admin first.",
                user=user.label,
            ),
            "role" if role != "admin" else "is_active",
        )
    changes = []
    if display_name != user.display_name:
        changes.append(
            _("display name “%(old)s” → “%(new)s”", old=user.display_name, new=display_name)
        )
        user.display_name = display_name
    if role != user.role:
        changes.append(_("role %(old)s → %(new)s", old=role_label(user.role), new=role_label(role)))
        user.role = role
    if is_active != user.is_active:
        changes.append(
            _("reactivated") if is_active else _("deactivated: they can no longer sign in")
        )
        user.is_active = is_active
        if not is_active:
            end_sessions(user)  # so that a reactivation revives no session
    session.flush()
    return changes


def _other_active_admins(session: Session, user: User) -> list[int]:
    # Lock every active admin row (in id order), so two admins demoting each other at the
    # same moment cannot both succeed on PostgreSQL; SQLite ignores FOR UPDATE.
    admin_ids = session.scalars(
        select(User.id)
        .where(User.role == "admin", User.is_active.is_(True))
        .order_by(User.id)
        .with_for_update()
    )
    return [admin_id for admin_id in admin_ids if admin_id != user.id]


def _check_role(role: str) -> None:
    if role not in ROLES:
        roles = ", ".join(role_label(known) for known in ROLES)
        raise AccountError(_("The role must be one of: %(roles)s.", roles=roles), "role")


def _checked_display_name(display_name: str) -> str:
    display_name = display_name.strip()
    if len(display_name) > MAX_DISPLAY_NAME_LENGTH:
        raise AccountError(
            _(
                "The display name can have at most %(limit)s characters.",
                limit=MAX_DISPLAY_NAME_LENGTH,
            ),
            "display_name",
        )
    return display_name


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("The password needs at least %(limit)s characters.", limit=MIN_PASSWORD_LENGTH),
            "password",
        )


def create_demo_accounts(session: Session) -> list[tuple[str, str, str]]:
    """On a database without users, add one account per role; return (user, role, password)."""
    if session.scalar(select(func.count()).select_from(User)):
        return []
    for username, role, display_name, password in DEMO_ACCOUNTS:
        create_user(session, username, password, role, display_name)
    return [(username, role, password) for username, role, _, password in DEMO_ACCOUNTS]
