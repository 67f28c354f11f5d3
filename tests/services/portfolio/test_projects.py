"""Creating and editing projects: the rules, the history, and no lost updates."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tracker.models import Organisation, Project, User
from tracker.services.portfolio import revisions
from tracker.services.portfolio.projects import (
    ProjectData,
    ProjectInvalid,
    create_project,
    problems_with,
    update_project,
)
from tracker.services.portfolio.statuses import record_status_change

TODAY = date(2026, 11, 28)


@pytest.fixture
def users(session):
    return {u.username: u for u in session.scalars(select(User))}


def data(**overrides) -> ProjectData:
    values = dict(
        code="KZ-TEST-2025-001", title="Digital health records in Abay Region",
        planned_start=date(2025, 1, 1), planned_end=date(2027, 12, 31),
        actual_start=date(2025, 2, 1), budget=Decimal("250000"),
        targets=[("3.8", Decimal("60")), ("3.d", Decimal("20")), ("9.c", Decimal("20"))],
        sectors=[("12110", None)], places=[("KZ-10", None)],
    )  # fmt: skip
    values.update(overrides)
    return ProjectData(**values)


def test_create_records_the_first_status_and_a_revision(session, users):
    project = create_project(session, data(), 2, users["analyst"], today=TODAY)
    assert project.source == "manual" and project.version == 1
    assert [(c.from_status, c.to_status) for c in project.history] == [(None, 2)]
    assert project.history[0].effective_date == date(2025, 2, 1)
    assert project.created_by_id == users["analyst"].id
    assert [r.version for r in project.revisions] == [1]
    assert project.revisions[0].snapshot["targets"] == "3.8 (60%), 3.d (20%), 9.c (20%)"


@pytest.mark.parametrize(
    ("overrides", "status", "field", "message"),
    [
        ({"code": "ILLUS-KZ-UNDP-2005-001"}, 2, "code", "used by another project"),
        ({"planned_end": date(2024, 1, 1)}, 2, "planned_end", "before the planned start"),
        ({"actual_end": date(2025, 1, 1)}, 2, "actual_end", "before the actual start"),
        ({"actual_end": date(2027, 1, 1)}, 2, "actual_end", "cannot be in the future"),
        ({"actual_start": date(2027, 1, 1), "planned_end": None}, 2, "actual_start", "future"),
        ({}, 4, "actual_end", "needs an actual end date"),
        ({"budget": Decimal("-1")}, 2, "budget", "cannot be negative"),
        ({"targets": [("3.8", Decimal("60")), ("3.d", Decimal("30"))]}, 2, "targets",
         "add up to 90, not 100"),
        ({"sectors": [("12110", Decimal("50")), ("12220", None)]}, 2, "sectors",
         "share for every item"),
        ({"targets": []}, 2, "targets", "at least one SDG target"),
    ],
)  # fmt: skip
def test_invalid_projects_are_refused_field_by_field(session, users, overrides, status, field,
                                                    message):  # fmt: skip
    existing_code = session.scalar(select(Project.code).order_by(Project.id))
    if overrides.get("code", "").startswith("ILLUS"):
        overrides = {**overrides, "code": existing_code.lower()}  # case-insensitive
    problems = problems_with(session, data(**overrides), status, today=TODAY)
    assert any(message in text for text in problems.get(field, [])), problems
    count = session.query(Project).count()
    with pytest.raises(ProjectInvalid):
        create_project(session, data(**overrides), status, users["analyst"], today=TODAY)
    assert session.query(Project).count() == count


def test_an_edit_bumps_the_version_and_logs_what_changed(session, users):
    project = create_project(session, data(), 2, users["analyst"], today=TODAY)
    undp = session.scalars(select(Organisation).where(Organisation.acronym == "UNDP")).one()

    update_project(session, project, data(title="Renamed", organisations=[(undp.id, 2)]),
                   users["admin"], expected_version=1, today=TODAY)  # fmt: skip

    assert project.version == 2 and project.title == "Renamed"
    assert project.updated_by_id == users["admin"].id
    ((revision, changes),) = revisions.change_log(project)
    assert revision.changed_by == users["admin"].label
    assert {c.field: (c.before, c.after) for c in changes} == {
        "title": ("Digital health records in Abay Region", "Renamed"),
        "organisations": ("", "Accountable: UNDP"),
    }


def test_saving_without_changes_makes_no_new_version(session, users):
    project = create_project(session, data(), 2, users["analyst"], today=TODAY)
    update_project(session, project, data(), users["analyst"], expected_version=1, today=TODAY)
    assert project.version == 1


def test_a_save_based_on_an_older_version_is_refused_with_what_changed(session, users):
    project = create_project(session, data(), 2, users["analyst"], today=TODAY)
    update_project(session, project, data(budget=Decimal("300000")), users["admin"],
                   expected_version=1, today=TODAY)  # fmt: skip

    with pytest.raises(revisions.VersionConflict) as conflict:
        update_project(session, project, data(title="Mine"), users["analyst"],
                       expected_version=1, today=TODAY)  # fmt: skip

    assert [(c.label, c.before, c.after) for c in conflict.value.changes] == [
        ("Budget", "250000.00", "300000.00")
    ]
    assert conflict.value.who == [users["admin"].label]
    assert project.title == "Digital health records in Abay Region"


def test_editing_a_seeded_project_keeps_its_original_as_the_baseline(session, users):
    project = session.scalars(select(Project).where(Project.status == 2)).first()
    original = project.title
    update_project(session, project, data(code=project.code, title="Changed"), users["analyst"],
                   expected_version=1, today=TODAY)  # fmt: skip
    ((revision, changes),) = revisions.change_log(project)
    title = next(c for c in changes if c.field == "title")
    assert (title.before, title.after) == (original, "Changed")
    assert project.revisions[0].changed_by == "Illustrative seed"


def test_a_pipeline_project_planned_to_start_later_can_be_cancelled_today(session, users):
    """Its first status is recorded on the day it was recorded, not on the planned start, so
    a change today (cancelling it, starting it early) is not refused as before that date."""
    project = create_project(
        session, data(planned_start=date(2027, 3, 1), actual_start=None), 1, users["analyst"],
        today=TODAY,
    )  # fmt: skip
    assert project.history[0].effective_date == TODAY
    record_status_change(session, project, 5, TODAY, "Funding withdrawn", users["analyst"],
                         expected_version=project.version, today=TODAY)  # fmt: skip
    assert project.status == 5
