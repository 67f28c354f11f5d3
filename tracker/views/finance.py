"""A project's money year by year: the annual figures form, and the table its page shows
(the ``project_money`` template global, used by ``projects/_money.html``)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from tracker.extensions import db
from tracker.formatting import exact_money
from tracker.forms.annual import AnnualForm
from tracker.i18n import current_language
from tracker.models import Project
from tracker.permissions import editor_required
from tracker.services.finance.annual import (
    AnnualInvalid,
    annual_entries,
    budget_from_rows,
    foreign_rows,
    replace_annual_figures,
    years_to_offer,
)
from tracker.services.finance.annual_log import measure_name
from tracker.services.finance.annual_merge import merge_stale
from tracker.services.finance.project_money import money_tables
from tracker.services.portfolio import revisions
from tracker.services.portfolio.project_texts import project_title
from tracker.services.portfolio.projects import load_project
from tracker.services.reference.choices import organisation_choices

bp = Blueprint("finance", __name__, url_prefix="/projects")


@bp.app_template_global()
def project_money(project: Project):
    """The project's money tables (one per currency), for its page."""
    return money_tables(project)


@bp.app_template_global()
def budget_follows_years(project: Project | None) -> bool:
    """Whether the project's budget is the sum of its required years (the edit form then
    shows it read-only)."""
    return project is not None and budget_from_rows(project) is not None


bp.add_app_template_global(measure_name)
bp.add_app_template_filter(exact_money)


def _project_or_404(project_id: int) -> Project:
    project = load_project(db.session, project_id)
    if project is None:
        abort(404)
    return project


def _funder_choices(project: Project) -> list[tuple[int, str]]:
    """Every organisation, the project's funding ones first."""
    funding = {link.organisation_id for link in project.organisations if link.role == 1}
    everyone = organisation_choices(db.session)
    return [c for c in everyone if c[0] in funding] + [c for c in everyone if c[0] not in funding]


def _merged_form(project: Project, opened_version: int, entries: list,
                 conflict: revisions.VersionConflict | None) -> AnnualForm:  # fmt: skip
    """The form again after a stale save: the user's entries merged with what others saved
    since, on the project's current version; cells both changed say so."""
    merged, clashes = merge_stale(db.session, project, opened_version, entries)
    form = AnnualForm(formdata=None)
    form.fill(merged, years_to_offer(project, current_app.config.get("FISCAL_YEAR_START_MONTH", 1)))
    form.version.data = str(project.version)
    who = ", ".join(revisions.author_name(name) for name in conflict.who) if conflict else ""
    form.mark_conflicts(clashes, who or _("Another user"), project.currency)
    return form


@bp.route("/<int:project_id>/money", methods=["GET", "POST"])
@editor_required
def edit_annual(project_id: int):
    project = _project_or_404(project_id)
    start_month = current_app.config.get("FISCAL_YEAR_START_MONTH", 1)
    if request.method == "GET":
        form = AnnualForm(formdata=None)
        form.fill(annual_entries(project), years_to_offer(project, start_month))
        form.version.data = str(project.version)
    else:
        form = AnnualForm()
    conflict, warnings = None, []
    saving = form.is_submitted() and not form.add_lines()
    if saving and form.validate():
        entries, origins = form.to_entries()
        if not form.has_line_errors():
            try:
                warnings = replace_annual_figures(
                    db.session, project, entries, editor=current_user,
                    expected_version=form.opened_version(), start_month=start_month,
                )  # fmt: skip
                db.session.commit()
            except AnnualInvalid as invalid:
                db.session.rollback()
                project = _project_or_404(project_id)
                form.show_problems(invalid.problems, origins)
                warnings = [p for p in invalid.problems if p.warning]
            except (revisions.VersionConflict, StaleDataError):
                # Someone saved since the form was opened: nothing is saved, the entries stay
                # in the form, and saving again applies them to the project as it is now.
                db.session.rollback()
                project = _project_or_404(project_id)
                conflict = revisions.conflict_since(project, form.opened_version())
                form = _merged_form(project, form.opened_version(), entries, conflict)
            else:
                flash(_("The annual figures of %(code)s were saved.", code=project.code),
                      "success")  # fmt: skip
                for warning in warnings:
                    flash(warning.message, "warning")
                return redirect(url_for("projects.detail", project_id=project_id, _anchor="money"))
    form.offer_funders(_funder_choices(project))
    refused = saving and (form.errors or form.form_errors or form.has_line_errors())
    status = 409 if conflict else (422 if refused else 200)
    return render_template(
        "finance/annual_form.html", form=form, project=project, conflict=conflict,
        warnings=warnings, refused=refused, title=project_title(project, current_language()),
        foreign=foreign_rows(project), field_name=revisions.field_name,
        author_name=revisions.author_name,
    ), status  # fmt: skip
