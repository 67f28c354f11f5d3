"""The project register: the filterable, sortable list of projects, readable by everyone.

Every filter, the sort and the page live in the query string, so a view can be bookmarked,
shared, and reached again with the back button.
"""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.extensions import db
from tracker.formats.csv_projects import DELIMITERS, SHAPES, ProjectCsv
from tracker.i18n import current_language
from tracker.rate_limits import limited
from tracker.services.exchange.download_names import projects_file_name
from tracker.services.exchange.exporting import export_records
from tracker.services.exchange.iati_exporting import export_iati, reporting_org
from tracker.services.finance.funding import cached_budget_total
from tracker.services.portfolio.statuses import attention
from tracker.services.register.filters import PER_PAGE_CHOICES
from tracker.services.register.reference import load_reference
from tracker.services.register.search import RegisterFilters, search_projects
from tracker.views.streaming import streamed
from tracker.vocabulary import STATUS_LABELS

bp = Blueprint("register", __name__)


@bp.get("/projects")
def index() -> str | Response:
    filters, problems = RegisterFilters.from_args(request.args, gettext)
    if not problems and any(value == "" for _, value in request.args.items(multi=True)):
        # The filter form sends its empty fields too; keep the address short and shareable.
        return redirect(url_for(".index", **filters.url_args()))
    names = load_reference(db.session, current_language())
    results = search_projects(db.session, filters, names)
    endpoints = current_app.view_functions
    budgets = cached_budget_total(
        db.session, results.filters, currency=current_app.config["REPORTING_CURRENCY"],
        start_month=current_app.config["FISCAL_YEAR_START_MONTH"],
    ) if results.total else None  # fmt: skip
    return render_template(
        "register/index.html",
        results=results,
        budgets=budgets,
        filters=results.filters,
        names=names,
        active_filters=names.active_filters(results.filters),
        attention=attention,
        problems=problems,
        # A page past the last (the results shrank since the link was made): say so.
        missing_page=filters.page if results.page != filters.page else None,
        status_names=STATUS_LABELS,
        per_page_choices=PER_PAGE_CHOICES,
        link_projects="projects.detail" in endpoints,
        can_create="projects.new" in endpoints and getattr(current_user, "can_edit", False),
    )


# The register's projects, every page, as a CSV download.
_YES_NO = {"1": True, "0": False}


@bp.get("/projects/export.csv")
@limited("RATELIMIT_DOWNLOADS")
def export_csv() -> Response:
    """The projects the register shows for the same filters and sort, streamed as CSV.

    Options: ``shape=wide|long``, ``bom=1|0``, ``delimiter=comma|semicolon``; a bad value of
    any parameter is a 400 (a download cannot show which filter was left out)."""
    filters, problems = RegisterFilters.from_args(request.args, gettext)
    shape = request.args.get("shape") or "wide"
    bom = request.args.get("bom") or "1"
    delimiter = request.args.get("delimiter") or "comma"
    if shape not in SHAPES:
        problems.append(gettext("%(parameter)s should be %(choices)s.", parameter="shape",
                          choices=" | ".join(SHAPES)))  # fmt: skip
    if bom not in _YES_NO:
        problems.append(gettext("%(parameter)s should be %(choices)s.", parameter="bom",
                          choices=" | ".join(_YES_NO)))  # fmt: skip
    if delimiter not in DELIMITERS:
        problems.append(gettext("%(parameter)s should be %(choices)s.", parameter="delimiter",
                          choices=" | ".join(DELIMITERS)))  # fmt: skip
    if problems:
        message = gettext("The export could not be made:") + "\n" + "\n".join(problems) + "\n"
        return Response(message, 400, mimetype="text/plain")
    writer = ProjectCsv(shape, bom=_YES_NO[bom], delimiter=DELIMITERS[delimiter])
    chunks = streamed(lambda session: writer.stream(export_records(session, filters)))
    kind = None if shape == "wide" else shape  # the usual file goes without it
    filename = projects_file_name(filters, date.today(), kind=kind)
    return Response(
        chunks,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/projects/export.xml")
@limited("RATELIMIT_DOWNLOADS")
def export_xml() -> Response:
    """The projects the register shows for the same filters and sort, as IATI 2.03 XML."""
    filters, problems = RegisterFilters.from_args(request.args, gettext)
    if problems:
        message = gettext("The export could not be made:") + "\n" + "\n".join(problems) + "\n"
        return Response(message, 400, mimetype="text/plain")
    reporting = reporting_org(current_app.config)
    chunks = streamed(lambda session: export_iati(session, filters, reporting)[1])
    filename = projects_file_name(filters, date.today(), extension="xml", kind="iati")
    return Response(
        chunks,
        mimetype="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
