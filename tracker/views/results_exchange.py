"""Results in CSV: the long results export (one row per indicator and period) from the
register, and the yearly import of actuals for existing indicators (upload, a preview that
writes nothing, confirm).

The uploaded file is kept between the preview and the confirmation in a folder of its own,
and is planned again on confirming, so what is saved is what the database allows now.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.utils import secure_filename

from tracker.extensions import db
from tracker.formats.csv_problems import problems_csv
from tracker.formats.csv_projects import DELIMITERS
from tracker.formats.csv_results import (
    READ_ONLY,
    REQUIRED,
    RESULTS_COLUMNS,
    ResultsCsv,
    read_results_csv,
)
from tracker.formatting import whole_number
from tracker.forms.exchange import ConfirmForm
from tracker.forms.results_import import ResultsUploadForm
from tracker.permissions import editor_required
from tracker.rate_limits import limited
from tracker.services.exchange.download_names import results_file_name
from tracker.services.exchange.held_uploads import HeldUpload, UploadStore
from tracker.services.register.filters import RegisterFilters
from tracker.services.results.results_export import results_rows
from tracker.services.results.results_import import (
    ResultsImportRefused,
    ResultsPlan,
    apply_results_import,
    plan_results_import,
)
from tracker.views.held_files import held_or_404, received, upload_store
from tracker.views.streaming import streamed

bp = Blueprint("results_exchange", __name__)
KIND = "results-csv"
PROBLEMS_SHOWN = 200
CHANGES_SHOWN = 500
_YES_NO = {"1": True, "0": False}

# The columns explained on the upload page in the reader's language; the file format keeps
# its English descriptions (``RESULTS_COLUMNS``), a test keeps the two in step.
COLUMN_MEANINGS = {
    "project_code": _l("the project's code (for an indicator of the results chain: the "
                       "node's code)"),
    "owner_kind": _l("project, or chain for an indicator of the results chain (read only)"),
    "result_type": _l("output, outcome, impact or other (read only)"),
    "result_title": _l("the project result or results-chain node (read only)"),
    "indicator_id": _l("the indicator's number in the tracker: do not change it"),
    "indicator_title": _l("the indicator in English (read only)"),
    "indicator_title_ru": _l("the indicator in Russian (read only)"),
    "indicator_title_kk": _l("the indicator in Kazakh (read only)"),
    "measure": _l("unit, percentage, nominal, ordinal or qualitative (read only)"),
    "direction": _l("ascending when higher is better, descending when lower is (read only)"),
    "sdg_indicator": _l("the official SDG indicator it reports on, e.g. 3.4.1 (read only)"),
    "baseline_year": _l("the baseline's year (read only)"),
    "baseline_value": _l("the baseline (read only)"),
    "baseline_comment": _l("what the baseline says in words (read only)"),
    "period_start": _l("first day of the period, as YYYY-MM-DD"),
    "period_end": _l("last day of the period, as YYYY-MM-DD"),
    "dimension": _l("for a breakdown: its dimension, e.g. sex; empty for the total (read "
                    "only)"),
    "category": _l("for a breakdown: its category, e.g. female; empty for the total (read "
                   "only)"),
    "target_value": _l("what the period should reach: a number, except for qualitative "
                       "indicators"),
    "target_comment": _l("the target in words (required for qualitative indicators)"),
    "actual_value": _l("what the period reached: a number, except for qualitative "
                       "indicators"),
    "actual_comment": _l("the actual in words (required for qualitative indicators)"),
    "progress_status": _l("achieved, on_track, limited, moving_away or no_data (read only)"),
    "is_illustrative": _l("yes for generated demonstration records, no for real ones (read "
                          "only)"),
}  # fmt: skip


@bp.get("/results.csv")
@limited("RATELIMIT_DOWNLOADS")
def export_csv() -> Response:
    """The indicators of the projects the register shows for the same filters and sort, one
    row per indicator and period. Options as the other exports': ``bom``, ``delimiter``."""
    filters, problems = RegisterFilters.from_args(request.args, _)
    bom = request.args.get("bom") or "1"
    delimiter = request.args.get("delimiter") or "comma"
    for parameter, value, choices in (("bom", bom, _YES_NO), ("delimiter", delimiter, DELIMITERS)):
        if value not in choices:
            problems.append(_("%(parameter)s should be %(choices)s.", parameter=parameter,
                              choices=" | ".join(choices)))  # fmt: skip
    if problems:
        message = _("The export could not be made:") + "\n" + "\n".join(problems) + "\n"
        return Response(message, 400, mimetype="text/plain")
    writer = ResultsCsv(bom=_YES_NO[bom], delimiter=DELIMITERS[delimiter])
    chunks = streamed(lambda session: writer.stream(results_rows(session, filters)))
    filename = results_file_name(filters, date.today())
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(chunks, mimetype="text/csv", headers=headers)


