"""The page of one indicator: its baseline, periods with targets and actuals, its progress
with the numbers behind it, a chart, and its history in the project's change log."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from tracker.extensions import db
from tracker.forms.results import MEASURE_NAMES, RESULT_TYPE_NAMES
from tracker.models import Indicator
from tracker.services.portfolio import revisions
from tracker.services.results import reads
from tracker.services.results.chart import chart
from tracker.services.results.progress import RULE, baseline_point, indicator_progress
from tracker.services.results.results_log import PREFIX

bp = Blueprint("indicators", __name__, url_prefix="/indicators")


@bp.app_template_global("reads_number")
def reads_number(value: Decimal | None) -> str:
    """A stored figure as people write it (64.5, not 64.5000)."""
    return reads.number(value)


@bp.app_context_processor
def progress_words() -> dict:
    """The progress rule, shown on hover beside every badge."""
    return {"progress_rule": RULE, "indicator_progress": indicator_progress,
            "result_type_names": RESULT_TYPE_NAMES}  # fmt: skip


def _history(indicator, project) -> list:
    """The change-log entries of this indicator, newest first."""
    if project is None:
        return []
    key = f"{PREFIX}{indicator.id}:"
    entries = []
    for revision, changes in reversed(revisions.change_log(project)):
        mine = [change for change in changes if change.field.startswith(key)]
        if mine:
            entries.append((revision, mine))
    return entries


@bp.get("/<int:indicator_id>")
def page(indicator_id: int) -> str:
    indicator = reads.indicator(db.session, indicator_id)
    if indicator is None:
        abort(404)
    project = indicator.result.project if indicator.result is not None else None
    progress = indicator_progress(indicator)
    reference = None
    if indicator.reference_vocabulary == "9" and indicator.reference_code:
        reference = db.session.scalar(
            select(Indicator).where(Indicator.code == indicator.reference_code)
        )
    drawn = None
    if indicator.measure != 5:
        baseline = baseline_point(
            indicator.baseline_year, indicator.baseline_value, indicator.baseline_date
        )
        periods = indicator.periods
        drawn = chart(
            (baseline.when, baseline.value) if baseline else None,
            [(p.period_end, p.actual_value) for p in periods if p.actual_value is not None],
            [(p.period_end, p.target_value) for p in periods if p.target_value is not None],
        )
    return render_template(
        "results/indicator.html",
        indicator=indicator,
        project=project,
        progress=progress,
        rule=RULE,
        reference=reference,
        chart=drawn,
        measure_name=MEASURE_NAMES.get(indicator.measure, indicator.measure),
        history=_history(indicator, project),
        field_name=revisions.field_name,
        author_name=revisions.author_name,
    )
