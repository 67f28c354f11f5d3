"""Results for a synthetic portfolio, for the results dashboard's benchmark.

Each synthetic project without results gets one output result with three indicators (units
and percentages, higher or lower better, two in three referring to an official SDG
indicator), a baseline in its start year and five yearly periods with targets and actuals
drawn from the project's id so that every progress status appears and some recent actuals
are missing. Rows go in through bulk Core inserts with ids given here, so periods can name
their indicator without reading ids back.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, func, insert, select, text

from tracker.models import Indicator, Project
from tracker.models.results import IndicatorPeriod, ProjectResult, ResultIndicator

BATCH = 20_000
PER_PROJECT = 3
YEARS = 5


def _indicator_rows(pid: int, indicator_id: int, result_id: int, first: int, k: int,
                    codes: list[str]):  # fmt: skip
    ascending = (pid + k) % 3 != 0
    baseline = Decimal(20 + (pid * 7 + k) % 40)
    goal = Decimal(30 + (pid * 11 + k * 5) % 40)
    target_end = baseline + goal if ascending else max(Decimal(0), baseline - goal / 2)
    reference = codes[(pid * 3 + k) % len(codes)] if (pid + k) % 3 else ""
    indicator = {
        "id": indicator_id, "result_id": result_id, "node_id": None, "position": k,
        "title_en": f"Synthetic indicator {k + 1}", "title_ru": "", "title_kk": "",
        "description": "", "measure": 1 + k % 2, "ascending": ascending,
        "reference_vocabulary": "9" if reference else "", "reference_code": reference,
        "baseline_year": first, "baseline_date": None, "baseline_value": baseline,
        "baseline_comment": "",
    }  # fmt: skip
    # How far each actual gets, as a share of the way: on track, short, or going backwards.
    pace = Decimal((pid * 13 + k * 7) % 130 - 20) / 100
    periods = []
    for offset in range(YEARS):
        year = first + 1 + offset
        share = Decimal(offset + 1) / YEARS
        target = (baseline + (target_end - baseline) * share).quantize(Decimal("0.01"))
        actual = (baseline + (target_end - baseline) * share * pace).quantize(Decimal("0.01"))
        missing = offset == YEARS - 1 and (pid + k) % 4 == 0
        periods.append({
            "indicator_id": indicator_id, "period_start": date(year, 1, 1),
            "period_end": date(year, 12, 31), "target_value": target, "target_comment": "",
            "actual_value": None if missing else max(actual, Decimal(0)), "actual_comment": "",
        })  # fmt: skip
    return indicator, periods


def add_synthetic_results(engine: Engine) -> int:
    """Results for every synthetic project that has none; returns the periods added."""
    with engine.connect() as connection:
        codes = list(connection.scalars(select(Indicator.code).order_by(Indicator.id)))
        projects = connection.execute(
            select(Project.id, func.coalesce(Project.actual_start, Project.planned_start))
            .where(Project.source == "synthetic",
                   ~Project.id.in_(select(ProjectResult.project_id)))
            .order_by(Project.id)
        ).all()  # fmt: skip
        next_result = (connection.scalar(select(func.max(ProjectResult.id))) or 0) + 1
        next_indicator = (connection.scalar(select(func.max(ResultIndicator.id))) or 0) + 1
    added = 0
    results, indicators, periods = [], [], []
    with engine.begin() as connection:

        def flush() -> None:
            for table, rows in ((ProjectResult, results), (ResultIndicator, indicators),
                                (IndicatorPeriod, periods)):  # fmt: skip
                if rows:
                    connection.execute(insert(table.__table__), rows)
                    rows.clear()

        for pid, start in projects:
            first = start.year if start else 2020
            results.append({"id": next_result, "project_id": pid, "type": 1,
                            "title": "Synthetic output", "description": "",
                            "aggregation_status": None, "position": 0})  # fmt: skip
            for k in range(PER_PROJECT):
                indicator, rows = _indicator_rows(pid, next_indicator, next_result, first, k,
                                                  codes)  # fmt: skip
                indicators.append(indicator)
                periods.extend(rows)
                added += len(rows)
                next_indicator += 1
            next_result += 1
            if len(periods) >= BATCH:
                flush()
        flush()
        if engine.dialect.name == "postgresql":  # ids given here: move the sequences on
            for table in ("project_results", "result_indicators"):
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"))  # fmt: skip
    return added
