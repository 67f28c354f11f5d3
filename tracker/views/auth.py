"""Signing in and out, and one's own account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user
from sqlalchemy.exc import DBAPIError

from tracker import browser_sessions
from tracker.extensions import db
from tracker.forms.accounts import ChangePasswordForm, SignInForm, SignOutForm
from tracker.rate_limits import limited
from tracker.services.accounts import api_tokens, sessions, users
from tracker.services.accounts import sign_in as sign_in_service

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only local paths, so a crafted link cannot send a user to another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("main.home")


@bp.route("/sign-in", methods=["GET", "POST"])
@limited("RATELIMIT_SIGN_IN", methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            result = sign_in_service.sign_in(
                db.session, form.username.data, form.password.data, request.remote_addr or ""
            )
            db.session.commit()
        except DBAPIError:
            # Fail closed: an attempt that cannot be recorded is not checked at all (read-only,
            # locked or full database), so the throttle can never be bypassed.
            db.session.rollback()
            form.form_errors.append(_("Sign-in is unavailable right now. Try again in a minute."))
            response = make_response(render_template("auth/sign_in.html", form=form), 503)
            response.headers["Retry-After"] = "60"
            return response
        if result.user is not None:
            browser_sessions.start(result.user)  # a new session, with a new CSRF secret
            flash(
                _("Signed in as %(user)s (%(role)s).", user=result.user.label,
                  role=users.role_label(result.user.role)),
                "success",
            )  # fmt: skip
            return redirect(_safe_next(request.args.get("next")))
        if result.locked_for is not None:
            minutes = max(1, round(result.locked_for.total_seconds() / 60))
            form.form_errors.append(
                ngettext(
                    "Too many failed attempts for this user name. Try again in %(num)s minute.",
                    "Too many failed attempts for this user name. Try again in %(num)s minutes.",
                    minutes,
                )
            )
            return render_template("auth/sign_in.html", form=form), 429
        if result.deactivated:
            form.form_errors.append(
                _("Your account is deactivated, so you cannot sign in. Ask an admin to "
                  "reactivate it.")
            )  # fmt: skip
            return render_template("auth/sign_in.html", form=form), 403
        form.form_errors.append(_("The user name or password is not right."))
        return render_template("auth/sign_in.html", form=form), 401
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out():
    if SignOutForm().validate_on_submit():
        if current_user.is_authenticated:
            sessions.end_sessions(current_user)  # a copy of this cookie is worthless too
            db.session.commit()
            message = _("You are signed out here and everywhere else you were signed in.")
        else:  # the session had ended already
            message = _("You are signed out.")
        browser_sessions.end()
        flash(message, "info")
    return redirect(url_for("main.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Who one is signed in as, one's API tokens, and a new password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            users.change_own_password(current_user, form.current.data, form.password.data)
        except users.AccountError as error:
            db.session.rollback()
            getattr(form, error.field or "current").errors.append(str(error))
        else:
            db.session.commit()
            login_user(current_user)  # this session goes on; those with the old password end
            flash(
                _("Your password is changed. Anywhere else you were signed in, you are now "
                  "signed out."),
                "success",
            )  # fmt: skip
            return redirect(url_for(".account"))
    tokens = [token for token in api_tokens.tokens_of(db.session, current_user) if token.is_active]
    status = 422 if form.is_submitted() else 200
    return render_template(
        "auth/account.html", form=form, tokens=tokens,
        min_password_length=users.MIN_PASSWORD_LENGTH,
    ), status  # fmt: skip
