"""The results dashboard: are the projects on track? Indicators per SDG goal and progress
status, the indicators off track and those with no actual for last year, with the overview
dashboard's filters."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from tracker.extensions import db
from tracker.rate_limits import limited
from tracker.services import dashboards
from tracker.services.figure_cache import cached
from tracker.services.register.search import RegisterFilters
from tracker.services.results import dashboard as results
from tracker.services.results.progress import OFF_TRACK, RULE, STATUS_NAMES, STATUSES
from tracker.views.dashboard import (
    filter_choices,
    filter_query,
    illustrative_counts,
    request_filters,
)

bp = Blueprint("results_dashboard", __name__, url_prefix="/dashboard/results")

OFF_TRACK_LIST = "off_track"
MISSING_LIST = "last_year"
ANY_STATUS = "any"  # every quantitative indicator: the "All" column's drill-down


@dataclass(frozen=True)
class ListAsk:
    """What an indicator list shows, read from the address: goal, statuses, missing year,
    order and page, with the problems of values it could not use."""

    goal: int | None
    progress: str
    missing: bool
    order: str
    reverse: bool
    page: int
    problems: tuple[str, ...]

    @property
    def statuses(self) -> tuple[str, ...]:
        if self.progress == OFF_TRACK_LIST:
            return OFF_TRACK
        if self.progress == ANY_STATUS:
            return STATUSES
        return (self.progress,) if self.progress else ()

    def args(self, **changes) -> dict[str, object]:
        """The list's own query arguments (defaults left out), with ``changes``."""
        values = {"sdg": self.goal, "progress": self.progress or None,
                  "missing": MISSING_LIST if self.missing else None,
                  "order": None if self.order == "owner" else self.order,
                  "reverse": "1" if self.reverse else None,
                  "n": self.page if self.page > 1 else None, **changes}  # fmt: skip
        return {name: value for name, value in values.items() if value is not None}


def _list_ask() -> ListAsk:
    args, problems = request.args, []
    goal = None
    raw = (args.get("sdg") or "").strip()
    if raw:
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 17:
            goal = int(raw)
        else:
            problems.append(_("SDG goal “%(value)s” should be 1 to 17; ignored.", value=raw[:40]))
    progress = args.get("progress", "")
    if progress and progress not in (*STATUSES, OFF_TRACK_LIST, ANY_STATUS):
        problems.append(_("Unknown progress status “%(value)s”; ignored.", value=progress[:40]))
        progress = ""
    order = args.get("order", "owner")
    if order not in results.SORTS:
        order = "owner"
    raw_page = args.get("n", "1")
    page = int(raw_page) if raw_page.isascii() and raw_page.isdigit() and raw_page != "0" else 1
    return ListAsk(goal, progress, args.get("missing") == MISSING_LIST, order,
                   args.get("reverse") == "1", min(page, 100_000), tuple(problems))  # fmt: skip


def _project_ids(filters: RegisterFilters):
    return dashboards.project_ids(filters)


@bp.get("")
def page() -> str:
    filters, problems, _mode = request_filters()
    today = date.today()
    last_year = today.year - 1

    def body() -> Markup:
        # The same for every reader of a language: rendered once per data version, filters
        # and day (the cache's key includes the language and the data's stamp).
        ids = _project_ids(filters)
        goals = results.by_goal(db.session, ids)
        off_track = results.list_count(db.session, ids, statuses=OFF_TRACK)
        missing = results.list_count(db.session, ids, missing_year=last_year)
        return Markup(render_template(
            "results_dashboard/_body.html", goals=goals, off_track=off_track,
            missing=missing, last_year=last_year, filters=filters, problems=problems,
            choices=filter_choices(), filter_query=filter_query, statuses=STATUSES,
            status_names=STATUS_NAMES, rule=RULE, illustrative=illustrative_counts(filters),
            list_url=list_url,
        ))  # fmt: skip

    key = ("results dashboard", filters, tuple(problems), today)
    return render_template("results_dashboard/page.html", body=cached(db.session, key, body))


def list_url(filters: RegisterFilters, endpoint: str = "results_dashboard.indicators",
             **args) -> str:  # fmt: skip
    """The address of an indicator list (or its CSV file) with the dashboard's filters."""
    return url_for(endpoint, **filters.url_args(), **{k: v for k, v in args.items() if v})


def _read_list(per_page: int | None):
    filters, problems, _mode = request_filters()
    ask = _list_ask()
    today = date.today()
    found = results.indicator_list(
        db.session, _project_ids(filters), goal=ask.goal, statuses=ask.statuses,
        missing_year=today.year - 1 if ask.missing else None, sort=ask.order,
        direction="desc" if ask.reverse else "asc", page=ask.page, per_page=per_page,
    )  # fmt: skip
    return filters, problems + list(ask.problems), ask, found, today


def _list_title(ask: ListAsk, last_year: int) -> str:
    if ask.missing:
        title = _("Indicators with no actual for %(year)s", year=last_year)
    elif ask.progress == OFF_TRACK_LIST:
        title = _("Indicators off track")
    elif ask.progress == ANY_STATUS:
        title = _("Indicators with a progress status")
    elif ask.progress:
        title = _("Indicators: %(status)s", status=STATUS_NAMES[ask.progress])
    else:
        title = _("Indicators")
    if ask.goal:
        title = _("%(title)s, SDG %(goal)s", title=title, goal=ask.goal)
    return title


@bp.get("/indicators")
def indicators() -> str:
    filters, problems, ask, found, today = _read_list(results.PER_PAGE)
    return render_template(
        "results_dashboard/indicators.html", found=found, ask=ask, filters=filters,
        problems=problems, title=_list_title(ask, today.year - 1), status_names=STATUS_NAMES,
        rule=RULE, filter_query=filter_query, list_url=list_url, number_text=_number,
        illustrative=(sum(row.illustrative for row in found.rows), len(found.rows)),
    )  # fmt: skip


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


@bp.get("/indicators.csv")
@limited("RATELIMIT_DOWNLOADS")
def indicators_csv() -> Response:
    """The whole list as CSV (UTF-8 with BOM, for Excel)."""
    _filters, _problems, ask, found, today = _read_list(None)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["project or results-chain node", "owner title", "indicator id", "indicator",
                     "baseline year", "baseline", "latest actual", "target", "status",
                     "illustrative"])  # fmt: skip
    for row in found.rows:
        writer.writerow([row.owner_code, row.owner_title, row.id, row.title_en,
                         row.baseline_year or "", _number(row.baseline), _number(row.actual),
                         _number(row.target), row.status or "",
                         "yes" if row.illustrative else "no"])  # fmt: skip
    name = ask.progress or ("no-actual" if ask.missing else "all")
    goal = f"-sdg{ask.goal}" if ask.goal else ""
    filename = f"sdg-results-{name}{goal}-{today.isoformat()}.csv"
    disposition = f'attachment; filename="{filename}"'
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": disposition}
    )
