"""A project's results and markers as the IATI export writes them, and storing what an
import planned in their place.

``stored_results`` reads a batch of projects in a few queries; the export writes it, and an
import compares a file with it ("unchanged" when the file says what the export would).
``store_results`` replaces a project's results and policy markers (and its UN markers when
the file carries them) by the planned ones. Only flushes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from tracker.formats.result_records import (
    ActivityResults,
    IndicatorRecord,
    PeriodRecord,
    PolicyMarkerRecord,
    ResultRecord,
    UnMarkerRecord,
    ValueRecord,
)
from tracker.models.results import (
    IndicatorPeriod,
    PeriodBreakdown,
    ProjectMarker,
    ProjectPolicyMarker,
    ProjectResult,
    ResultIndicator,
)

BATCH = 500
PLACES = Decimal("0.0001")


def value_text(value: Decimal | None) -> str:
    """A stored value as the export writes it: "1250", "12.5"."""
    if value is None:
        return ""
    text = format(Decimal(value).quantize(PLACES).normalize(), "f")
    return "0" if text in ("-0", "0") else text


def stored_results(session: Session, project_ids: Sequence[int]) -> dict[int, ActivityResults]:
    """Each project's results, policy markers and UN markers as records."""
    found: dict[int, ActivityResults] = {}
    for start in range(0, len(project_ids), BATCH):
        found.update(_batch(session, list(project_ids[start : start + BATCH])))
    return found


def _batch(session: Session, ids: list[int]) -> dict[int, ActivityResults]:
    results: dict[int, list[ResultRecord]] = defaultdict(list)
    for row in session.scalars(
        select(ProjectResult)
        .where(ProjectResult.project_id.in_(ids))
        .options(
            selectinload(ProjectResult.indicators)
            .selectinload(ResultIndicator.periods)
            .selectinload(IndicatorPeriod.breakdowns)
        )
        .order_by(ProjectResult.position, ProjectResult.id)
    ):
        indicators = tuple(_indicator(indicator) for indicator in row.indicators)
        results[row.project_id].append(
            ResultRecord(row.type, row.title, row.description, row.aggregation_status,
                         indicators)
        )  # fmt: skip
    markers: dict[int, list[PolicyMarkerRecord]] = defaultdict(list)
    for row in session.scalars(
        select(ProjectPolicyMarker)
        .where(ProjectPolicyMarker.project_id.in_(ids))
        .order_by(ProjectPolicyMarker.vocabulary, ProjectPolicyMarker.code)
    ):
        markers[row.project_id].append(
            PolicyMarkerRecord(row.vocabulary, row.code, row.significance, row.name)
        )
    un_markers: dict[int, list[UnMarkerRecord]] = defaultdict(list)
    for row in session.scalars(
        select(ProjectMarker)
        .where(ProjectMarker.project_id.in_(ids))
        .order_by(ProjectMarker.marker)
    ):
        un_markers[row.project_id].append(UnMarkerRecord(row.marker, row.score, row.justification))
    return {
        project_id: ActivityResults(
            tuple(results[project_id]), tuple(markers[project_id]), tuple(un_markers[project_id])
        )
        for project_id in ids
    }


def _indicator(row: ResultIndicator) -> IndicatorRecord:
    titles = (("en", row.title_en), ("ru", row.title_ru), ("kk", row.title_kk))
    baseline = None
    if row.baseline_year is not None:
        baseline = ValueRecord(value_text(row.baseline_value), row.baseline_comment)
    periods = []
    for period in row.periods:
        breakdowns = {
            kind: tuple(
                ValueRecord(value_text(b.value), b.comment, b.dimension, b.category)
                for b in period.breakdowns
                if b.kind == kind
            )
            for kind in ("target", "actual")
        }
        totals = {
            "target": (period.target_value, period.target_comment),
            "actual": (period.actual_value, period.actual_comment),
        }
        values = {}
        for kind, (value, comment) in totals.items():
            # A period's total is written when it has one (a blank one with breakdowns: no).
            total = (
                (ValueRecord(value_text(value), comment),) if value is not None or comment else ()
            )
            values[kind] = total + breakdowns[kind]
        periods.append(
            PeriodRecord(period.period_start, period.period_end, values["target"],
                         values["actual"])
        )  # fmt: skip
    return IndicatorRecord(
        tuple((language, text) for language, text in titles if text),
        row.measure, row.description, row.ascending, row.reference_vocabulary,
        row.reference_code, row.baseline_year, row.baseline_date, baseline, tuple(periods),
    )  # fmt: skip


