"""The forms that record results: a project's results, indicators (also on the results
chain's nodes, for admins), periods with targets and actuals, and the quick "record an actual".

Thin: the rules are in ``services/results/recording``; a stale form answers 409 with what
others changed, a refused one 422 with the problems next to their fields.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields import SelectChoice

from tracker.extensions import db
from tracker.forms.results import (
    ActualForm,
    ConfirmForm,
    IndicatorForm,
    PeriodForm,
    ResultForm,
    VersionedForm,
)
from tracker.i18n import localized
from tracker.models import Indicator, Project
from tracker.models.results import IndicatorPeriod, ProjectResult, ResultNode
from tracker.permissions import admin_required, editor_required
from tracker.services.portfolio import revisions
from tracker.services.results import reads, recording

bp = Blueprint("result_forms", __name__)


def _get_or_404(model, key):
    found = db.session.get(model, key)
    if found is None:
        abort(404)
    return found


def _indicator_or_404(indicator_id: int):
    indicator = reads.indicator(db.session, indicator_id)
    if indicator is None:
        abort(404)
    if (
        indicator.node is not None
        and not current_user.is_admin
        and request.endpoint not in ("result_forms.record_actual",)
    ):
        abort(403)  # the results chain's indicators are defined by admins
    return indicator


def _back(project: Project | None, indicator_id: int | None = None) -> str:
    if indicator_id is not None:
        return url_for("indicators.page", indicator_id=indicator_id)
    return url_for("projects.detail", project_id=project.id, _anchor="results")  # type: ignore[union-attr]


def _handle(
    form: VersionedForm,
    project: Project | None,
    save: Callable[[int | None], object],
    done: Callable[[object], str],
    message: str,
    template: str,
    **context,
):
    """Validate, save through ``save(expected_version)``, and answer as every form does."""
    if not form.is_submitted() and project is not None:
        form.version.data = str(project.version)
    conflict, refused = None, False
    if form.validate_on_submit():
        try:
            saved = save(form.opened_version())
            db.session.commit()
        except recording.Invalid as invalid:
            db.session.rollback()
            form.show_problems(invalid.problems)
            refused = True
        except (revisions.VersionConflict, StaleDataError):
            db.session.rollback()
            project = db.session.get(Project, project.id)  # type: ignore[union-attr]
            conflict = revisions.conflict_since(project, form.opened_version() or 0)
            form.version.data = str(project.version)
        else:
            flash(message, "success")
            return redirect(done(saved))
    elif form.is_submitted():
        refused = True
    status = 409 if conflict else (422 if refused else 200)
    return render_template(template, form=form, project=project, conflict=conflict,
                           refused=refused, field_name=revisions.field_name,
                           author_name=revisions.author_name, **context), status  # fmt: skip


def _sdg_choices() -> list[SelectChoice]:
    indicators = db.session.scalars(
        select(Indicator).where(Indicator.is_repeat.is_(False)).order_by(Indicator.id)
    )
    return [SelectChoice("", _("None"))] + [
        SelectChoice(i.code, f"{i.code} {localized(i, 'title')[0][:110]}") for i in indicators
    ]


@bp.route("/projects/<int:project_id>/results/new", methods=["GET", "POST"])
@bp.route("/results/<int:result_id>/edit", methods=["GET", "POST"], endpoint="edit_result")
@editor_required
def new_result(project_id: int | None = None, result_id: int | None = None):
    result = _get_or_404(ProjectResult, result_id) if result_id else None
    project = result.project if result else _get_or_404(Project, project_id)
    form = ResultForm(obj=result if request.method == "GET" else None)

    def save(expected):
        return recording.save_result(
            db.session, project, type_=form.type.data, title=form.title.data or "",
            description=form.description.data or "", editor=current_user,
            expected_version=expected, result=result,
        )  # fmt: skip

    def done(saved):
        if result is None:
            return url_for("result_forms.new_indicator", result_id=saved.id)
        return _back(project)

    return _handle(form, project, save, done, _("The result was saved."),
                   "results/result_form.html", result=result)  # fmt: skip


@bp.route("/results/<int:result_id>/indicators/new", methods=["GET", "POST"])
@editor_required
def new_indicator(result_id: int):
    result = _get_or_404(ProjectResult, result_id)
    return _indicator_form(result.project, result=result)


@bp.route("/results/nodes/<int:node_id>/indicators/new", methods=["GET", "POST"])
@admin_required
def new_node_indicator(node_id: int):
    return _indicator_form(None, node=_get_or_404(ResultNode, node_id))


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@editor_required
def edit_indicator(indicator_id: int):
    indicator = _indicator_or_404(indicator_id)
    return _indicator_form(recording.owner_project(indicator), indicator=indicator)


def _indicator_form(project, *, result=None, node=None, indicator=None):
    form = IndicatorForm()
    form.sdg_indicator.choices = _sdg_choices()
    if request.method == "GET" and indicator is not None:
        form.process(obj=indicator)
        form.direction.data = "1" if indicator.ascending else "0"
        form.sdg_indicator.data = (
            indicator.reference_code if indicator.reference_vocabulary == "9" else ""
        )
        form.baseline_value.data = reads.number(indicator.baseline_value)

    def save(expected):
        return recording.save_indicator(
            db.session, form.fields(), editor=current_user, result=result, node=node,
            indicator=indicator, expected_version=expected,
        )  # fmt: skip

    def done(saved):
        if indicator is None:
            return url_for("result_forms.new_period", indicator_id=saved.id)
        return _back(project, saved.id)

    return _handle(form, project, save, done, _("The indicator was saved."),
                   "results/indicator_form.html", result=result, node=node,
                   indicator=indicator)  # fmt: skip


@bp.route("/indicators/<int:indicator_id>/periods/new", methods=["GET", "POST"])
@bp.route("/indicators/<int:indicator_id>/periods/<int:period_id>/edit",
          methods=["GET", "POST"], endpoint="edit_period")  # fmt: skip
@editor_required
def new_period(indicator_id: int, period_id: int | None = None):
    indicator = _indicator_or_404(indicator_id)
    period = _period_of(indicator, period_id) if period_id else None
    project = recording.owner_project(indicator)
    form = PeriodForm()
    if request.method == "GET":
        if period is not None:
            form.start.data, form.end.data = period.period_start, period.period_end
            form.target_value.data = reads.number(period.target_value)
            form.target_comment.data = period.target_comment
            form.actual_value.data = reads.number(period.actual_value)
            form.actual_comment.data = period.actual_comment
        else:
            year = _next_year(indicator)
            form.start.data, form.end.data = date(year, 1, 1), date(year, 12, 31)

    def save(expected):
        return recording.save_period(db.session, indicator, form.fields(), editor=current_user,
                                     expected_version=expected, period=period)  # fmt: skip

    return _handle(form, project, save, lambda _saved: _back(project, indicator.id),
                   _("The period was saved."), "results/period_form.html",
                   indicator=indicator, period=period)  # fmt: skip


@bp.route("/indicators/<int:indicator_id>/periods/<int:period_id>/actual",
          methods=["GET", "POST"])  # fmt: skip
@editor_required
def record_actual(indicator_id: int, period_id: int):
    indicator = _indicator_or_404(indicator_id)
    period = _period_of(indicator, period_id)
    project = recording.owner_project(indicator)
    form = ActualForm()
    if request.method == "GET":
        form.actual_value.data = reads.number(period.actual_value)
        form.actual_comment.data = period.actual_comment

    def save(expected):
        return recording.record_actual(
            db.session, period, form.actual_value.data or "", form.actual_comment.data or "",
            editor=current_user, expected_version=expected,
        )  # fmt: skip

    return _handle(form, project, save, lambda _saved: _back(project, indicator.id),
                   _("The actual was recorded."), "results/actual_form.html",
                   indicator=indicator, period=period)  # fmt: skip


@bp.route("/indicators/<int:indicator_id>/delete", methods=["GET", "POST"])
@editor_required
def delete_indicator(indicator_id: int):
    indicator = _indicator_or_404(indicator_id)
    project = recording.owner_project(indicator)
    form = ConfirmForm()

    def save(expected):
        recording.delete_indicator(db.session, indicator, editor=current_user,
                                   expected_version=expected)  # fmt: skip

    done = (lambda _saved: _back(project)) if project else (lambda _saved: url_for("main.home"))
    return _handle(form, project, save, done, _("The indicator was deleted."),
                   "results/delete_indicator.html", indicator=indicator)  # fmt: skip


def _period_of(indicator, period_id: int) -> IndicatorPeriod:
    period = next((p for p in indicator.periods if p.id == period_id), None)
    if period is None:
        abort(404)
    return period


def _next_year(indicator) -> int:
    """The calendar year after the indicator's last period (else its baseline's, else this)."""
    if indicator.periods:
        return indicator.periods[-1].period_end.year + 1
    return (indicator.baseline_year or date.today().year - 1) + 1
