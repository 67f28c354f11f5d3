"""The SQL version of the progress rule gives ``progress.assess``'s status on random figures."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import add_indicator, make_project
from tracker.models import IndicatorPeriod, ResultIndicator
from tracker.services.results.progress import indicator_progress
from tracker.services.results.status_sql import status_select

values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
optional_values = st.none() | values
days = st.integers(min_value=0, max_value=3000)
START = date(2018, 1, 1)

periods = st.lists(
    st.tuples(days, st.integers(min_value=0, max_value=400), optional_values, optional_values),
    min_size=0,
    max_size=4,
    unique_by=lambda p: (p[0], p[1]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ascending=st.booleans(),
    measure=st.sampled_from((1, 2)),
    baseline=optional_values,
    baseline_year=st.none() | st.integers(min_value=2017, max_value=2024),
    baseline_day=st.none() | days,
    rows=periods,
)
def test_sql_status_equals_assess(
    session, ascending, measure, baseline, baseline_year, baseline_day, rows
):
    project = make_project(session)
    indicator = add_indicator(
        session, project, periods=(), measure=measure, ascending=ascending,
        baseline_value=baseline, baseline_year=baseline_year,
        baseline_date=None if baseline_day is None else START + timedelta(baseline_day),
    )  # fmt: skip
    for start, length, target, actual in rows:
        begin = START + timedelta(start)
        indicator.periods.append(IndicatorPeriod(
            period_start=begin, period_end=begin + timedelta(length),
            target_value=target, actual_value=actual,
        ))  # fmt: skip
    session.flush()
    session.expire(indicator)  # periods reloaded in the model's order, values as stored
    expected = indicator_progress(indicator)
    found = session.execute(status_select(session).where(ResultIndicator.id == indicator.id)).one()
    assert found.status == expected.status, expected
