"""Importing exchange rates from a CSV file (admins): upload, a preview that writes nothing,
then confirm, as the project import does (``views/exchange.py``).

The file is kept on the server between the preview and the confirmation and planned again
when the admin confirms; the rates are stored only if that plan is the one the preview
showed and has no error, all of them or none.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.formats.csv_rates import RATE_COLUMNS, month_text, rate_text, read_rates_csv
from tracker.forms.exchange import ConfirmForm
from tracker.forms.finance import RatesUploadForm
from tracker.permissions import admin_required
from tracker.services.exchange.held_uploads import HeldUpload, UploadStore
from tracker.services.finance.rate_imports import RatesPlan, apply_rates, plan_rates
from tracker.views.held_files import held_or_404, received, upload_store

bp = Blueprint("rate_imports", __name__, url_prefix="/rates/import")
KIND = "rates"
SHOWN = 200  # rows of each table on the preview


def _store() -> UploadStore:
    return upload_store("RATE_IMPORT_FOLDER", "rate-imports")


def _held(token: str) -> HeldUpload:
    return held_or_404(_store(), token, KIND)


def _plan(held: HeldUpload) -> RatesPlan:
    records, problems = read_rates_csv(held.data)
    plan = plan_rates(db.session, records, problems)
    db.session.rollback()  # planning writes nothing; end its transaction
    return plan


def _preview(held: HeldUpload, plan: RatesPlan, *, changed: bool = False, status: int = 200):
    form = ConfirmForm(formdata=None, fingerprint=plan.fingerprint())
    return render_template(
        "admin/rates_preview.html", held=held, plan=plan, form=form, changed=changed,
        shown=SHOWN, rate_text=rate_text, month_text=month_text,
    ), status  # fmt: skip


@bp.route("", methods=["GET", "POST"])
@admin_required
def upload():
    form = RatesUploadForm()
    if form.validate_on_submit():
        data, file_name = received(form.file.data, "rates.csv")
        token = _store().hold(data, user_id=current_user.id, file_name=file_name, kind=KIND)
        return redirect(url_for(".preview", token=token))
    return render_template(
        "admin/rates_import.html", form=form, columns=RATE_COLUMNS,
        reporting=current_app.config["REPORTING_CURRENCY"],
    ), (422 if form.is_submitted() else 200)  # fmt: skip


@bp.get("/<token>")
@admin_required
def preview(token: str):
    held = _held(token)
    return _preview(held, _plan(held))


@bp.post("/<token>")
@admin_required
def confirm(token: str):
    held = _held(token)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    plan = _plan(held)
    if plan.has_errors or plan.fingerprint() != form.fingerprint.data:
        # The rates changed since the preview: show what the import would do now.
        return _preview(held, plan, changed=True, status=409)
    try:
        added, changed = apply_rates(db.session, plan)
        db.session.commit()
    except IntegrityError:  # a rate for one of the months was saved meanwhile
        db.session.rollback()
        return _preview(held, _plan(held), changed=True, status=409)
    _store().release(token)
    flash(_("Imported %(file)s: %(added)s added, %(changed)s changed, %(unchanged)s already "
            "as the file says.", file=held.file_name, added=added, changed=changed,
            unchanged=plan.unchanged), "success")  # fmt: skip
    return redirect(url_for("admin.rates.index"))
