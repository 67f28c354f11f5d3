"""The page of one indicator: its baseline, periods with targets and actuals, and progress."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from tracker.extensions import db
from tracker.services.results import reads
from tracker.services.results.progress import RULE, indicator_progress

bp = Blueprint("indicators", __name__, url_prefix="/indicators")


@bp.get("/<int:indicator_id>")
def page(indicator_id: int) -> str:
    indicator = reads.indicator(db.session, indicator_id)
    if indicator is None:
        abort(404)
    project = indicator.result.project if indicator.result is not None else None
    return render_template(
        "results/indicator.html",
        indicator=indicator,
        project=project,
        progress=indicator_progress(indicator),
        rule=RULE,
    )
