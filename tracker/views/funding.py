"""The funding dashboard: money required, available and spent per fiscal year and by SDG
goal, UN agency, region, funder and strategic document, with the dashboards' filters."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from tracker.extensions import db
from tracker.rate_limits import limited
from tracker.services.figure_cache import cached
from tracker.services.finance.derived import FORMULAS
from tracker.services.finance.funding import Funding, FundingRow, cached_funding, money_stamp
from tracker.views.dashboard import (
    drill_url,
    filter_choices,
    filter_query,
    illustrative_counts,
    request_filters,
)

bp = Blueprint("funding", __name__, url_prefix="/dashboard/funding")
YEARS = range(1900, 2201)  # as the annual figures allow
CENT = Decimal("0.01")


def _asked_year() -> tuple[int | None, list[str]]:
    """The fiscal year of the breakdowns, if the address asks for one."""
    raw = (request.args.get("year") or "").strip()
    if not raw:
        return None, []
    if raw.isascii() and raw.isdigit() and int(raw) in YEARS:
        return int(raw), []
    return None, [_("Fiscal year “%(value)s” should be a year like 2025; ignored.",
                    value=raw[:40])]  # fmt: skip


def _figures(today: date) -> tuple[Funding, list[str], object]:
    filters, problems, _mode = request_filters()
    year, wrong = _asked_year()
    config = current_app.config
    figures = cached_funding(
        db.session, filters, currency=config["REPORTING_CURRENCY"],
        start_month=config["FISCAL_YEAR_START_MONTH"], today=today, year=year,
    )  # fmt: skip
    return figures, problems + wrong, filters


@bp.get("")
def page() -> str:
    today = date.today()
    figures, problems, filters = _figures(today)

    def body() -> Markup:
        # The same for every reader of a language: rendered once per data version, filters,
        # year and language (the cache's key includes the language).
        return Markup(render_template(
            "dashboard/_funding_body.html", funding=figures, filters=filters,
            problems=problems, mode="projects", drill_url=drill_url,
            filter_query=filter_query, choices=filter_choices(),
            illustrative=illustrative_counts(filters), formulas=FORMULAS,
        ))  # fmt: skip

    key = ("funding page", filters, figures.year, tuple(problems), figures.current_year,
           money_stamp(db.session))  # fmt: skip
    return render_template("dashboard/funding.html", body=cached(db.session, key, body))


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.quantize(CENT), "f")


def _rate(value: Decimal | None) -> str:
    return "" if value is None else format((100 * value).quantize(CENT), "f")


def _csv_rows(rows: list[FundingRow], available_only: bool, currency: str):
    if available_only:
        yield ["key", "label", "projects", f"available ({currency})"]
        for row in rows:
            yield [row.key, row.label, row.projects, _number(row.money.available)]
        return
    yield ["key", "label", "projects", f"required ({currency})", f"available ({currency})",
           f"spent ({currency})", f"to be mobilised ({currency})", "funding rate (%)",
           "delivery rate (%)"]  # fmt: skip
    for row in rows:
        money = row.money
        yield [row.key, row.label, row.projects, _number(money.required),
               _number(money.available), _number(money.spent), _number(money.to_mobilise),
               _rate(money.funding_rate), _rate(money.delivery_rate)]  # fmt: skip


@bp.get("/<name>.csv")
@limited("RATELIMIT_DOWNLOADS")
def table_csv(name: str) -> Response:
    """One table's numbers as CSV (UTF-8 with BOM, for Excel), in the reporting currency;
    rates in percent, empty where not applicable (a denominator of 0)."""
    today = date.today()
    figures, _problems, _filters = _figures(today)
    if name == "years":
        rows, available_only = figures.years, False
    else:
        found = {b.name: b for b in figures.breakdowns}.get(name)
        if found is None and name not in ("goals", "agencies", "places", "funders", "documents"):
            abort(404)
        rows = found.rows if found else []
        available_only = name == "funders"
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_csv_rows(rows, available_only, figures.currency))
    year = "" if name == "years" or figures.year is None else f"-{figures.year}"
    filename = f"sdg-portfolio-funding-{name}{year}-{figures.currency}-{today.isoformat()}.csv"
    disposition = f'attachment; filename="{filename}"'
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": disposition}
    )
