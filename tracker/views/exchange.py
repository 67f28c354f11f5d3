"""Importing projects from a file: upload, a preview that writes nothing, then confirm.

The uploaded file is kept on the server between the preview and the confirmation and is
planned again when the user confirms, so what is applied is what the database allows now.
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
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.utils import secure_filename

from tracker.extensions import db
from tracker.formats.csv_import import READ_ONLY, REQUIRED
from tracker.formats.csv_problems import problems_csv
from tracker.formats.csv_projects import WIDE_COLUMNS, ProjectCsv
from tracker.formats.uploads import kind_of, read_upload
from tracker.forms.exchange import ConfirmForm, UploadForm
from tracker.permissions import editor_required
from tracker.services.exchange.held_uploads import HeldUpload, UploadStore
from tracker.services.exchange.importing import (
    RULES,
    ImportPlan,
    ImportRefused,
    apply_import,
    plan_creating_organisations,
    plan_import,
)
from tracker.services.exchange.importing.planned import change_name
from tracker.views.held_files import held_or_404, received, upload_store
from tracker.vocabulary import status_label

bp = Blueprint("exchange", __name__, url_prefix="/import")
PROBLEMS_SHOWN = 200  # the rest are in the problems CSV
PROJECTS_SHOWN = 100

# The wide CSV's columns explained on the upload page, in the reader's language; the file
# format keeps its English descriptions (``WIDE_COLUMNS``), a test keeps the two in step.
COLUMN_MEANINGS = {
    "code": _l("the project's unique code"),
    "title": _l("title"),
    "description": _l("description (may span lines)"),
    "status": _l("IATI activity status code, 1 to 6"),
    "status_name": _l("the status in words"),
    "planned_start": _l("planned start, YYYY-MM-DD"),
    "planned_end": _l("planned end, YYYY-MM-DD"),
    "actual_start": _l("actual start, YYYY-MM-DD"),
    "actual_end": _l("actual end, YYYY-MM-DD"),
    "budget": _l("total budget, two decimals, no thousands separator"),
    "currency": _l("ISO 4217 currency code of the budget"),
    "sdg_goals": _l("SDG goal numbers, e.g. 3; 9"),
    "sdg_targets": _l("SDG target codes with shares, e.g. 3.8 (50%); 9.c (50%); no shares: "
                      "equal"),
    "sectors": _l("DAC 5-digit sector codes with shares, as sdg_targets"),
    "places": _l("place codes (e.g. KZ-75) with shares, as sdg_targets"),
    "funding_organisations": _l("acronyms of the organisations funding it"),
    "accountable_organisations": _l("acronyms of the organisations accountable for it"),
    "extending_organisations": _l("acronyms of the organisations extending it"),
    "implementing_organisations": _l("acronyms of the organisations implementing it"),
    "strategic_documents": _l("codes of the national strategic documents it serves"),
    "source": _l("where the record came from: manual, import, seed_illustration, synthetic"),
    "is_illustrative": _l("yes for generated demonstration records, no for real projects"),
    "version": _l("the record's version, raised by every save"),
    "updated_at": _l("last saved, UTC, YYYY-MM-DDTHH:MM:SSZ"),
    "language": _l("language of title and description: en, kk or ru (blank: en)"),
    "title_kk": _l("the title in Kazakh, where the project's own language is another"),
    "description_kk": _l("the description in Kazakh, where the project's own language is "
                         "another"),
    "title_ru": _l("the title in Russian, where the project's own language is another"),
    "description_ru": _l("the description in Russian, where the project's own language is "
                         "another"),
    "title_en": _l("the title in English, where the project's own language is another"),
    "description_en": _l("the description in English, where the project's own language is "
                         "another"),
    "parent_code": _l("for a component, the code of the project it belongs to (its row follows "
                      "that project's); blank for a project of its own"),
}  # fmt: skip


def _store() -> UploadStore:
    return upload_store("IMPORT_FOLDER", "imports")


def _held(token: str) -> HeldUpload:
    return held_or_404(_store(), token)


def _options(held: HeldUpload) -> dict:
    return {
        "rules": RULES[held.kind],
        "start_month": current_app.config.get("FISCAL_YEAR_START_MONTH", 1),
    }


def _plan(held: HeldUpload) -> ImportPlan:
    records, problems = read_upload(held.data, held.kind)
    plan = plan_import(db.session, records, problems, **_options(held))
    db.session.rollback()  # planning writes nothing; end its transaction
    return plan


def _preview(held: HeldUpload, plan: ImportPlan, *, changed: bool = False, status: int = 200,
             refused: str | None = None):  # fmt: skip
    form = ConfirmForm(formdata=None, fingerprint=plan.fingerprint())
    return render_template(
        "exchange/preview.html", held=held, plan=plan, form=form, changed=changed,
        refused=refused,
        problems_shown=PROBLEMS_SHOWN, projects_shown=PROJECTS_SHOWN, status_label=status_label,
        field_name=change_name,
    ), status  # fmt: skip


@bp.route("", methods=["GET", "POST"])
@editor_required
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        data, file_name = received(form.file.data, "upload.csv")
        kind = kind_of(file_name, data)
        if kind is None:
            form.file.errors = [_("%(file)s is neither a .csv nor an .xml file.", file=file_name)]
        else:
            token = _store().hold(data, user_id=current_user.id, file_name=file_name, kind=kind)
            return redirect(url_for(".preview", token=token))
    return render_template(
        "exchange/upload.html", form=form, columns=WIDE_COLUMNS, required=REQUIRED,
        read_only=READ_ONLY, meanings=COLUMN_MEANINGS,
        limit_mb=(current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024),
    ), (422 if form.is_submitted() else 200)  # fmt: skip


@bp.get("/template.csv")
@editor_required
def template() -> Response:
    """The wide export's header and no rows: the file to fill in."""
    data = b"".join(ProjectCsv("wide").stream([]))
    return Response(
        data, mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="sdg-projects-template.csv"'},
    )  # fmt: skip


