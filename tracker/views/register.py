"""The project register: the filterable, sortable list of projects, readable by everyone.

Every filter, the sort and the page live in the query string, so a view can be bookmarked,
shared, and reached again with the back button.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.extensions import db
from tracker.services.register import RegisterFilters, search_projects
from tracker.services.register_filters import PER_PAGE_CHOICES
from tracker.services.register_reference import load_reference
from tracker.services.statuses import STATUS_NAMES

bp = Blueprint("register", __name__)


@bp.get("/projects")
def index() -> str | Response:
    filters, problems = RegisterFilters.from_args(request.args)
    if not problems and any(value == "" for _, value in request.args.items(multi=True)):
        # The filter form sends its empty fields too; keep the address short and shareable.
        return redirect(url_for(".index", **filters.url_args()))
    names = load_reference(db.session)
    results = search_projects(db.session, filters, names)
    endpoints = current_app.view_functions
    return render_template(
        "register/index.html",
        results=results,
        filters=results.filters,
        names=names,
        active_filters=names.active_filters(results.filters),
        problems=problems,
        status_names=STATUS_NAMES,
        per_page_choices=PER_PAGE_CHOICES,
        link_projects="projects.detail" in endpoints,
        can_create="projects.new" in endpoints and getattr(current_user, "can_edit", False),
    )
