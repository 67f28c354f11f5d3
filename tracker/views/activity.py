"""Recent changes: what was created and changed in the portfolio, by whom, lately."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.extensions import db
from tracker.formats.csv_changes import changes_csv
from tracker.i18n import current_language
from tracker.rate_limits import limited
from tracker.services.exchange.download_names import changes_file_name
from tracker.services.portfolio import activity, revisions
from tracker.services.portfolio.project_texts import project_title
from tracker.views.streaming import streamed
from tracker.vocabulary import STATUS_LABELS

bp = Blueprint("activity", __name__)


@bp.get("/changes")
def changes() -> str:
    filters, wrong = activity.ActivityFilters.from_args(request.args)
    problems = {
        "days": _("The period can only be one of the choices; showing the last 30 days."),
        "page": _("There is no such page; showing the first one."),
    }
    results = activity.recent_changes(db.session, filters)
    shown = [problems[key] for key in wrong]
    if results.page != filters.page:
        shown.append(ngettext(
            "There is no page %(page)s: these changes fill one page; showing it.",
            "There is no page %(page)s: these changes fill %(num)s pages; showing the last.",
            results.pages, page=filters.page,
        ))  # fmt: skip
    return render_template(
        "activity/changes.html",
        results=results,
        filters=results.filters,
        problems=shown,
        periods=activity.PERIODS,
        authors=activity.authors(db.session),
        title_of=lambda project: project_title(project, current_language()),
        field_name=revisions.field_name,
        author_name=revisions.author_name,
        status_names=STATUS_LABELS,
    )


@bp.get("/changes.csv")
@limited("RATELIMIT_DOWNLOADS")
def changes_download() -> Response:
    """Every change for the page's filters (all pages), one row per changed field."""
    filters, wrong = activity.ActivityFilters.from_args(request.args)
    if "days" in wrong:
        message = _("The period should be 7, 30, 90 or 365 days, or all.")
        return Response(message + "\n", 400, mimetype="text/plain")
    chunks = streamed(lambda session: changes_csv(activity.all_changes(session, filters)))
    filename = changes_file_name(filters, date.today())
    return Response(
        chunks,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