@bp.get("/<token>")
@editor_required
def preview(token: str):
    held = _held(token)
    return _preview(held, _plan(held))


@bp.post("/<token>")
@editor_required
def confirm(token: str):
    held = _held(token)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    plan = _plan(held)
    if plan.has_errors or plan.fingerprint() != form.fingerprint.data:
        # The database changed since the preview: show what the import would do now.
        return _preview(held, plan, changed=True, status=409)
    chosen = set(request.form.getlist("create_organisation"))
    try:
        created = []
        if chosen & {new.key for new in plan.new_organisations}:
            # Created in the import's own transaction: kept with it, or not at all.
            records, problems = read_upload(held.data, held.kind)
            plan, created = plan_creating_organisations(
                db.session, records, problems, chosen, **_options(held)
            )
        result = apply_import(db.session, plan, current_user, file_name=held.file_name)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return _preview(held, _plan(held), changed=True, status=409)
    except ImportRefused as refused:
        # The plan saw no problem but saving found one: say which, rather than "changed".
        db.session.rollback()
        return _preview(held, _plan(held), refused=str(refused), status=409)
    _store().release(token)
    summary = result.summary()
    if created:
        summary = _("%(summary)s; organisations created: %(names)s", summary=summary,
                    names=", ".join(organisation.name for organisation in created))  # fmt: skip
    flash(_("Imported %(file)s: %(summary)s.", file=held.file_name, summary=summary),
          "success")  # fmt: skip
    return redirect(url_for("register.index"))


@bp.get("/<token>/problems.csv")
@editor_required
def problems(token: str) -> Response:
    held = _held(token)
    name = secure_filename(Path(held.file_name).stem) or "import"
    return Response(
        problems_csv(_plan(held).problems), mimetype="text/csv",
        headers={"Content-Disposition":
                 f'attachment; filename="{name}-problems-{date.today().isoformat()}.csv"'},
    )  # fmt: skip
