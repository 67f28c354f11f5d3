"""The progress rule of ``progress.assess`` as one SQL query, for pages that count the statuses
of hundreds of thousands of indicators (the results dashboard): the database ranks the
periods and applies the rule, so no indicator is loaded into Python.

It mirrors ``assess`` step by step (tests/services/results/test_status_sql.py checks that both
agree on random figures, on SQLite and PostgreSQL). The share of the way covered is compared
with the share of time elapsed by cross-multiplying, so no division rounds: covered ≥ 0.95 ×
expected ⇔ gain × span × 100 ≥ 95 × needed × min(elapsed, span).

Values are compared in ten-thousandths as integers (the columns keep four decimals): SQLite
stores them as floating point numbers, whose products would otherwise round.
"""

from __future__ import annotations

from sqlalchemy import (
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tracker.models.results import (
    QUALITATIVE,
    QUANTITATIVE_MEASURES,
    IndicatorPeriod,
    ResultIndicator,
)
from tracker.services.results.progress import ACHIEVED, LIMITED, MOVING_AWAY, NO_DATA, ON_TRACK


def _days(dialect: str, when: ColumnElement) -> ColumnElement:
    """A date as a whole number of days, so two can be subtracted on either database."""
    if dialect == "postgresql":
        return when - literal_column("DATE '2000-01-01'")
    return cast(func.julianday(when), Integer)


def _baseline_date(dialect: str) -> ColumnElement:
    """The baseline's date, else 31 December of its year (as ``progress.baseline_point``)."""
    year = ResultIndicator.baseline_year
    if dialect == "postgresql":
        end_of_year = func.make_date(year, 12, 31)
    else:
        end_of_year = case((year.is_not(None), func.printf("%04d-12-31", year)))
    return func.coalesce(ResultIndicator.baseline_date, end_of_year)


def _scaled(dialect: str, value: ColumnElement) -> ColumnElement:
    """A value in ten-thousandths: exact on PostgreSQL, rounded to an integer on SQLite."""
    if dialect == "postgresql":
        return value
    return cast(func.round(value * 10000), Integer)


def _latest(column, dialect: str):
    """Per indicator, the latest period with a value in ``column``: its end and the value,
    scaled. Among equal ends the later start wins, as ``progress.latest`` takes the last."""
    ranked = (
        select(
            IndicatorPeriod.indicator_id.label("indicator_id"),
            IndicatorPeriod.period_end.label("period_end"),
            column.label("value"),
            func.row_number()
            .over(
                partition_by=IndicatorPeriod.indicator_id,
                order_by=(IndicatorPeriod.period_end.desc(), IndicatorPeriod.period_start.desc()),
            )
            .label("rank"),
        )
        .where(column.is_not(None))
        .subquery()
    )
    return (
        select(
            ranked.c.indicator_id,
            _days(dialect, ranked.c.period_end).label("day"),
            ranked.c.value,
            _scaled(dialect, ranked.c.value).label("scaled"),
        )
        .where(ranked.c.rank == 1)
        .subquery()
    )


def status_select(session: Session, *columns, quantitative_only: bool = True) -> Select:
    """SELECT indicator id, status, latest actual, final target, ``columns``... for every
    quantitative indicator, or every indicator (status NULL for measures that get none);
    the caller adds joins and filters."""
    dialect = session.get_bind().dialect.name
    actual = _latest(IndicatorPeriod.actual_value, dialect)
    target = _latest(IndicatorPeriod.target_value, dialect)
    status = status_case(
        dialect,
        ascending=ResultIndicator.ascending,
        baseline=_scaled(dialect, ResultIndicator.baseline_value),
        baseline_day=_days(dialect, _baseline_date(dialect)),
        actual=actual.c.scaled,
        actual_day=actual.c.day,
        target=target.c.scaled,
        target_day=target.c.day,
    )
    if not quantitative_only:
        status = case((ResultIndicator.measure.in_(QUANTITATIVE_MEASURES), status), else_=null())
    query = (
        select(
            ResultIndicator.id.label("indicator_id"),
            status.label("status"),
            actual.c.value.label("actual"),
            target.c.value.label("target"),
            *columns,
        )
        .select_from(ResultIndicator)
        .outerjoin(actual, actual.c.indicator_id == ResultIndicator.id)
        .outerjoin(target, target.c.indicator_id == ResultIndicator.id)
    )
    if quantitative_only:
        query = query.where(ResultIndicator.measure.in_(QUANTITATIVE_MEASURES))
    return query


def status_case(
    dialect: str,
    *,
    ascending,
    baseline,
    baseline_day,
    actual,
    actual_day,
    target,
    target_day,
) -> ColumnElement:
    """``assess``'s rule as a CASE over scaled values and dates counted in days."""
    sign = case((ascending, 1), else_=-1)
    gain = sign * (actual - baseline)
    needed = sign * (target - baseline)
    span = target_day - baseline_day
    elapsed = actual_day - baseline_day
    # min(1, elapsed / span), or 1 when the target is not after the baseline.
    share_num = case((span <= 0, literal(1)), (elapsed >= span, span), else_=elapsed)
    share_den = case((span <= 0, literal(1)), else_=span)
    if dialect != "postgresql":  # integers that could overflow become real numbers
        share_num, share_den = cast(share_num, Integer), cast(share_den, Integer)
    return case(
        (
            or_(
                baseline.is_(None),
                baseline_day.is_(None),
                actual.is_(None),
                target.is_(None),
                actual_day <= baseline_day,
            ),
            literal(NO_DATA),
        ),
        (sign * (actual - target) >= 0, literal(ACHIEVED)),
        (gain < 0, literal(MOVING_AWAY)),
        (gain * share_den * 100 >= needed * share_num * 95, literal(ON_TRACK)),
        else_=literal(LIMITED),
    )


def has_actual(period=IndicatorPeriod, indicator=ResultIndicator) -> ColumnElement:
    """A period has an actual: a value, or for a qualitative indicator its words."""
    return or_(
        period.actual_value.is_not(None),
        and_(indicator.measure == QUALITATIVE, period.actual_comment != ""),
    )
