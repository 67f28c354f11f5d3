"""The indicators of the register's projects as long results rows, streamed: one row per
indicator and period, then a row per breakdown of that period (dimension and category).

The projects are the register's selection in its order, each followed by its components
(``with_components_select``, as in the project export), read in batches; each batch's
indicators come in one query with their periods, so memory stays flat. Within a project:
by result, then indicator, then period. The results chain's indicators belong to no
project; they follow the projects when the export is not filtered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.formats.csv_results import ResultsRow
from tracker.models import NOT_REAL_SOURCES, Project
from tracker.models.results import (
    IndicatorPeriod,
    ProjectResult,
    ResultIndicator,
    ResultNode,
)
from tracker.services.register.filters import RegisterFilters
from tracker.services.register.search import with_components_select
from tracker.services.results.progress import indicator_progress

BATCH_SIZE = 500
MEASURE_WORDS = {1: "unit", 2: "percentage", 3: "nominal", 4: "ordinal", 5: "qualitative"}
RESULT_TYPE_WORDS = {1: "output", 2: "outcome", 3: "impact", 9: "other"}
PROJECT, CHAIN = "project", "chain"


def number(value: Decimal | None) -> str:
    """A stored figure as the file writes it: 1250.5, never 1.2505E+3."""
    return "" if value is None else f"{Decimal(value).normalize():f}"


def results_rows(
    session: Session, filters: RegisterFilters, *, batch_size: int = BATCH_SIZE
) -> Iterator[ResultsRow]:
    """The rows of the indicators of the projects the register shows for ``filters``, then
    (unfiltered) those of the results chain."""
    statement = with_components_select(filters, Project.id, Project.code, Project.source)
    result = session.connection().execute(statement, execution_options={"yield_per": batch_size})
    for batch in result.partitions():
        yield from _project_rows(session, batch)
    if not filters.is_filtered:
        yield from _chain_rows(session)


def _with_periods():
    return selectinload(ResultIndicator.periods).selectinload(IndicatorPeriod.breakdowns)


def _project_rows(session: Session, projects: list[Any]) -> Iterator[ResultsRow]:
    by_project: dict[int, list[ResultIndicator]] = defaultdict(list)
    statement = (
        select(ResultIndicator)
        .join(ProjectResult, ProjectResult.id == ResultIndicator.result_id)
        .where(ProjectResult.project_id.in_([row[0] for row in projects]))
        .order_by(ProjectResult.position, ProjectResult.id, ResultIndicator.position,
                  ResultIndicator.id)
        .options(_with_periods(), selectinload(ResultIndicator.result))
    )  # fmt: skip
    for indicator in session.scalars(statement):
        by_project[indicator.result.project_id].append(indicator)
    for project_id, code, source, _parent_code in projects:
        for indicator in by_project.get(project_id, ()):
            result = indicator.result
            yield from _indicator_rows(
                indicator, code, PROJECT, RESULT_TYPE_WORDS.get(result.type, ""), result.title,
                source in NOT_REAL_SOURCES,
            )  # fmt: skip


def _chain_rows(session: Session) -> Iterator[ResultsRow]:
    statement = (
        select(ResultIndicator)
        .join(ResultNode, ResultNode.id == ResultIndicator.node_id)
        .order_by(ResultNode.code, ResultIndicator.position, ResultIndicator.id)
        .options(_with_periods(), selectinload(ResultIndicator.node))
    )
    for indicator in session.scalars(statement):
        node = indicator.node
        yield from _indicator_rows(indicator, node.code, CHAIN, node.level, node.title_en,
                                   node.illustrative)  # fmt: skip


def _indicator_rows(
    indicator: ResultIndicator,
    code: str,
    owner_kind: str,
    result_type: str,
    result_title: str,
    illustrative: bool,
) -> Iterator[ResultsRow]:
    progress = indicator_progress(indicator)
    sdg = indicator.reference_code if indicator.reference_vocabulary == "9" else ""
    shared = {
        "project_code": code, "owner_kind": owner_kind, "result_type": result_type,
        "result_title": result_title, "indicator_id": indicator.id,
        "indicator_title": indicator.title_en, "indicator_title_ru": indicator.title_ru,
        "indicator_title_kk": indicator.title_kk,
        "measure": MEASURE_WORDS.get(indicator.measure, str(indicator.measure)),
        "direction": "ascending" if indicator.ascending else "descending",
        "sdg_indicator": sdg,
        "baseline_year": "" if indicator.baseline_year is None else str(indicator.baseline_year),
        "baseline_value": number(indicator.baseline_value),
        "baseline_comment": indicator.baseline_comment,
        "progress_status": progress.status if progress is not None else "",
        "is_illustrative": illustrative,
    }  # fmt: skip
    for period in indicator.periods:
        days = {"period_start": period.period_start, "period_end": period.period_end}
        yield ResultsRow(
            **shared, **days, dimension="", category="",
            target_value=number(period.target_value), target_comment=period.target_comment,
            actual_value=number(period.actual_value), actual_comment=period.actual_comment,
        )  # fmt: skip
        # One row per (dimension, category), its target and actual side by side.
        split: dict[tuple[str, str], dict[str, Any]] = {}
        for breakdown in period.breakdowns:
            cells = split.setdefault((breakdown.dimension, breakdown.category), {})
            cells[f"{breakdown.kind}_value"] = number(breakdown.value)
            cells[f"{breakdown.kind}_comment"] = breakdown.comment
        for (dimension, category), cells in sorted(split.items()):
            yield ResultsRow(
                **shared, **days, dimension=dimension, category=category,
                target_value=cells.get("target_value", ""),
                target_comment=cells.get("target_comment", ""),
                actual_value=cells.get("actual_value", ""),
                actual_comment=cells.get("actual_comment", ""),
            )  # fmt: skip