def _store() -> UploadStore:
    return upload_store("RESULTS_IMPORT_FOLDER", "results-imports")


def _held(token: str) -> HeldUpload:
    return held_or_404(_store(), token, KIND)


def _plan(held: HeldUpload) -> ResultsPlan:
    plan = plan_results_import(db.session, *read_results_csv(held.data))
    db.session.rollback()  # planning writes nothing; end its transaction
    return plan


def _preview(held: HeldUpload, plan: ResultsPlan, *, status: int = 200, refused: str = ""):
    form = ConfirmForm(formdata=None, fingerprint=plan.fingerprint())
    return render_template(
        "results_exchange/preview.html", held=held, plan=plan, form=form, refused=refused,
        problems_shown=PROBLEMS_SHOWN, changes_shown=CHANGES_SHOWN,
    ), status  # fmt: skip


@bp.route("/import/results", methods=["GET", "POST"])
@editor_required
def upload():
    form = ResultsUploadForm()
    if form.validate_on_submit():
        data, file_name = received(form.file.data, "results.csv")
        token = _store().hold(data, user_id=current_user.id, file_name=file_name, kind=KIND)
        return redirect(url_for(".preview", token=token))
    return render_template(
        "results_exchange/upload.html", form=form, columns=RESULTS_COLUMNS, required=REQUIRED,
        read_only=READ_ONLY, meanings=COLUMN_MEANINGS,
    ), (422 if form.is_submitted() else 200)  # fmt: skip


@bp.get("/import/results/<token>")
@editor_required
def preview(token: str):
    held = _held(token)
    return _preview(held, _plan(held))


@bp.post("/import/results/<token>")
@editor_required
def confirm(token: str):
    held = _held(token)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    plan = _plan(held)
    if plan.has_errors or plan.fingerprint() != form.fingerprint.data:
        refused = _("The indicators changed since you saw the preview, so nothing was "
                    "imported. This is what the import would do now; check it and confirm "
                    "again.")  # fmt: skip
        return _preview(held, plan, status=409, refused=refused)
    try:
        result = apply_results_import(db.session, plan, current_user)
        db.session.commit()
    except ResultsImportRefused as refused:
        db.session.rollback()
        return _preview(held, _plan(held), status=409,
                        refused=_("Nothing was imported: %(reason)s", reason=refused))  # fmt: skip
    _store().release(token)
    flash(ngettext("Imported %(file)s: the results of %(count)s project changed.",
                   "Imported %(file)s: the results of %(count)s projects changed.",
                   result.projects, file=held.file_name, count=whole_number(result.projects)),
          "success")  # fmt: skip
    return redirect(url_for(".upload"))


@bp.get("/import/results/<token>/problems.csv")
@editor_required
def problems(token: str) -> Response:
    held = _held(token)
    name = secure_filename(Path(held.file_name).stem) or "results"
    return Response(
        problems_csv(_plan(held).problems), mimetype="text/csv",
        headers={"Content-Disposition":
                 f'attachment; filename="{name}-problems-{date.today().isoformat()}.csv"'},
    )  # fmt: skip
