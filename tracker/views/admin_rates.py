"""Exchange rates (admins): the list with the rates the portfolio still lacks, adding,
editing and deleting a rate, and the table as CSV. Importing a file of rates:
``admin_rate_imports``. Both are parts of the admin blueprint (``/admin/rates``)."""

from __future__ import annotations

from datetime import date

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
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.formats.csv_rates import month_text, rate_text, rates_csv
from tracker.forms.finance import RateForm
from tracker.models import ExchangeRate
from tracker.permissions import admin_required
from tracker.services.finance import exchange_rates as service
from tracker.services.finance.rate_coverage import missing_rates

bp = Blueprint("rates", __name__, url_prefix="/rates")


def _reporting() -> str:
    return current_app.config["REPORTING_CURRENCY"]


def _rate_or_404(rate_id: int) -> ExchangeRate:
    rate = service.get_rate(db.session, rate_id)
    if rate is None:
        abort(404)
    return rate


def _described(rate: ExchangeRate) -> str:
    return _("1 %(currency)s = %(rate)s %(quote)s in %(month)s", currency=rate.currency,
             rate=rate_text(rate.rate), quote=rate.quote_currency,
             month=month_text(rate.month))  # fmt: skip


@bp.get("")
@admin_required
def index() -> str:
    currency, page_number, problems = service.rate_query(request.args)
    page = service.list_rates(db.session, currency, page_number)
    start_month = current_app.config["FISCAL_YEAR_START_MONTH"]
    return render_template(
        "admin/rates.html", page=page, problems=problems, reporting=_reporting(),
        gaps=missing_rates(db.session, _reporting(), start_month), start_month=start_month,
        currencies=service.rate_currencies(db.session), rate_text=rate_text,
        month_text=month_text,
    )  # fmt: skip


def _rate_form_page(form: RateForm, rate: ExchangeRate | None, existing=None, status=200):
    return render_template(
        "admin/rate_form.html", form=form, rate=rate, existing=existing, reporting=_reporting()
    ), status


def _save(form: RateForm, rate: ExchangeRate | None):
    """Save the form's rate (new when ``rate`` is None); the page again when refused."""
    if form.validate_on_submit():
        try:
            saved, note = service.save_rate(
                db.session, rate, currency=form.currency.data,
                quote_currency=form.quote_currency.data, month=form.parsed_month,
                rate=form.parsed_rate, source=form.source.data,
            )  # fmt: skip
            db.session.commit()
        except service.RateError as error:
            db.session.rollback()
            for field, message in error.problems:
                form[field].errors.append(message)
            return _rate_form_page(form, rate, error.existing, 422)
        except IntegrityError:  # saved by someone else between the check and the save
            db.session.rollback()
            form.month.errors.append(_("A rate for these currencies and month was saved "
                                       "meanwhile; look it up in the list."))  # fmt: skip
            return _rate_form_page(form, rate, status=409)
        flash(_("Saved: %(rate)s (%(source)s).", rate=_described(saved), source=saved.source),
              "success")  # fmt: skip
        if note:
            flash(note, "info")
        return redirect(url_for(".index", currency=saved.currency))
    return _rate_form_page(form, rate, status=422 if form.is_submitted() else 200)


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def new():
    choices = [("", _("Choose a currency"))] + service.rate_currency_choices(db.session)
    form = RateForm(currencies=choices)
    if not form.is_submitted():
        form.quote_currency.data = _reporting()
        form.currency.data = request.args.get("currency", "")
        form.month.data = request.args.get("month", "")
    return _save(form, None)


@bp.route("/<int:rate_id>", methods=["GET", "POST"])
@admin_required
def edit(rate_id: int):
    rate = _rate_or_404(rate_id)
    keep = {rate.currency, rate.quote_currency}
    # Filled from the rate only when shown: a form sent without a field must not take the
    # stored value (a date where the month's text belongs).
    form = RateForm(currencies=service.rate_currency_choices(db.session, keep))
    if not form.is_submitted():
        form.fill_from(rate)
    return _save(form, rate)


@bp.route("/<int:rate_id>/delete", methods=["GET", "POST"])
@admin_required
def delete(rate_id: int):
    """GET asks for confirmation; the confirmation page's form deletes."""
    rate = _rate_or_404(rate_id)
    form = FlaskForm()  # the CSRF token alone
    if form.validate_on_submit():
        described = _described(rate)
        service.delete_rate(db.session, rate)
        db.session.commit()
        flash(_("Deleted the rate %(rate)s.", rate=described), "success")
        return redirect(url_for(".index"))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "admin/delete_rate.html", rate=rate, form=form, described=_described(rate)
    ), status


@bp.get("/export.csv")
@admin_required
def export_csv() -> Response:
    """Every stored rate, in the columns the import reads."""
    data = b"".join(rates_csv(service.rate_rows(db.session)))
    name = f"exchange-rates-{date.today().isoformat()}.csv"
    return Response(
        data, mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip
