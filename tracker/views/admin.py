"""Managing user accounts (admins only): the list, adding a user, editing one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from tracker.extensions import db
from tracker.forms.accounts import EditUserForm, NewUserForm
from tracker.models import User
from tracker.permissions import admin_required
from tracker.services import accounts

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.context_processor
def _password_rule() -> dict:
    return {"min_password_length": accounts.MIN_PASSWORD_LENGTH}


def _user_or_404(user_id: int) -> User:
    user = accounts.get_user(db.session, user_id)
    if user is None:
        abort(404)
    return user


def _show_error(form: FlaskForm, error: accounts.AccountError) -> None:
    """Put a service's refusal next to its field, or above the form."""
    if error.field and error.field in form:
        form[error.field].errors.append(str(error))
    else:
        form.form_errors.append(str(error))


@bp.get("/users")
@admin_required
def users() -> str:
    return render_template("admin/users.html", users=accounts.list_users(db.session))


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                db.session,
                form.username.data,
                form.password.data,
                form.role.data,
                form.display_name.data or "",
            )
        except accounts.AccountError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(f"User {user.username} was added as {user.role}.", "success")
            return redirect(url_for(".users"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/new_user.html", form=form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    user = _user_or_404(user_id)
    form = EditUserForm(obj=user, was_active=user.is_active)
    if form.validate_on_submit():
        try:
            changes = accounts.update_user(
                db.session,
                user,
                acting_user=current_user,
                role=form.role.data,
                display_name=form.display_name.data or "",
                is_active=form.is_active.data,
            )
            if form.password.data:
                accounts.set_password(user, form.password.data)
                changes.append("new password set")
        except accounts.AccountError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            if changes:
                flash(f"Saved {user.username}: {'; '.join(changes)}.", "success")
            else:
                flash(f"Nothing changed for {user.username}.", "info")
            return redirect(url_for(".users"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/edit_user.html", form=form, user=user), status
