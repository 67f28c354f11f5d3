"""Recording results: every rule, nothing stored on a problem, versions and the change log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import add_indicator, make_project
from tracker.models import ProjectRevision, User
from tracker.models.results import IndicatorPeriod, ResultIndicator, ResultNode
from tracker.services.portfolio import revisions
from tracker.services.results import recording
from tracker.services.results.progress import NO_DATA, ON_TRACK, indicator_progress
from tracker.services.results.recording import IndicatorFields, Invalid, PeriodFields


@pytest.fixture
def analyst(session) -> User:
    user = User(username="rec-analyst", display_name="Rec Analyst", role="analyst",
                password_hash="x")  # fmt: skip
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def project(session):
    return make_project(session, planned_start=date(2023, 1, 1), actual_start=date(2023, 1, 1),
                        planned_end=date(2027, 12, 31))  # fmt: skip


def year(y: int, target: str = "", actual: str = "", **more) -> PeriodFields:
    return PeriodFields(date(y, 1, 1), date(y, 12, 31), target, "", actual, **more)


def test_a_result_an_indicator_and_a_period_are_recorded_and_logged(session, project, analyst):
    result = recording.save_result(session, project, type_=1, title="Clinics equipped",
                                   editor=analyst, expected_version=project.version)  # fmt: skip
    indicator = recording.save_indicator(
        session, IndicatorFields("Clinics with telemedicine", measure=1, sdg_indicator="3.8.1",
                                 baseline_year=2022, baseline_value="4"),
        editor=analyst, result=result, expected_version=project.version,
    )  # fmt: skip
    period = recording.save_period(session, indicator, year(2025, "1 250,5"), editor=analyst,
                                   expected_version=project.version)  # fmt: skip
    assert indicator_progress(indicator).status == NO_DATA
    recording.record_actual(session, period, "1200", "ministry report", editor=analyst,
                            expected_version=project.version)  # fmt: skip

    assert (period.target_value, period.actual_value) == (Decimal("1250.5"), Decimal(1200))
    assert (indicator.reference_vocabulary, indicator.reference_code) == ("9", "3.8.1")
    assert indicator_progress(indicator).status == ON_TRACK
    (_revision, changes), *_older = revisions.change_log(project)
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Results: Clinics with telemedicine · 2025 · actual", "", "1200 (ministry report)")
    ]
    assert len(revisions.change_log(project)) == 4  # result, indicator, period, actual


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (IndicatorFields(""), "title_en"),
        (IndicatorFields("x", sdg_indicator="99.9.9"), "sdg_indicator"),
        (IndicatorFields("x", measure=1, baseline_year=2022, baseline_value="lots"),
         "baseline_value"),
        (IndicatorFields("x", measure=5, baseline_year=2022, baseline_value="yes"),
         "baseline_value"),
        (IndicatorFields("x", baseline_value="4"), "baseline_year"),
        (IndicatorFields("x", measure=7), "measure"),
    ],
)  # fmt: skip
def test_an_indicator_with_a_problem_is_refused_and_nothing_stored(
    session, project, analyst, fields, field
) -> None:
    indicator = add_indicator(session, project)
    before = session.scalar(
        select(ResultIndicator.title_en).where(ResultIndicator.id == indicator.id)
    )
    with pytest.raises(Invalid) as refused:
        recording.save_indicator(session, fields, editor=analyst, indicator=indicator,
                                 expected_version=project.version)  # fmt: skip
    assert list(refused.value.problems) == [field]
    assert indicator.title_en == before
    assert session.scalar(select(ProjectRevision.id).where(
        ProjectRevision.project_id == project.id)) is None  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (year(2022, "5"), "end", "starts before the project"),
        (year(2028, "5"), "end", "ends after the project"),
        (PeriodFields(date(2025, 6, 1), date(2026, 5, 31), "5"), "start", "overlaps"),
        (PeriodFields(date(2026, 2, 1), date(2026, 1, 1), "5"), "end", "ends before it starts"),
        (year(2026, "many"), "target_value", "not a number"),
        (year(2026, "5", "1.23456"), "actual_value", "digits after"),
    ],
)  # fmt: skip
def test_a_period_with_a_problem_is_refused(session, project, analyst, fields, field, words):
    indicator = add_indicator(session, project, periods=((2025, "50", None),))
    with pytest.raises(Invalid) as refused:
        recording.save_period(session, indicator, fields, editor=analyst,
                              expected_version=project.version)  # fmt: skip
    assert words in refused.value.problems[field]
    assert len(indicator.periods) == 1


def test_a_qualitative_indicator_is_described_in_words(session, project, analyst):
    indicator = add_indicator(session, project, measure=5, baseline_value=None, periods=())
    with pytest.raises(Invalid):
        recording.save_period(session, indicator, year(2025, actual="yes"), editor=analyst,
                              expected_version=project.version)  # fmt: skip
    period = recording.save_period(
        session, indicator, PeriodFields(date(2025, 1, 1), date(2025, 12, 31), "",
                                         "Law drafted", "", "Law adopted in May"),
        editor=analyst, expected_version=project.version,
    )  # fmt: skip
    assert (period.actual_value, period.actual_comment) == (None, "Law adopted in May")


def test_a_stale_form_is_refused_with_what_changed(session, project, analyst):
    indicator = add_indicator(session, project, periods=((2025, "50", None),))
    opened = project.version
    recording.record_actual(session, indicator.periods[0], "20", "", editor=analyst,
                            expected_version=opened)  # fmt: skip
    with pytest.raises(revisions.VersionConflict) as conflict:
        recording.record_actual(session, indicator.periods[0], "30", "", editor=analyst,
                                expected_version=opened)  # fmt: skip
    assert conflict.value.expected == opened
    assert indicator.periods[0].actual_value == Decimal(20)


def test_a_results_chain_indicator_has_no_project_version(session, analyst):
    priority = ResultNode(code="T-P", level="priority", title_en="Priority")
    outcome = ResultNode(code="T-O", level="outcome", title_en="Outcome", parent=priority)
    session.add_all([priority, outcome])
    session.flush()
    indicator = recording.save_indicator(
        session, IndicatorFields("Share of women in parliament", measure=2, baseline_year=2020,
                                 baseline_value="27", ascending=True), editor=analyst, node=outcome,
    )  # fmt: skip
    period = recording.save_period(session, indicator, year(2030, "30"), editor=analyst)
    recording.record_actual(session, period, "28", "", editor=analyst)
    assert session.scalar(select(IndicatorPeriod.actual_value).where(
        IndicatorPeriod.id == period.id)) == Decimal(28)  # fmt: skip


def test_an_indicator_deleted_goes_from_the_project_and_stays_in_the_log(session, project, analyst):
    indicator = add_indicator(session, project)
    revisions.record(session, project, analyst)
    recording.delete_indicator(session, indicator, editor=analyst,
                               expected_version=project.version)  # fmt: skip
    (_revision, changes), *_ = revisions.change_log(project)
    assert {c.after for c in changes} == {""} and len(changes) == 3
    assert project.results[0].indicators == []
