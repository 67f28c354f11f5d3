"""The home page with the portfolio's headline figures, and small technical routes."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from tracker.extensions import db
from tracker.formatting import text_colour_on
from tracker.services import portfolio

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    figures = portfolio.headline_figures(db.session)
    return render_template("main/home.html", figures=figures)


@bp.get("/goal-colours.css")
def goal_colours_css() -> Response:
    """The goals' official colours as CSS classes (no inline styles under our CSP)."""
    rules = [
        f".goal-{number}{{background:{colour};color:{text_colour_on(colour)}}}"
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
