"""Managing user accounts (admins only)."""

from __future__ import annotations

from flask import Blueprint

from tracker.permissions import admin_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@admin_required
def users() -> str:
    return "User management is coming."
