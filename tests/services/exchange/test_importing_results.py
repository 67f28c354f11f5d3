"""An IATI import keeps each activity's results (indicators, baselines, periods with targets,
actuals and breakdowns) and policy markers; a bad value is a problem of its activity that
names where it is, and nothing of that activity is stored; the export writes it all back,
valid against the 2.03 schema, and an import into an empty database gives the same."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from tests.iati_results_files import (
    indicator,
    period,
    result,
    results_activity,
    results_file,
    value,
)
from tests.services.exchange.test_iati_exporting import assert_valid
from tracker.extensions import db
from tracker.formats.iati import read_activities
from tracker.models import NOT_REAL_SOURCES, Project, User
from tracker.models.results import ProjectMarker, ProjectResult
from tracker.services.exchange.iati_exporting import export_iati, reporting_org
from tracker.services.exchange.importing import RULES, apply_import, plan_import
from tracker.services.register.filters import RegisterFilters

SAMPLE = (Path(__file__).parents[2] / "data" / "iati_sample_other_country.xml").read_bytes()
TODAY = date(2026, 6, 1)


def plan_of(session, data: bytes):
    records, problems = read_activities(data)
    return plan_import(session, records, problems, rules=RULES["xml"], today=TODAY)


def imported(session, data: bytes):
    plan = plan_of(session, data)
    assert not plan.errors, plan.errors
    user = session.scalars(select(User).where(User.username == "analyst")).one()
    apply_import(session, plan, user, file_name="results.xml", today=TODAY)
    session.commit()
    return plan


def results_of(session) -> dict[str, tuple]:
    """Every real project's results, indicators, periods, breakdowns and markers, comparable
    (the seed's illustrative projects carry illustrative ones of their own)."""
    session.expire_all()
    found = {}
    real = select(Project).where(Project.source.not_in(NOT_REAL_SOURCES)).order_by(Project.code)
    for project in session.scalars(real):
        results = tuple(
            (r.type, r.title, r.description, r.aggregation_status, tuple(
                (i.title_en, i.measure, i.ascending, i.reference_vocabulary, i.reference_code,
                 i.baseline_year, i.baseline_date, _number(i.baseline_value), i.baseline_comment,
                 tuple((p.period_start, p.period_end, _number(p.target_value), p.target_comment,
                        _number(p.actual_value), p.actual_comment,
                        tuple((b.kind, b.dimension, b.category, _number(b.value), b.comment)
                              for b in p.breakdowns))
                       for p in i.periods))
                for i in r.indicators))
            for r in project.results
        )  # fmt: skip
        markers = tuple(sorted((m.vocabulary, m.code, m.significance, m.name)
                               for m in project.policy_markers))  # fmt: skip
        un_markers = tuple(sorted((m.marker, m.score, m.justification) for m in project.markers))
        if results or markers or un_markers:
            found[project.code] = (results, markers, un_markers)
    return found


def _number(found: Decimal | None) -> Decimal | None:
    return None if found is None else Decimal(found).quantize(Decimal("0.0001"))


def test_an_activity_brings_its_results_and_policy_markers(session):
    plan = imported(session, results_file())
    assert plan.creates[0].results.counts() == (2, 3, 4, 3)
    project = session.scalars(select(Project).where(Project.code == "XM-TEST-RES")).one()
    skills, emissions = project.results
    assert (skills.type, skills.title, skills.aggregation_status) == (1, "Skills improved", True)
    trained, policy = skills.indicators
    assert (trained.reference_vocabulary, trained.reference_code) == ("9", "4.4.1")
    assert (trained.baseline_year, trained.baseline_value) == (2023, Decimal(10))
    assert trained.baseline_comment == "Before the project"
    first, second = trained.periods
    assert (first.target_value, first.actual_value, first.actual_comment) == (
        Decimal(100),
        Decimal(80),
        "Slow start",
    )
    assert [(b.kind, b.category, b.value) for b in first.breakdowns] == [
        ("actual", "female", Decimal(50)),
        ("actual", "male", Decimal(30)),
    ]
    assert [(b.kind, b.category) for b in second.breakdowns] == [("target", "female")]
    assert (policy.measure, policy.periods[0].actual_comment) == (5, "Draft in consultation")
    assert policy.periods[0].actual_value is None
    assert emissions.indicators[0].ascending is False
    assert {(m.vocabulary, m.code, m.significance, m.name) for m in project.policy_markers} == {
        ("1", "1", 2, ""), ("1", "7", 1, ""), ("99", "YOUTH", 1, "Youth")}  # fmt: skip


def test_a_value_that_is_not_a_number_is_named_where_it_is_and_nothing_is_stored(session):
    bad = indicator("Trained", 1, period("2024-01-01", "2024-12-31", value("actual", "abc")))
    data = results_file(results_activity(results=result("Skills", 1, indicator("Fine"), bad)))
    before = results_of(session)
    plan = plan_of(session, data)
    assert not plan.creates and plan.skipped == 1
    messages = [p.message for p in plan.problems if p.code == "XM-TEST-RES"]
    assert any(
        "Result 1, indicator 2, period 2024, actual: “abc” is not a number" in m for m in messages
    ), messages
    assert any(p.where.startswith("iati-activity[1] (XM-TEST-RES)") for p in plan.problems)
    user = session.scalars(select(User).where(User.username == "analyst")).one()
    apply_import(session, plan, user, file_name="bad.xml", today=TODAY)
    session.commit()
    assert results_of(session) == before
    assert session.scalar(select(Project).where(Project.code == "XM-TEST-RES")) is None


def test_an_sdg_reference_that_is_no_indicator_is_left_out_with_a_warning(session):
    unknown = indicator("Trained", 1, '<reference vocabulary="9" code="99.9.9"/>')
    other = indicator("Own", 1, '<reference vocabulary="99" code="OWN-1"/>')
    plan = imported(session, results_file(results_activity(results=result("R", 1, unknown,
                                                                          other))))  # fmt: skip
    assert any("99.9.9" in p.message for p in plan.warnings)
    found = session.scalars(select(ProjectResult).join(Project).where(
        Project.code == "XM-TEST-RES")).one().indicators  # fmt: skip
    assert [(i.reference_vocabulary, i.reference_code) for i in found] == [
        ("", ""),
        ("99", "OWN-1"),
    ]


def test_a_reimport_replaces_the_results_and_an_identical_one_changes_nothing(session):
    imported(session, results_file())
    plan = imported(session, results_file(results_activity(
        results=result("Only one", 3, indicator("Single", 2)), markers="")))  # fmt: skip
    assert [c.field for c in plan.updates[0].changes] == ["published_results"]
    assert plan.updates[0].changes[0].after.startswith("1 results, 1 indicators")
    assert results_of(session)["XM-TEST-RES"][:2] == (
        ((3, "Only one", "About Only one", None,
          (("Single", 2, True, "", "", None, None, None, "", ()),)),), ())  # fmt: skip
    again = plan_of(session, results_file(results_activity(
        results=result("Only one", 3, indicator("Single", 2)), markers="")))  # fmt: skip
    assert again.unchanged == ["XM-TEST-RES"] and not again.updates


def test_the_sample_keeps_its_policy_markers(session):
    imported(session, SAMPLE)
    marked = {code: found[1] for code, found in results_of(session).items()}
    assert len(marked) >= 1
    assert all(markers == (("1", "1", 1, ""),) for markers in marked.values())


def test_the_export_validates_and_imports_into_an_empty_database_as_the_same(make_app):
    source = make_app("reference")
    with source.app_context():
        imported(db.session, results_file(results_activity(), results_activity("XM-TEST-TWO")))
        project = db.session.scalars(select(Project).where(Project.code == "XM-TEST-RES")).one()
        db.session.add_all([
            ProjectMarker(project=project, marker="gender", score=2, justification="Women lead"),
            ProjectMarker(project=project, marker="human_rights", score=0),
        ])  # fmt: skip
        db.session.commit()
        expected = results_of(db.session)
        _, chunks = export_iati(db.session, RegisterFilters(), reporting_org({}))
        document = b"".join(chunks)
        assert_valid(document)
        # A re-import of the export into the same database changes nothing.
        assert not plan_of(db.session, document).updates
    assert b"<result " in document and b"<policy-marker " in document
    assert b'marker="gender" score="2">Women lead<' in document
    target = make_app("reference")
    with target.app_context():
        imported(db.session, document)
        assert results_of(db.session) == expected
    assert expected["XM-TEST-RES"][2] == (("gender", 2, "Women lead"), ("human_rights", 0, ""))
