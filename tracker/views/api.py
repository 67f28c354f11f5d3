"""The read-only JSON API at /api/v1: projects, SDG goals and targets, dashboard figures.

Callers authenticate with a personal token (``Authorization: Bearer sdg_...``, issued by an
admin) or with the session of a signed-in browser. A token is checked on every request and
never starts a session, so no cookie and no CSRF token is involved; the API only reads.
``openapi.json`` beside this module describes every endpoint and body.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, g, jsonify, request, url_for
from flask_babel import force_locale
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from tracker.extensions import db
from tracker.formats import json_api, json_chain, json_funding, json_money, json_results
from tracker.services.accounts import api_tokens
from tracker.services.dashboards import Bar
from tracker.services.exchange import api_reads, api_results
from tracker.services.finance.derived import FORMULAS
from tracker.services.finance.funding import cached_funding
from tracker.services.portfolio import activity, revisions
from tracker.services.register.filters import FILTER_FIELDS, RegisterFilters
from tracker.services.results import chain
from tracker.views.api_errors import API_PREFIX, error_response
from tracker.views.dashboard import drill_url

bp = Blueprint("api", __name__, url_prefix=API_PREFIX)
OPENAPI_DOCUMENT = Path(__file__).with_name("openapi.json")
PUBLIC_ENDPOINTS = ("api.openapi",)  # the description of the API needs no credentials
ERROR_MESSAGES = {
    401: "Send a token (Authorization: Bearer <token>) or sign in to the tracker first.",
    404: "There is nothing at this address; /api/v1/openapi.json lists what there is.",
    405: "The API only reads: use GET.",
    500: "The tracker hit an error; try again later.",
}


def http_error(error: HTTPException) -> Response:
    """Errors raised anywhere under /api/ (unknown addresses too) answer in JSON."""
    code = error.code or 500
    message = ERROR_MESSAGES.get(code) or error.description or "The request failed."
    allowed = getattr(error, "valid_methods", None)
    headers = {"Allow": ", ".join(sorted(allowed))} if code == 405 and allowed else None
    return error_response(code, message, headers=headers)


def _unauthorised(message: str, error: str | None = None) -> Response:
    challenge = 'Bearer realm="tracker"' + (f', error="{error}"' if error else "")
    return error_response(401, message, headers={"WWW-Authenticate": challenge})


@bp.before_request
def authenticate() -> Response | None:
    """A bearer token if the request carries one, else the signed-in session, else 401."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return _unauthorised(
                "Send the token as Authorization: Bearer <token>.", "invalid_request"
            )
        try:
            user = api_tokens.user_for_token(db.session, secret.strip())
        except api_tokens.TokenRefused as refused:
            db.session.rollback()
            # RFC 6750: a revoked or expired token is an invalid one, as an unknown one is.
            return _unauthorised(str(refused), "invalid_token")
        if user is None:
            return _unauthorised(
                "The token is not known. Check that it was copied whole.", "invalid_token"
            )
        db.session.commit()  # when the token was last used
        g.api_user = user
    elif current_user.is_authenticated:
        g.api_user = current_user
    else:
        return _unauthorised(ERROR_MESSAGES[401])
    return None


@bp.after_request
def _private(response: Response) -> Response:
    # Answers depend on who asks (they need credentials): no shared caches.
    response.headers.setdefault("Cache-Control", "private, no-cache")
    response.vary.update(("Authorization", "Cookie"))
    return response


def _bad_parameters(problems: api_reads.Problems) -> Response:
    return error_response(400, "Some query parameters cannot be used; see problems.", problems)


def _project_urls(project_id: int, code: str) -> tuple[str, str]:
    return (
        url_for(".project", key=code, _external=True),
        url_for("projects.detail", project_id=project_id, _external=True),
    )


def _in_use(filters: RegisterFilters) -> dict[str, str | int]:
    return {name: value for name, value in filters.url_args().items() if name in FILTER_FIELDS}


@bp.get("/projects")
def projects() -> Response:
    filters, problems = api_reads.parse_parameters(request.args, api_reads.LIST_PARAMETERS)
    problems = problems or api_reads.unknown_in_database(db.session, filters)
    if problems:
        return _bad_parameters(problems)
    found = api_reads.project_page(db.session, filters)
    results = found.results
    if results.page != filters.page:  # the register shows the last page instead
        return _bad_parameters(
            {"page": [f"Page {filters.page} does not exist; there are {results.pages}."]}
        )
    items = [
        json_api.project_item(row.project, found.links[row.project.id], found.names,
                              _project_urls(row.project.id, row.project.code),
                              components=found.components.get(row.project.id, ()))
        for row in results.rows
    ]  # fmt: skip

    def page_url(number: int) -> str:
        return url_for(".projects", **results.filters.url_args(page=number), _external=True)

    return jsonify(
        items=items,
        filters=_in_use(results.filters),
        sort=results.filters.sort,
        dir=results.filters.direction,
        pagination={
            "page": results.page, "per_page": results.filters.per_page,
            "total": results.total, "pages": results.pages,
            "self": page_url(results.page), "first": page_url(1),
            "last": page_url(results.pages),
            "next": page_url(results.page + 1) if results.page < results.pages else None,
            "prev": page_url(results.page - 1) if results.page > 1 else None,
        },
        note=json_api.ILLUSTRATIVE_NOTE,
    )  # fmt: skip


