"""The project register: the filterable, sortable list of projects."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("register", __name__)


@bp.get("/projects")
def index() -> str:
    return "The register is coming."
