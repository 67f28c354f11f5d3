"""A project's results in its change log."""

from decimal import Decimal

from tests.factories import add_indicator, make_project
from tracker.models import ProjectMarker, User
from tracker.services.portfolio import revisions


def test_an_actual_recorded_is_a_change_in_the_log(session) -> None:
    user = User(username="ana", display_name="Ana", role="analyst", password_hash="x")
    session.add(user)
    project = make_project(session)
    indicator = add_indicator(session, project, periods=((2025, "50", None),))
    revisions.record(session, project, user)
    indicator.periods[0].actual_value = Decimal("48")
    indicator.periods[0].actual_comment = "survey"
    project.markers.append(ProjectMarker(marker="gender", score=2, justification="Women first"))
    revisions.touch(project, user)
    session.flush()
    revisions.record(session, project, user)

    (_revision, changes), *_older = revisions.change_log(project)

    assert {(c.label, c.before, c.after) for c in changes} == {
        ("Results: People reached · 2025 · actual", "", "48 (survey)"),
        ("Gender Equality Marker", "", "2: Women first"),
    }


def test_an_indicator_removed_is_a_change(session) -> None:
    project = make_project(session)
    indicator = add_indicator(session, project)
    before = revisions.snapshot(project)
    project.results.remove(indicator.result)
    session.flush()

    changes = revisions.diff(before, revisions.snapshot(project))

    assert {c.before for c in changes} == {
        "measure 1, ascending, baseline 2023 10",
        "50",
        "30",
    }
