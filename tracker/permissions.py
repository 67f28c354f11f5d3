"""Who may do what: sign-in for every page that changes data, roles on top of it.

viewer: read everything and export; analyst: also create, edit and change status;
admin: also manage users. Checks run on the server whatever a page shows.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps

from flask import Flask, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker import browser_sessions
from tracker.extensions import db, login_manager
from tracker.models import User
from tracker.services.accounts.users import role_label


def _require(check: Callable[[User], bool]) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


editor_required = _require(lambda user: user.can_edit)
admin_required = _require(lambda user: user.is_admin)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.localize_callback = str  # the reader's language, as text the session keeps
    login_manager.login_message_category = "info"

    app.add_template_global(role_label)
    browser_sessions.init_app(app)

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """The session's user while the account is active and the session has not ended:
        no sign-out, new password or deactivation since it began (see User.get_id)."""
        user_id = session_id.partition("-")[0]
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        if user is None or not user.is_active:
            return None
        return user if hmac.compare_digest(session_id, user.get_id()) else None
