"""Managers' dashboards: the overview, the SDG goals, a goal's targets, the heatmap."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from tracker.extensions import db
from tracker.i18n import current_language
from tracker.models import Goal, Organisation, Place, SectorCategory
from tracker.rate_limits import limited
from tracker.services import dashboards
from tracker.services.dashboards import portfolio
from tracker.services.figure_cache import cached
from tracker.services.register.search import RegisterFilters
from tracker.vocabulary import MODES, STATUS_NAMES, status_label

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


def request_filters() -> tuple[RegisterFilters, list[str], str]:
    """The register's filters (so drill-downs agree); order and paging do not apply here."""
    filters, problems = RegisterFilters.from_args(request.args, _)
    filters = replace(filters, sort=RegisterFilters.sort, direction=RegisterFilters.direction,
                      page=1, per_page=RegisterFilters.per_page)  # fmt: skip
    mode = request.args.get("mode", "projects")
    if mode not in MODES:
        problems.append(_("Unknown view “%(mode)s”; showing projects.", mode=mode))
        mode = "projects"
    return filters, problems, mode


def drill_url(filters: RegisterFilters, extra=()) -> str | None:
    """The register, filtered to exactly the projects behind a figure; None where the
    register cannot say it (a second agency or region beside the one filtered on).

    The dashboards' currency only says which budgets are shown: a count's projects are in
    every currency, so the currency goes to the register only with an amount's ``extra``."""
    extra = dict(extra)
    filters = replace(filters, currency=None)
    for name, value in extra.items():
        current = getattr(filters, name)
        if current is not None and str(current) != str(value) and name not in YEAR_FILTERS:
            return None
    return url_for("register.index", **filters.url_args(**extra))


# A year drill-down narrows the filtered years rather than adding to them.
YEAR_FILTERS = ("active_from", "active_to")


def filter_query(filters: RegisterFilters, **more: str) -> str:
    """The filters as a query string, for links between the dashboards."""
    return urlencode({**filters.url_args(), **more})


def filter_choices() -> dict:
    return cached(db.session, "filter choices", read_filter_choices)


def read_filter_choices() -> dict:
    session = db.session
    return {
        "statuses": [(code, status_label(code)) for code in STATUS_NAMES],
        "agencies": session.scalars(
            select(Organisation.acronym).where(Organisation.kind == "un_entity")
            .order_by(Organisation.acronym)
        ).all(),
        "places": session.execute(
            select(Place.code, Place.name).order_by(Place.kind.desc(), Place.name)
        ).all(),
        "categories": session.execute(
            select(SectorCategory.code, SectorCategory.name).where(~SectorCategory.withdrawn)
            .order_by(SectorCategory.code)
        ).all(),
    }  # fmt: skip


def _page(template: str, illustrative: tuple[int, int], **context) -> str:
    """A dashboard page with the filters, the choices and ``illustrative``: (illustrative
    projects, all projects) among those the page shows, for the notice."""
    filters, problems, mode = request_filters()
    return render_template(
        template, filters=filters, problems=problems, mode=mode, modes=MODES,
        drill_url=drill_url, filter_query=filter_query, choices=filter_choices(),
        illustrative=illustrative, **context,
    )  # fmt: skip


def illustrative_counts(filters: RegisterFilters, goal: int | None = None) -> tuple[int, int]:
    """(illustrative, all) among the filtered projects, or those of them serving ``goal``."""
    ids = dashboards.project_ids(filters)
    if goal is not None:
        ids = dashboards.serving_goal(ids, goal)
    return cached(db.session, ("illustrative", filters, goal),
                  lambda: tuple(portfolio.illustrative_count(db.session, ids)))  # fmt: skip


def _currency(filters: RegisterFilters) -> dashboards.CurrencyChoice:
    """The currency of the page's budgets (the filters', or the one most projects use)."""
    return cached(db.session, ("currency", filters), lambda: dashboards.currency_choice(
        db.session, dashboards.project_ids(filters), filters.currency))  # fmt: skip


