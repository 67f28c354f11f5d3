"""Signed-in browser sessions: starting one at sign-in, ending them at sign-out, their time
limits, and keeping signed-in pages out of every cache.

What the session cookie keeps besides Flask-Login's user id: when the person signed in and
when they were last seen (POSIX seconds; the cookie is signed, so nobody can change them).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, current_app, flash, g, redirect, request, session, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from tracker.models import User
from tracker.models.base import utcnow
from tracker.services.accounts import sessions
from tracker.services.accounts.sessions import Ended, SessionLimits

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
# Writing "last seen" into the cookie on every request would send a new cookie each time.
SEEN_PRECISION = timedelta(minutes=1)
# Pages that show or change accounts, tokens or imports: never stored by a cache, even
# when answered to someone signed out (a redirect to sign in, the sign-in form).
PRIVATE_PATHS = ("/account", "/admin", "/import", "/sign-in")
# Where an ended session is not sent to sign in: these need no session.
NOT_REDIRECTED = ("static", "auth.sign_in", "auth.sign_out")


def start(user: User) -> None:
    """Sign ``user`` in with a new session: nothing of the one before it is kept, so a CSRF
    secret someone planted in it (a cookie handed to the victim) does not carry over."""
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF's copy for this request
    login_user(user)
    now = utcnow().timestamp()
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def end() -> None:
    """Sign this browser out and forget everything its session kept."""
    logout_user()
    session.clear()


def limits() -> SessionLimits:
    config = current_app.config
    return SessionLimits(
        idle=config.get("SESSION_IDLE_TIMEOUT", sessions.IDLE_TIMEOUT),
        lifetime=config.get("SESSION_LIFETIME", sessions.LIFETIME),
    )


def _enforce_time_limits() -> Response | None:
    if "_user_id" not in session or request.endpoint == "static":
        return None
    now = utcnow()
    reason = sessions.ended(session.get(SIGNED_IN_AT), session.get(SEEN_AT), now, limits())
    if reason is None:
        if now.timestamp() - session[SEEN_AT] >= SEEN_PRECISION.total_seconds():
            session[SEEN_AT] = now.timestamp()
        return None
    end()
    if reason is Ended.IDLE:
        message = _("Your session ended after %(duration)s without activity; sign in again.",
                    duration=format_timedelta(limits().idle))  # fmt: skip
    else:
        message = _("Your session ended: a session lasts at most %(duration)s after signing "
                    "in. Sign in again.", duration=format_timedelta(limits().lifetime))  # fmt: skip
    if request.path.startswith("/api/"):
        return None  # the API answers 401 itself, in JSON
    flash(message, "info")
    if request.endpoint in NOT_REDIRECTED:
        return None  # the sign-in page shows the message; signing out goes on
    here = request.full_path if request.query_string else request.path
    return redirect(url_for("auth.sign_in", next=here))


def _keep_out_of_caches(response: Response) -> Response:
    """A page answered to a signed-in session shows that person's name and may show their
    data; account, admin and import pages are private whoever asks. None of them may be
    stored, by the browser or by a proxy. Static files and pages marked public (the same
    for everyone) stay cacheable, and so does everything a signed-out visitor reads."""
    if request.endpoint == "static" or response.cache_control.public:
        return response
    private_path = any(
        request.path == path or request.path.startswith(path + "/") for path in PRIVATE_PATHS
    )
    if "_user_id" in session or private_path:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    # First of all checks: a form sent after the session ended is met with "sign in
    # again", not with a refusal of its (by then also expired) CSRF token.
    app.before_request_funcs.setdefault(None, []).insert(0, _enforce_time_limits)
    app.after_request(_keep_out_of_caches)
