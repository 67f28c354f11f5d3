"""The home page with the portfolio's headline figures, and small technical routes."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from tracker.extensions import db
from tracker.formatting import text_colour_on
from tracker.services import portfolio

bp = Blueprint("main", __name__)

# The main menu: (endpoint, label); an entry shows once its blueprint is registered.
NAV_ITEMS = (
    ("main.home", "Home"),
    ("dashboard.overview", "Dashboard"),
    ("dashboard.goals", "SDG goals"),
    ("register.index", "Projects"),
    ("exchange.upload", "Import"),
    ("admin.users", "Users"),
)


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

    return {"nav_items": nav_items}


@bp.get("/")
def home() -> str:
    figures = portfolio.headline_figures(db.session)
    return render_template("main/home.html", figures=figures)


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


@bp.get("/healthz")
def health() -> Response:
    """Liveness for a load balancer; also the trivial page benchmarks compare against."""
    return Response("ok", mimetype="text/plain")