def results_changed(before: ActivityResults | None, wanted: ActivityResults) -> bool:
    """Whether storing ``wanted`` changes what the project has (UN markers the file does not
    carry are kept, so they do not count)."""
    before = before or ActivityResults(un_markers=())
    if wanted.un_markers is None:
        return (wanted.results, wanted.policy_markers) != (before.results, before.policy_markers)
    return wanted != before


def store_results(session: Session, planned: dict[int, ActivityResults]) -> None:
    """Replace each project's results and markers (project id -> as planned)."""
    ids = list(planned)
    if not ids:
        return
    results = select(ProjectResult.id).where(ProjectResult.project_id.in_(ids))
    indicators = select(ResultIndicator.id).where(ResultIndicator.result_id.in_(results))
    periods = select(IndicatorPeriod.id).where(IndicatorPeriod.indicator_id.in_(indicators))
    # Children first: SQLite does not cascade unless told to.
    session.execute(delete(PeriodBreakdown).where(PeriodBreakdown.period_id.in_(periods)))
    session.execute(delete(IndicatorPeriod).where(IndicatorPeriod.indicator_id.in_(indicators)))
    session.execute(delete(ResultIndicator).where(ResultIndicator.result_id.in_(results)))
    session.execute(delete(ProjectResult).where(ProjectResult.project_id.in_(ids)))
    session.execute(delete(ProjectPolicyMarker).where(ProjectPolicyMarker.project_id.in_(ids)))
    with_un = [pid for pid, found in planned.items() if found.un_markers is not None]
    if with_un:
        session.execute(delete(ProjectMarker).where(ProjectMarker.project_id.in_(with_un)))
    for project_id, found in planned.items():
        _add(session, project_id, found)
    session.flush()


def _add(session: Session, project_id: int, found: ActivityResults) -> None:
    for position, result in enumerate(found.results):
        row = ProjectResult(project_id=project_id, type=result.type, title=result.title,
                            description=result.description,
                            aggregation_status=result.aggregation_status,
                            position=position)  # fmt: skip
        for number, indicator in enumerate(result.indicators):
            row.indicators.append(_indicator_row(number, indicator))
        session.add(row)
    for marker in found.policy_markers:
        session.add(ProjectPolicyMarker(project_id=project_id, vocabulary=marker.vocabulary,
                                        code=marker.code, significance=marker.significance,
                                        name=marker.name))  # fmt: skip
    for un_marker in found.un_markers or ():
        session.add(ProjectMarker(project_id=project_id, marker=un_marker.marker,
                                  score=un_marker.score,
                                  justification=un_marker.justification))  # fmt: skip


def _indicator_row(position: int, found: IndicatorRecord) -> ResultIndicator:
    titles = dict(found.titles)
    baseline = found.baseline or ValueRecord()
    row = ResultIndicator(
        position=position, title_en=titles.get("en", ""), title_ru=titles.get("ru", ""),
        title_kk=titles.get("kk", ""), description=found.description, measure=found.measure,
        ascending=found.ascending, reference_vocabulary=found.reference_vocabulary,
        reference_code=found.reference_code, baseline_year=found.baseline_year,
        baseline_date=found.baseline_date, baseline_value=_number(baseline.value),
        baseline_comment=baseline.comment,
    )  # fmt: skip
    for period in found.periods:
        assert period.start is not None and period.end is not None  # the plan checked
        stored = IndicatorPeriod(period_start=period.start, period_end=period.end)
        for kind, values in (("target", period.targets), ("actual", period.actuals)):
            for value in values:
                if not value.dimension:
                    setattr(stored, f"{kind}_value", _number(value.value))
                    setattr(stored, f"{kind}_comment", value.comment)
                else:
                    stored.breakdowns.append(PeriodBreakdown(
                        kind=kind, dimension=value.dimension, category=value.category,
                        value=_number(value.value), comment=value.comment,
                    ))  # fmt: skip
        row.periods.append(stored)
    return row


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text else None
