"""Status changes follow the transition table and only ever append to the history."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import make_project
from tracker.models import User
from tracker.services.portfolio import statuses
from tracker.services.portfolio.revisions import VersionConflict

TODAY = date(2026, 11, 28)


@pytest.fixture
def analyst(session):
    return session.scalars(select(User).where(User.username == "analyst")).one()


def change(session, project, to_status, analyst, *, on=date(2025, 3, 1), reason="Because",
           version=None):  # fmt: skip
    return statuses.record_status_change(
        session, project, to_status, on, reason, analyst,
        expected_version=project.version if version is None else version, today=TODAY,
    )  # fmt: skip


def test_every_status_has_a_row_in_the_transition_table():
    assert set(statuses.ALLOWED_TRANSITIONS) == set(range(1, 7))
    for targets in statuses.ALLOWED_TRANSITIONS.values():
        assert set(targets) <= set(range(1, 7))
    assert statuses.allowed_next(4) == ()


def test_a_change_appends_to_the_history_and_moves_the_status(session, analyst):
    project = make_project(session)
    before = [(c.id, c.to_status) for c in project.history]

    recorded = change(session, project, 6, analyst, reason="Funding gap")

    assert project.status == 6
    assert [(c.id, c.to_status) for c in project.history[:-1]] == before
    assert project.history[-1] is recorded
    assert (recorded.from_status, recorded.to_status, recorded.reason) == (2, 6, "Funding gap")
    assert recorded.changed_by == analyst.label and recorded.changed_by_id == analyst.id
    assert project.version == 2


def test_closing_sets_the_actual_end(session, analyst):
    project = make_project(session)
    change(session, project, 4, analyst, on=date(2025, 6, 30))
    assert project.actual_end == date(2025, 6, 30)


@pytest.mark.parametrize(
    ("to_status", "on", "reason", "field", "message"),
    [
        (1, date(2025, 3, 1), "x", "to_status", "cannot move to Pipeline/identification"),
        (6, date(2025, 3, 1), "  ", "reason", "Give the reason"),
        (6, date(2027, 1, 1), "x", "effective_date", "cannot be in the future"),
        (6, date(2024, 1, 15), "x", "effective_date", r"before the last change \(Feb 1, 2024\)"),
        (4, date(2024, 1, 20), "x", "effective_date", "before the last change"),
    ],
)
def test_changes_that_make_no_sense_are_refused(session, analyst, to_status, on, reason, field,
                                               message):  # fmt: skip
    project = make_project(session)
    with pytest.raises(statuses.StatusChangeError, match=message) as refused:
        change(session, project, to_status, analyst, on=on, reason=reason)
    assert refused.value.field == field
    assert project.status == 2 and len(project.history) == 2


def test_a_change_based_on_an_old_version_is_refused(session, analyst):
    project = make_project(session)
    change(session, project, 6, analyst)
    with pytest.raises(VersionConflict) as conflict:
        change(session, project, 2, analyst, version=1)
    assert [(c.field, c.before, c.after) for c in conflict.value.changes] == [("status", "2", "6")]
    assert conflict.value.who == [analyst.label]


def test_every_broken_rule_is_reported_at_once(session, analyst):
    project = make_project(session)
    with pytest.raises(statuses.StatusChangeError) as refused:
        change(session, project, 1, analyst, on=date(2027, 1, 1), reason=" ")
    assert set(refused.value.problems) == {"to_status", "reason", "effective_date"}
    assert refused.value.problems["effective_date"] == [
        "The effective date cannot be in the future."
    ]
    assert project.status == 2 and len(project.history) == 2


def test_the_rules_skip_what_a_form_could_not_read(session):
    project = make_project(session)
    assert statuses.status_change_problems(project, None, None, "", today=TODAY) == {
        "reason": ["Give the reason for the change."]
    }
