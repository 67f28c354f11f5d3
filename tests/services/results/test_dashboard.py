"""The results dashboard's figures against the same figures worked out another way: walking
the ORM objects with ``progress.indicator_progress`` and the goal rule written in Python."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tests.factories import add_indicator, make_project
from tracker.models import (
    Indicator,
    IndicatorPeriod,
    Project,
    ResultIndicator,
    ResultNode,
    Target,
)
from tracker.services import dashboards
from tracker.services.register.search import RegisterFilters
from tracker.services.results import dashboard as results
from tracker.services.results.progress import OFF_TRACK, STATUSES, indicator_progress

TODAY = date(2026, 3, 1)  # last year: 2025


def _goals_of(session, indicator: ResultIndicator) -> set[int]:
    """The goal rule, in Python: the SDG reference's goal, else the owner's targets' goals."""
    if indicator.reference_vocabulary == "9":
        found = session.scalar(select(Indicator).where(Indicator.code == indicator.reference_code))
        if found is not None:
            return {found.target.goal_number}
    if indicator.result is not None:
        return {link.target.goal_number for link in indicator.result.project.targets}
    return {target.goal_number for target in indicator.node.targets}


def _kept(session, filters: RegisterFilters, indicator: ResultIndicator) -> bool:
    if not filters.is_filtered:
        return True
    if indicator.result is None:
        return False
    ids = set(session.scalars(dashboards.project_ids(filters)))
    project = indicator.result.project
    return (project.parent_id or project.id) in ids


def _walk(session, filters=None):
    """(goal, status) counts, and the statuses per indicator id."""
    filters = filters or RegisterFilters()
    session.expire_all()
    counts, statuses = Counter(), {}
    everything = session.scalars(
        select(ResultIndicator).options(selectinload(ResultIndicator.periods))
    ).all()
    for indicator in everything:
        if not _kept(session, filters, indicator):
            continue
        progress = indicator_progress(indicator)
        statuses[indicator.id] = progress.status if progress else None
        if progress is None:
            continue
        for goal in _goals_of(session, indicator):
            counts[goal, progress.status] += 1
    return counts, statuses


def _figures(session, filters=None):
    filters = filters or RegisterFilters()
    rows = results.by_goal(session, dashboards.project_ids(filters))
    return Counter({(row.number, s): n for row in rows for s, n in row.counts.items() if n})


def _chain_indicator(session) -> ResultIndicator:
    """An outcome of the results chain serving target 5.5, with an off-track indicator."""
    priority = ResultNode(code="T1", level="priority", title_en="Test priority")
    node = ResultNode(code="T1.1", level="outcome", parent=priority, title_en="Test outcome",
                      illustrative=True)  # fmt: skip
    node.targets.append(session.scalar(select(Target).where(Target.code == "5.5")))
    indicator = ResultIndicator(node=node, title_en="Women in parliament", measure=2,
                                baseline_year=2020, baseline_value=Decimal(20))  # fmt: skip
    indicator.periods.append(IndicatorPeriod(
        period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        target_value=Decimal(40), actual_value=Decimal(18),
    ))  # fmt: skip
    session.add(priority)
    session.flush()
    return indicator


def test_seed_has_every_status(session):
    counts, _statuses = _walk(session)
    assert {status for _goal, status in counts} == set(STATUSES)


def test_by_goal_equals_walking_the_indicators(session):
    chain = _chain_indicator(session)
    counts, _statuses = _walk(session)
    assert _figures(session) == counts
    assert counts[5, "moving_away"] >= 1 and chain.id


def test_filters_keep_their_projects_indicators_and_leave_out_the_chain(session):
    chain = _chain_indicator(session)
    filters = replace(RegisterFilters(), status=2)
    counts, statuses = _walk(session, filters)
    assert chain.id not in statuses
    assert _figures(session, filters) == counts
    assert sum(counts.values()) < sum(_walk(session)[0].values())


def test_a_reference_decides_the_goal(session):
    project = make_project(session, targets=("3.8",))
    indicator = add_indicator(session, project, reference_vocabulary="9",
                              reference_code="4.1.1")  # fmt: skip
    ids = {row.number: row for row in results.by_goal(session, None)}
    listed = results.indicator_list(session, None, goal=4, statuses=STATUSES, per_page=None)
    assert indicator.id in {row.id for row in listed.rows}
    served_by_3 = results.indicator_list(session, None, goal=3, statuses=STATUSES, per_page=None)
    assert indicator.id not in {row.id for row in served_by_3.rows}
    assert ids[4].total == listed.total


@pytest.mark.parametrize("filtered", [False, True])
def test_every_count_equals_the_rows_of_its_drill_down(session, filtered):
    filters = replace(RegisterFilters(), status=2) if filtered else RegisterFilters()
    ids = dashboards.project_ids(filters)
    for row in results.by_goal(session, ids):
        for status in STATUSES:
            listed = results.indicator_list(session, ids, goal=row.number, statuses=(status,),
                                            per_page=None)  # fmt: skip
            assert listed.total == len(listed.rows) == row.count(status), (row.number, status)
        every = results.indicator_list(session, ids, goal=row.number, statuses=STATUSES,
                                       per_page=None)  # fmt: skip
        assert len(every.rows) == row.total


def test_off_track_list_holds_the_limited_and_moving_away(session):
    _chain_indicator(session)
    _counts, statuses = _walk(session)
    expected = {i for i, status in statuses.items() if status in OFF_TRACK}
    listed = results.indicator_list(session, None, statuses=OFF_TRACK, per_page=None)
    assert {row.id for row in listed.rows} == expected
    assert results.list_count(session, None, statuses=OFF_TRACK) == len(expected)
    assert all(row.status in OFF_TRACK for row in listed.rows)


def test_missing_actual_list_for_last_year(session):
    session.expire_all()
    year = TODAY.year - 1
    expected = set()
    for indicator in session.scalars(select(ResultIndicator)):
        first, last = date(year, 1, 1), date(year, 12, 31)
        overlapping = [p for p in indicator.periods
                       if p.period_start <= last and p.period_end >= first]  # fmt: skip
        recorded = [p for p in overlapping if p.actual_value is not None
                    or (indicator.measure == 5 and p.actual_comment)]  # fmt: skip
        if overlapping and not recorded:
            expected.add(indicator.id)
    assert expected, "the seed leaves some 2025 actuals missing"
    listed = results.indicator_list(session, None, missing_year=year, per_page=None)
    assert {row.id for row in listed.rows} == expected
    assert any(row.status is None for row in listed.rows)  # qualitative ones too


def test_pages_and_order(session):
    listed = results.indicator_list(session, None, statuses=OFF_TRACK, sort="status",
                                    direction="desc", per_page=5, page=2)  # fmt: skip
    every = results.indicator_list(session, None, statuses=OFF_TRACK, sort="status",
                                   direction="desc", per_page=None)  # fmt: skip
    assert [row.id for row in listed.rows] == [row.id for row in every.rows[5:10]]
    assert listed.total == every.total and listed.pages == -(-every.total // 5)
    assert every.rows[0].status == "moving_away"


def test_illustrative_rows_are_marked(session):
    listed = results.indicator_list(session, None, statuses=OFF_TRACK, per_page=None)
    projects = {p.code: p.source == "seed_illustration" for p in session.scalars(select(Project))}
    # Rows of the results chain are marked when their node's wording is illustrative.
    nodes = {n.code: n.illustrative for n in session.scalars(select(ResultNode))}
    assert all(row.illustrative == projects.get(row.owner_code, nodes.get(row.owner_code))
               for row in listed.rows)  # fmt: skip