@bp.get("/changes")
def changes() -> Response:
    filters, problems = api_reads.changes_parameters(request.args)
    if problems:
        return _bad_parameters(problems)
    found = activity.recent_changes(db.session, filters)
    if found.page != filters.page:
        return _bad_parameters(
            {"page": [f"Page {filters.page} does not exist; there are {found.pages}."]}
        )

    def page_url(number: int) -> str:
        return url_for(".changes", **found.filters.url_args(page=number), _external=True)

    return jsonify(
        items=[
            json_api.change(entry, *_project_urls(entry.project.id, entry.project.code))
            for entry in found.entries
        ],
        filters={"days": "all" if filters.days is None else filters.days,
                 "who": filters.who or None},
        pagination={
            "page": found.page, "per_page": activity.PER_PAGE, "total": found.total,
            "pages": found.pages, "self": page_url(found.page),
            "next": page_url(found.page + 1) if found.page < found.pages else None,
            "prev": page_url(found.page - 1) if found.page > 1 else None,
        },
    )  # fmt: skip


@bp.get("/projects/<key>")
def project(key: str) -> Response:
    found = api_reads.find_project(db.session, key)
    if found is None:
        return error_response(404, f"There is no project with the code or id “{key[:100]}”.")
    links, names = api_reads.project_links(db.session, found)
    family = api_reads.project_family(db.session, found)
    item = json_api.project_item(found, links, names, _project_urls(found.id, found.code),
                                 parent=family.parent, components=family.components)  # fmt: skip
    money = api_reads.project_money(db.session, found.id)
    results = api_results.project_results(db.session, found.id)
    return jsonify({
        **json_api.project_detail(item, found, revisions.change_log(found)),
        **json_money.project_money(money.budgets, money.transactions,
                                   money.planned_disbursements, money.annual_figures),
        **json_results.project_results(results.results, results.progress,
                                       results.policy_markers, results.markers),
    })  # fmt: skip


@bp.get("/results")
def results_chain() -> Response:
    found = chain.read_chain(db.session)
    return jsonify(json_chain.chain(found.priorities, found.project_counts, found.progress))


@bp.get("/sdg/goals")
def goals() -> Response:
    return jsonify(
        items=[
            json_api.goal_summary(goal, url_for(".goal", number=goal.number, _external=True))
            for goal in api_reads.list_goals(db.session)
        ]
    )


def _target_projects_url(code: str) -> str:
    return url_for(".projects", target=code, _external=True)


@bp.get("/sdg/goals/<int:number>")
def goal(number: int) -> Response:
    # Beyond 17 there is nothing to look up (and a huge number overflows the database's integer).
    found = api_reads.get_goal(db.session, number) if 1 <= number <= 17 else None
    if found is None:
        return error_response(404, f"There is no SDG goal {number}; the goals are 1 to 17.")
    url = url_for(".goal", number=number, _external=True)
    return jsonify(json_api.goal_detail(found, url, _target_projects_url))


@bp.get("/sdg/targets")
def targets() -> Response:
    raw = request.args.get("goal", "").strip()
    unknown = sorted(set(request.args) - {"goal"})
    problems = api_reads.repeated_parameters(request.args)
    problems |= {name: [f"Unknown parameter “{name[:40]}”; use goal."] for name in unknown}
    goal_number = None
    if "goal" in request.args and (wrong := api_reads.value_problems("goal", request.args["goal"])):
        problems["goal"] = wrong
    elif raw:
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 17:
            goal_number = int(raw)
        else:
            problems["goal"] = [f"SDG goal “{raw[:40]}” should be a number from 1 to 17."]
    if problems:
        return _bad_parameters(problems)
    return jsonify(
        items=[
            json_api.target_item(target, _target_projects_url(target.code))
            for target in api_reads.list_targets(db.session, goal_number)
        ]
    )


def _bar_urls(filters: RegisterFilters):
    """A bar's projects: in the API and on the register; None where the register's filters
    cannot say exactly them (a second agency or region beside the one filtered on)."""
    base = url_for(".projects", _external=True)

    def urls(bar: Bar) -> dict[str, str | None]:
        page = drill_url(filters, bar.drill)
        if page is None:
            return {"projects_url": None, "register_url": None}
        query = urlsplit(page).query
        return {
            "projects_url": f"{base}?{query}" if query else base,
            "register_url": request.host_url.rstrip("/") + page,
        }

    return urls


@bp.get("/dashboard")
def dashboard() -> Response:
    filters, mode, problems = api_reads.dashboard_parameters(request.args)
    problems = problems or api_reads.unknown_in_database(db.session, filters)
    if problems:
        return _bad_parameters(problems)
    # The dashboard service titles its charts in the reader's language; the API's are English.
    with force_locale("en"):
        overview = api_reads.dashboard_overview(db.session, filters, mode)
        return jsonify(json_api.dashboard(overview, _in_use(filters), _bar_urls(filters)))


@bp.get("/funding")
def funding() -> Response:
    filters, year, problems = api_reads.funding_parameters(request.args)
    problems = problems or api_reads.unknown_in_database(db.session, filters)
    if problems:
        return _bad_parameters(problems)
    config = current_app.config
    with force_locale("en"):
        found = cached_funding(
            db.session, filters, currency=config["REPORTING_CURRENCY"],
            start_month=config["FISCAL_YEAR_START_MONTH"], today=date.today(), year=year,
        )  # fmt: skip
        bar_urls = _bar_urls(filters)

        def row_urls(row) -> dict[str, str | None]:
            # "No goal", "no region", ...: the register has no filter that lists exactly them.
            return bar_urls(row) if row.drill else {"projects_url": None, "register_url": None}

        return jsonify(json_funding.funding(found, _in_use(filters), row_urls, FORMULAS))


@cache
def _openapi_document() -> str:
    return OPENAPI_DOCUMENT.read_text(encoding="utf-8")


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API (public: it holds no data)."""
    return Response(_openapi_document(), mimetype="application/json")


def openapi_document() -> dict:
    """The description as data (the tests compare it with the routes and responses)."""
    return json.loads(_openapi_document())
