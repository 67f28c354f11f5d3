"""Managing user accounts (admins only): the list, adding a user, editing one, and the
users' API tokens (issuing and revoking). The admin's other pages (exchange rates,
organisations) are blueprints of their own, registered under this one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user
from flask_wtf import FlaskForm

from tracker.extensions import db
from tracker.forms.accounts import EditUserForm, NewUserForm
from tracker.forms.tokens import IssueTokenForm, RevokeTokenForm
from tracker.models import ApiToken, User
from tracker.permissions import admin_required
from tracker.services.accounts import api_tokens
from tracker.services.accounts import sign_in as sign_in_service
from tracker.services.accounts import users as user_service
from tracker.views import admin_organisations, admin_rate_imports, admin_rates

bp = Blueprint("admin", __name__, url_prefix="/admin")
# Exchange rates and organisations are admin pages of modules of their own.
for _part in (admin_rates, admin_rate_imports, admin_organisations):
    bp.register_blueprint(_part.bp)


@bp.context_processor
def _password_rule() -> dict:
    return {"min_password_length": user_service.MIN_PASSWORD_LENGTH}


def _user_or_404(user_id: int) -> User:
    user = user_service.get_user(db.session, user_id)
    if user is None:
        abort(404)
    return user


def _show_error(form: FlaskForm, error: user_service.AccountError) -> None:
    """Put a service's refusal next to its field, or above the form."""
    if error.field and error.field in form:
        form[error.field].errors.append(str(error))
    else:
        form.form_errors.append(str(error))


@bp.get("/users")
@admin_required
def users() -> str:
    return render_template("admin/users.html", users=user_service.list_users(db.session))


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = user_service.create_user(
                db.session,
                form.username.data,
                form.password.data,
                form.role.data,
                form.display_name.data or "",
            )
        except user_service.AccountError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(
                _("User %(user)s was added as %(role)s.", user=user.username,
                  role=user_service.role_label(user.role)),
                "success",
            )  # fmt: skip
            return redirect(url_for(".users"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/new_user.html", form=form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    user = _user_or_404(user_id)
    form = EditUserForm(obj=user, was_active=user.is_active, own_account=user.id == current_user.id)
    if form.validate_on_submit():
        was_active = user.is_active
        try:
            changes = user_service.update_user(
                db.session,
                user,
                acting_user=current_user,
                role=form.role.data,
                display_name=form.display_name.data or "",
                is_active=form.is_active.data,
            )
            if form.password.data:
                user_service.set_password(user, form.password.data)
                changes.append(_("new password set"))
            revoked = api_tokens.revoke_after_account_change(
                db.session, user, acting_user=current_user,
                deactivated=was_active and not user.is_active,
                password_set=bool(form.password.data),
            )  # fmt: skip
        except user_service.AccountError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            if user.id == current_user.id and form.password.data:
                login_user(user)  # a new password ends the admin's other sessions, not this one
            if changes:
                flash(
                    _("Saved %(user)s: %(changes)s.", user=user.username,
                      changes="; ".join(changes)),
                    "success",
                )  # fmt: skip
            else:
                flash(_("Nothing changed for %(user)s.", user=user.username), "info")
            if revoked:
                flash(
                    ngettext("%(num)s API token of %(user)s was revoked.",
                             "%(num)s API tokens of %(user)s were revoked.",
                             revoked, user=user.username),
                    "info",
                )  # fmt: skip
            return redirect(url_for(".users"))
    status = 422 if form.is_submitted() else 200
    failed = sign_in_service.failure_count(db.session, user.username)
    return render_template(
        "admin/edit_user.html", form=form, user=user, failed_sign_ins=failed
    ), status


@bp.route("/users/<int:user_id>/unlock", methods=["GET", "POST"])
@admin_required
def unlock_user(user_id: int):
    """GET asks for confirmation; the confirmation page's form clears the sign-in throttle."""
    user = _user_or_404(user_id)
    form = FlaskForm()  # the CSRF token alone
    if form.validate_on_submit():
        cleared = sign_in_service.clear_failures(db.session, user.username)
        db.session.commit()
        flash(
            ngettext("%(num)s failed sign-in of %(user)s was cleared: they can sign in again "
                     "at once, from anywhere.",
                     "%(num)s failed sign-ins of %(user)s were cleared: they can sign in again "
                     "at once, from anywhere.",
                     cleared, user=user.username),
            "success",
        )  # fmt: skip
        return redirect(url_for(".edit_user", user_id=user.id))
    status = 400 if form.is_submitted() else 200
    failed = sign_in_service.failure_count(db.session, user.username)
    return render_template(
        "admin/unlock_user.html", form=form, user=user, failed_sign_ins=failed
    ), status


# --- API tokens ----------------------------------------------------------------------------


def _token_or_404(token_id: int) -> ApiToken:
    token = api_tokens.get_token(db.session, token_id)
    if token is None:
        abort(404)
    return token


def _tokens_page(user: User, form: IssueTokenForm, secret: str | None = None, status: int = 200):
    # No cache keeps it, the secret's page included: every /admin page is sent with no-store.
    page = render_template(
        "admin/tokens.html",
        user=user,
        form=form,
        tokens=api_tokens.tokens_of(db.session, user),
        secret=secret,
    )
    return page, status


@bp.get("/users/<int:user_id>/tokens")
@admin_required
def tokens(user_id: int):
    return _tokens_page(_user_or_404(user_id), IssueTokenForm())


@bp.post("/users/<int:user_id>/tokens")
@admin_required
def issue_token(user_id: int):
    """Issue a token and show its secret on this response only: it is not stored, and a
    redirect would have to carry it in the (signed, not encrypted) session cookie."""
    user = _user_or_404(user_id)
    form = IssueTokenForm()
    if not form.validate_on_submit():
        return _tokens_page(user, form, status=422)
    if form.sent_before():
        flash(
            _("This form was already sent (the page was reloaded or opened again), and the "
              "token was issued then. Its secret is shown only once: if it was not copied, "
              "revoke that token and issue a new one."),
            "info",
        )  # fmt: skip
        return redirect(url_for(".tokens", user_id=user.id), 303)
    try:
        token, secret = api_tokens.issue_token(
            db.session, user, form.name.data, issued_by=current_user, expires_on=form.expires.data
        )
    except api_tokens.TokenError as error:
        db.session.rollback()
        form[error.field].errors.append(str(error))
        return _tokens_page(user, form, status=422)
    db.session.commit()
    form.use_up()
    return _tokens_page(user, IssueTokenForm(formdata=None), secret=secret, status=201)


@bp.route("/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@admin_required
def revoke_token(token_id: int):
    """GET asks for confirmation; the confirmation page's form revokes."""
    token = _token_or_404(token_id)
    form = RevokeTokenForm()
    if form.validate_on_submit():
        try:
            api_tokens.revoke_token(db.session, token, revoked_by=current_user)
        except api_tokens.TokenError as error:
            db.session.rollback()
            flash(str(error), "info")
        else:
            db.session.commit()
            flash(
                _("The token “%(name)s” (%(prefix)s…) was revoked.", name=token.name,
                  prefix=token.prefix),
                "success",
            )  # fmt: skip
        return redirect(url_for(".tokens", user_id=token.user_id))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/revoke_token.html", token=token, form=form), status
