"""Money in CSV: the long finance export of the register's projects, and the import of
annual figures for existing projects (upload, a preview that writes nothing, confirm).

The uploaded file is kept between the preview and the confirmation in a folder of its own
(apart from the project import's), and is planned again on confirming, so what is saved is
what the database allows now.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.utils import secure_filename

from tracker.extensions import db
from tracker.formats.csv_finance import (
    FINANCE_COLUMNS,
    READ_ONLY,
    REQUIRED,
    FinanceCsv,
    read_finance_csv,
)
from tracker.formats.csv_problems import problems_csv
from tracker.formats.csv_projects import DELIMITERS
from tracker.formatting import exact_money, whole_number
from tracker.forms.exchange import ConfirmForm
from tracker.forms.finance_import import FinanceUploadForm
from tracker.permissions import editor_required
from tracker.rate_limits import limited
from tracker.services.exchange.download_names import finance_file_name
from tracker.services.exchange.held_uploads import HeldUpload, UploadStore
from tracker.services.finance.annual_log import measure_name
from tracker.services.finance.finance_export import finance_rows
from tracker.services.finance.finance_import import (
    FinanceImportRefused,
    FinancePlan,
    apply_finance_import,
    plan_finance_import,
    years_text,
)
from tracker.services.register.filters import RegisterFilters
from tracker.views.held_files import held_or_404, received, upload_store
from tracker.views.streaming import streamed

bp = Blueprint("finance_exchange", __name__)
KIND = "finance-csv"
PROBLEMS_SHOWN = 200
PROJECTS_SHOWN = 100
_YES_NO = {"1": True, "0": False}

# The finance CSV's columns explained on the upload page in the reader's language; the file
# format keeps its English descriptions (``FINANCE_COLUMNS``), a test keeps the two in step.
COLUMN_MEANINGS = {
    "project_code": _l("the project's code in the register"),
    "project_title": _l("the project's title (read only)"),
    "year": _l("fiscal year, named after the calendar year it starts in, e.g. 2025"),
    "measure": _l("required, available, spent, disbursed or committed"),
    "amount": _l("the amount, two decimals, no thousands separator"),
    "currency": _l("ISO 4217 code: the project's currency (blank: the project's)"),
    "funder": _l("acronym of the organisation that made money available (available only)"),
    "funder_iati_ref": _l("IATI identifier of that funder, e.g. XM-DAC-41114 (either will do)"),
    "correction": _l("yes when the amount corrects an earlier figure; only then may it be "
                     "negative"),
    "note": _l("a short note, e.g. why it was corrected"),
    "is_illustrative": _l("yes for generated demonstration records, no for real ones (read "
                          "only)"),
}  # fmt: skip


@bp.get("/projects/finance.csv")
@limited("RATELIMIT_DOWNLOADS")
def export_csv() -> Response:
    """The annual figures of the projects the register shows for the same filters and sort.

    Options as the project export's: ``bom=1|0``, ``delimiter=comma|semicolon``."""
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
    writer = FinanceCsv(bom=_YES_NO[bom], delimiter=DELIMITERS[delimiter])
    chunks = streamed(lambda session: writer.stream(finance_rows(session, filters)))
    filename = finance_file_name(filters, date.today())
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(chunks, mimetype="text/csv", headers=headers)


def _store() -> UploadStore:
    return upload_store("FINANCE_IMPORT_FOLDER", "finance-imports")


def _held(token: str) -> HeldUpload:
    return held_or_404(_store(), token, KIND)


def _start_month() -> int:
    return current_app.config.get("FISCAL_YEAR_START_MONTH", 1)


def _plan(held: HeldUpload) -> FinancePlan:
    entries, problems = read_finance_csv(held.data)
    plan = plan_finance_import(db.session, entries, problems, start_month=_start_month())
    db.session.rollback()  # planning writes nothing; end its transaction
    return plan


def scope_text(plan: FinancePlan) -> str:
    """'Replaces 2025 and 2026 of 12 projects; other years unchanged.'"""
    return ngettext(
        "Replaces %(years)s of %(count)s project; its other years stay unchanged.",
        "Replaces %(years)s of %(count)s projects; their other years stay unchanged.",
        len(plan.projects), years=years_text(plan.years), count=whole_number(len(plan.projects)),
    )  # fmt: skip


def _preview(held: HeldUpload, plan: FinancePlan, *, status: int = 200, refused: str = ""):
    form = ConfirmForm(formdata=None, fingerprint=plan.fingerprint())
    return render_template(
        "finance_exchange/preview.html", held=held, plan=plan, form=form, refused=refused,
        scope=scope_text(plan), problems_shown=PROBLEMS_SHOWN, projects_shown=PROJECTS_SHOWN,
        exact_money=exact_money, measure_label=measure_name,
    ), status  # fmt: skip


@bp.route("/import/finance", methods=["GET", "POST"])
@editor_required
def upload():
    form = FinanceUploadForm()
    if form.validate_on_submit():
        data, file_name = received(form.file.data, "finance.csv")
        token = _store().hold(data, user_id=current_user.id, file_name=file_name, kind=KIND)
        return redirect(url_for(".preview", token=token))
    return render_template(
        "finance_exchange/upload.html", form=form, columns=FINANCE_COLUMNS, required=REQUIRED,
        read_only=READ_ONLY, meanings=COLUMN_MEANINGS,
    ), (422 if form.is_submitted() else 200)  # fmt: skip


@bp.get("/import/finance/<token>")
@editor_required
def preview(token: str):
    held = _held(token)
    return _preview(held, _plan(held))


@bp.post("/import/finance/<token>")
@editor_required
def confirm(token: str):
    held = _held(token)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    plan = _plan(held)
    if plan.has_errors or plan.fingerprint() != form.fingerprint.data:
        refused = _("The figures changed since you saw the preview, so nothing was "
                    "imported. This is what the import would do now; check it and confirm "
                    "again.")  # fmt: skip
        return _preview(held, plan, status=409, refused=refused)
    try:
        result = apply_finance_import(db.session, plan, current_user, start_month=_start_month())
        db.session.commit()
    except FinanceImportRefused as refused:
        db.session.rollback()
        return _preview(held, _plan(held), status=409,
                        refused=_("Nothing was imported: %(reason)s", reason=refused))  # fmt: skip
    _store().release(token)
    flash(ngettext("Imported %(file)s: the figures of %(count)s project changed.",
                   "Imported %(file)s: the figures of %(count)s projects changed.",
                   result.projects, file=held.file_name, count=whole_number(result.projects)),
          "success")  # fmt: skip
    return redirect(url_for(".upload"))


@bp.get("/import/finance/<token>/problems.csv")
@editor_required
def problems(token: str) -> Response:
    held = _held(token)
    name = secure_filename(Path(held.file_name).stem) or "finance"
    return Response(
        problems_csv(_plan(held).problems), mimetype="text/csv",
        headers={"Content-Disposition":
                 f'attachment; filename="{name}-problems-{date.today().isoformat()}.csv"'},
    )  # fmt: skip
