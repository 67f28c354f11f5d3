"""Gender and human-rights markers: coding a project (analysts, admins) and the markers
dashboard (everyone)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm.exc import StaleDataError

from tracker.extensions import db
from tracker.forms.markers import MarkersForm
from tracker.i18n import current_language
from tracker.models import Project
from tracker.permissions import editor_required
from tracker.services.dashboards.markers import marker_dashboard
from tracker.services.figure_cache import cached
from tracker.services.finance.funding import money_stamp
from tracker.services.portfolio import revisions
from tracker.services.portfolio.project_texts import project_title
from tracker.services.portfolio.projects import load_project
from tracker.services.results import marker_codes
from tracker.services.results.markers import (
    MarkersInvalid,
    current_codes,
    current_policy,
    save_markers,
)
from tracker.views.dashboard import (
    drill_url,
    filter_choices,
    filter_query,
    illustrative_counts,
    request_filters,
)

bp = Blueprint("markers", __name__)


@bp.app_context_processor
def marker_words() -> dict:
    """The markers' words, for the project page's section."""
    return {"marker_codes": marker_codes}


def _project_or_404(project_id: int) -> Project:
    project = load_project(db.session, project_id)
    if project is None:
        abort(404)
    return project


@bp.route("/projects/<int:project_id>/markers", methods=["GET", "POST"])
@editor_required
def edit(project_id: int):
    project = _project_or_404(project_id)
    form = MarkersForm()
    if not form.is_submitted():
        form.fill(current_codes(project), current_policy(project), project.version)
    conflict, refused = None, False
    if form.validate_on_submit():
        try:
            changed = save_markers(
                db.session, project, form.un_markers(), form.policy(),
                editor=current_user, expected_version=form.opened_version(),
            )  # fmt: skip
            db.session.commit()
        except MarkersInvalid as invalid:
            db.session.rollback()
            project = _project_or_404(project_id)
            form.show_problems(invalid.problems)
            refused = True
        except (revisions.VersionConflict, StaleDataError):
            # Someone saved since the form was opened: nothing is saved, the entries stay
            # in the form with the version as it is now, so saving again applies them.
            db.session.rollback()
            project = _project_or_404(project_id)
            conflict = revisions.conflict_since(project, form.opened_version())
            form.version.data = str(project.version)
        else:
            if changed:
                message = _("The markers of %(code)s were saved.", code=project.code)
            else:
                message = _("Nothing changed in the markers of %(code)s.", code=project.code)
            flash(message, "success")
            return redirect(url_for("projects.detail", project_id=project_id, _anchor="markers"))
    elif form.is_submitted():
        refused = True
    status = 409 if conflict else (422 if refused else 200)
    return render_template(
        "markers/form.html", form=form, project=project, conflict=conflict, refused=refused,
        title=project_title(project, current_language()), field_name=revisions.field_name,
        author_name=revisions.author_name,
    ), status  # fmt: skip


@bp.get("/dashboard/markers")
def dashboard() -> str:
    filters, problems, mode = request_filters()
    currency = current_app.config["REPORTING_CURRENCY"]
    start_month = current_app.config["FISCAL_YEAR_START_MONTH"]

    def body() -> Markup:
        figures = marker_dashboard(db.session, filters, currency=currency,
                                   start_month=start_month)  # fmt: skip
        return Markup(render_template(
            "markers/_dashboard_body.html", figures=figures, filters=filters,
            problems=problems, mode=mode, choices=filter_choices(), drill_url=drill_url,
            filter_query=filter_query, illustrative=illustrative_counts(filters),
        ))  # fmt: skip

    key = ("markers", filters, tuple(problems), currency, start_month, money_stamp(db.session))
    return render_template("markers/dashboard.html", body=cached(db.session, key, body))
