"""Organisations (admins): the searchable, sortable list with how many projects use each,
adding, editing, and deleting an organisation nothing uses. A part of the admin blueprint
(``/admin/organisations``)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.forms.organisations import OrganisationForm
from tracker.models import Organisation
from tracker.permissions import admin_required
from tracker.services import figure_cache
from tracker.services.reference import organisations as service

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _organisation_or_404(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _show_problems(form: OrganisationForm, error: service.OrganisationError) -> None:
    for field, message in error.problems:
        (form[field].errors if field in form else form.form_errors).append(message)


@bp.get("")
@admin_required
def index() -> str:
    query, problems = service.OrganisationQuery.from_args(request.args)
    page = service.list_organisations(db.session, query)
    return render_template(
        "admin/organisations.html", page=page, query=query, problems=problems,
        kind_label=service.kind_label,
    )  # fmt: skip


def _saved(message: str):
    """After a commit: figures cached with the old names are dropped (in this process; the
    others' entries end with the next change to a project)."""
    figure_cache.clear()
    flash(message, "success")
    return redirect(url_for(".index"))


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def new():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = service.create_organisation(
                db.session, acronym=form.acronym.data or "", name=form.name.data or "",
                kind=form.kind.data, iati_ref=form.iati_ref.data or "",
            )  # fmt: skip
            db.session.commit()
        except service.OrganisationError as error:
            db.session.rollback()
            _show_problems(form, error)
        except IntegrityError:  # added by someone else between the check and the save
            db.session.rollback()
            form.form_errors.append(
                _(
                    "An organisation with this acronym, name or identifier "
                    "was added meanwhile; look it up in the list."
                )
            )
        else:
            return _saved(_("Added %(acronym)s – %(name)s.", acronym=organisation.acronym,
                            name=organisation.name))  # fmt: skip
    status = 422 if form.is_submitted() else 200
    return render_template("admin/organisation_form.html", form=form, organisation=None), status


@bp.route("/<int:organisation_id>", methods=["GET", "POST"])
@admin_required
def edit(organisation_id: int):
    organisation = _organisation_or_404(organisation_id)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            changes = service.update_organisation(
                db.session, organisation, acronym=form.acronym.data or "",
                name=form.name.data or "", kind=form.kind.data, iati_ref=form.iati_ref.data or "",
            )  # fmt: skip
            db.session.commit()
        except service.OrganisationError as error:
            db.session.rollback()
            _show_problems(form, error)
        except IntegrityError:
            db.session.rollback()
            form.form_errors.append(
                _(
                    "An organisation with this acronym, name or identifier "
                    "was saved meanwhile; look it up in the list."
                )
            )
        else:
            if not changes:
                flash(_("Nothing changed for %(acronym)s.", acronym=organisation.acronym), "info")
                return redirect(url_for(".index"))
            return _saved(_("Saved %(acronym)s: %(changes)s.", acronym=organisation.acronym,
                            changes="; ".join(changes)))  # fmt: skip
    status = 422 if form.is_submitted() else 200
    used = service.project_count(db.session, organisation)
    return render_template(
        "admin/organisation_form.html", form=form, organisation=organisation, used=used
    ), status


@bp.route("/<int:organisation_id>/delete", methods=["GET", "POST"])
@admin_required
def delete(organisation_id: int):
    """GET asks for confirmation (or says why it cannot be deleted); the form deletes."""
    organisation = _organisation_or_404(organisation_id)
    form = FlaskForm()  # the CSRF token alone
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            service.delete_organisation(db.session, organisation)
            db.session.commit()
        except (service.OrganisationError, IntegrityError):
            # Used (perhaps since the page was shown): the page says so and by how many.
            db.session.rollback()
            status = 409
        else:
            return _saved(_("Deleted %(acronym)s – %(name)s.", acronym=organisation.acronym,
                            name=organisation.name))  # fmt: skip
    used = service.project_count(db.session, organisation)
    return render_template(
        "admin/delete_organisation.html", organisation=organisation, form=form, used=used
    ), status
