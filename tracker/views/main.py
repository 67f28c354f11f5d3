"""The home page with the portfolio's headline figures, and small technical routes."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from tracker.extensions import db
from tracker.formatting import text_colour_on
from tracker.i18n import COOKIE, COOKIE_MAX_AGE, LANGUAGES, current_language
from tracker.services import schema
from tracker.services.dashboards import portfolio
from tracker.services.finance.derived import FORMULAS
from tracker.services.finance.funding import this_years_delivery
from tracker.services.portfolio import activity, revisions, statuses
from tracker.services.portfolio.project_texts import project_title
from tracker.vocabulary import STATUS_LABELS

bp = Blueprint("main", __name__)

# The main menu: (endpoint, label); an entry shows once its blueprint is registered.
NAV_ITEMS = (
    ("main.home", _l("Home")),
    ("dashboard.overview", _l("Dashboard")),
    ("dashboard.goals", _l("SDG goals")),
    ("funding.page", lazy_pgettext("menu", "Funding")),
    ("chain.index", lazy_pgettext("menu", "Results")),
    ("register.index", _l("Projects")),
    ("activity.changes", _l("Changes")),
    ("exchange.upload", _l("Import")),
    ("admin.users", _l("Admin")),
)
# The admin pages' own menu, under the main menu's "Admin".
ADMIN_ITEMS = (
    ("admin.users", _l("Users")),
    ("admin.organisations.index", _l("Organisations")),
    ("admin.rates.index", _l("Exchange rates")),
)
# Which admin entry a page belongs to, by its endpoint (the users' pages are the rest).
ADMIN_SECTIONS = {
    "admin.organisations.index": ("admin.organisations.",),
    "admin.rates.index": ("admin.rates.", "admin.rate_imports."),
}


@bp.app_context_processor
def navigation() -> dict:
    def nav_items() -> list[tuple[str, str]]:
        from flask import current_app
        from flask_login import current_user

        items = []
        for endpoint, label in NAV_ITEMS:
            if endpoint not in current_app.view_functions:
                continue
            if endpoint.startswith("admin.") and not getattr(current_user, "is_admin", False):
                continue
            if endpoint.startswith("exchange.") and not getattr(current_user, "can_edit", False):
                continue
            items.append((endpoint, label))
        return items

    def admin_items() -> list[tuple[str, str, bool]]:
        """The admin menu's entries, each with whether the page shown belongs to it."""
        from flask import current_app

        shown = request.endpoint or ""
        section = next((e for e, prefixes in ADMIN_SECTIONS.items()
                        if shown.startswith(prefixes)), "admin.users")  # fmt: skip
        return [(endpoint, label, endpoint == section) for endpoint, label in ADMIN_ITEMS
                if endpoint in current_app.view_functions]  # fmt: skip

    return {"nav_items": nav_items, "admin_items": admin_items}


@bp.get("/")
def home() -> str:
    figures = portfolio.headline_figures(db.session)
    config = current_app.config
    funding, this_year = this_years_delivery(
        db.session, currency=config["REPORTING_CURRENCY"],
        start_month=config["FISCAL_YEAR_START_MONTH"], today=date.today(),
    )  # fmt: skip
    return render_template(
        "main/home.html", figures=figures, status_labels=STATUS_LABELS,
        funding=funding, this_year=this_year, delivery_formula=FORMULAS["delivery_rate"],
        latest=activity.latest(db.session),
        needing_update=statuses.needing_update(db.session),
        attention=statuses.attention,
        title_of=lambda project: project_title(project, current_language()),
        field_name=revisions.field_name, author_name=revisions.author_name,
    )  # fmt: skip


@bp.get("/goal-colours.css")
def goal_colours_css() -> Response:
    """The goals' official colours as CSS classes (no inline styles under our CSP)."""
    rules = [
        f".goal-{number}{{background:{colour};color:{text_colour_on(colour)};fill:{colour}}}"
        f".goal-border-{number}{{border-color:{colour}}}"
        for number, colour in portfolio.goal_colours(db.session)
    ]
    response = Response("\n".join(rules), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The icon browsers ask for at this address whatever the page links (pages link the SVG)."""
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )


@bp.get("/healthz")
def health() -> Response:
    """Liveness for a load balancer: the process answers (the database is not asked, so a
    database outage does not get the app restarted); also the trivial page benchmarks use."""
    return Response("ok", mimetype="text/plain")


@bp.get("/readyz")
def ready() -> tuple[Response, int]:
    """Readiness: the database answers and its schema is at the newest migration; 503 and
    the reason ("database unreachable", "schema out of date") otherwise."""
    problem = schema.readiness_problem(db.engine)
    body = {"status": "ready"} if problem is None else {"status": "unavailable", "problem": problem}
    response = jsonify(body)
    response.cache_control.no_store = True
    return response, 200 if problem is None else 503


@bp.get("/language/<code>")
def choose_language(code: str) -> Response:
    """Remember the reader's interface language and go back to the page they were on."""
    if code not in LANGUAGES:
        abort(404)
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        target = url_for("main.home")  # only addresses on this site: no open redirect
    response = redirect(target)
    response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                        secure=request.is_secure)  # fmt: skip
    return response