@bp.get("")
def overview() -> str:
    filters, problems, mode = request_filters()
    today = date.today()

    def body() -> Markup:
        # The same for every reader of a language, so it is rendered once per data
        # version, filters and language (the cache's key includes the language).
        figures = dashboards.overview(db.session, filters, mode, today)
        return Markup(render_template(
            "dashboard/_overview_body.html", overview=figures, filters=filters,
            problems=problems, mode=mode, modes=MODES, drill_url=drill_url,
            filter_query=filter_query, choices=filter_choices(),
        ))  # fmt: skip

    return render_template(
        "dashboard/overview.html",
        body=cached(db.session, ("overview", filters, mode, tuple(problems), today.year), body),
    )


@bp.get("/sdg")
def goals() -> str:
    filters, _problems, _mode = request_filters()
    currency = _currency(filters)
    projects_chart, budget_chart = cached(
        db.session, ("goals", filters),
        lambda: (dashboards.goal_chart(db.session, filters, "projects"),
                 dashboards.goal_chart(db.session, filters, "budget", currency.currency)),
    )  # fmt: skip
    titles = {g.number: g for g in db.session.scalars(select(Goal))}
    budget = {bar.key: bar.value for bar in budget_chart.bars}
    return _page("dashboard/goals.html", illustrative_counts(filters),
                 projects_chart=projects_chart, budget=budget, budget_total=budget_chart.total,
                 goals=titles, currency=currency)  # fmt: skip


@bp.get("/sdg/<int:number>")
def goal(number: int) -> str:
    found = db.session.get(Goal, number)
    if found is None:
        abort(404)
    filters, _problems, _mode = request_filters()
    rows = dashboards.goal_detail(db.session, found, filters, current_language())
    return _page("dashboard/goal.html", illustrative_counts(filters, number), goal=found, rows=rows)


@bp.get("/heatmap")
def heatmap() -> str:
    filters, _problems, mode = request_filters()
    currency = _currency(filters)
    figures = cached(db.session, ("heatmap", filters, mode),
                     lambda: dashboards.sector_goal_heatmap(db.session, filters, mode,
                                                            currency.currency))  # fmt: skip
    return _page("dashboard/heatmap.html", illustrative_counts(filters), heatmap=figures,
                 currency=currency)  # fmt: skip


@bp.get("/<name>.csv")
@limited("RATELIMIT_DOWNLOADS")
def chart_csv(name: str) -> Response:
    """One chart's numbers as CSV (UTF-8 with BOM, so Excel reads Kazakh and Russian);
    amounts in one currency, named in the header and the file's name."""
    filters, _problems, mode = request_filters()
    today = date.today()
    currency = _currency(filters).currency
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    if name == "timeline":
        writer.writerow(["year", "projects started", "projects completed", "projects active"])
        for row in dashboards.timeline(db.session, filters, today):
            writer.writerow([row.year, row.starts, row.completions, row.active])
    elif name == "heatmap":
        figures = dashboards.sector_goal_heatmap(db.session, filters, mode, currency)
        numbers = [goal.number for goal in figures.goals]
        unit = "" if mode == "projects" else f" ({currency})"
        writer.writerow(["sector category", "name"] + [f"SDG {n}{unit}" for n in numbers])
        for code, label in figures.rows:
            writer.writerow([code, label] + [figures.cells.get((code, n), 0) for n in numbers])
    else:
        charts = {c.name: c for c in dashboards.overview(db.session, filters, mode, today).charts}
        if name not in charts:
            abort(404)
        chart = charts[name]
        writer.writerow(["key", "label", chart.unit])
        for bar in chart.bars:
            writer.writerow([bar.key, bar.label, bar.value])
    measure = mode if mode == "projects" or name == "timeline" else f"{mode}-{currency}"
    filename = f"sdg-portfolio-{name}-{measure}-{today.isoformat()}.csv"
    disposition = f'attachment; filename="{filename}"'
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": disposition}
    )
