"""Coding a project's markers: "not yet coded" is not 0, the justification rule, IATI's
significance 3 for desertification only, stale versions, and the change log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import make_project
from tracker.models import User
from tracker.services.portfolio import revisions
from tracker.services.results.markers import (
    MarkerCode,
    MarkersInvalid,
    check_markers,
    current_codes,
    current_policy,
    save_markers,
)

NOT_CODED = MarkerCode(None)


@pytest.fixture
def analyst(session):
    return session.scalars(select(User).where(User.username == "analyst")).one()


def codes(gender=NOT_CODED, human_rights=NOT_CODED):
    return {"gender": gender, "human_rights": human_rights}


def test_not_yet_coded_and_zero_are_different(session, analyst):
    project = make_project(session)
    assert current_codes(project) == codes()
    save_markers(session, project, codes(gender=MarkerCode(0)), {}, editor=analyst,
                 expected_version=project.version)  # fmt: skip
    assert current_codes(project) == codes(gender=MarkerCode(0, ""))
    assert [(m.marker, m.score) for m in project.markers] == [("gender", 0)]


@pytest.mark.parametrize("score", [1, 2, 3])
def test_a_score_of_1_to_3_needs_a_justification(score):
    problems = check_markers(codes(gender=MarkerCode(score, "  ")), {})
    assert "needs a justification" in problems["gender"]
    assert check_markers(codes(gender=MarkerCode(score, "Why.")), {}) == {}
    assert check_markers(codes(gender=MarkerCode(0)), {}) == {}


def test_significance_3_only_for_desertification():
    assert check_markers({}, {"8": 3}) == {}
    problems = check_markers({}, {"6": 3, "1": 4, "2": 0})
    assert list(problems) == ["policy-6"]
    assert "desertification only" in problems["policy-6"]
    assert "not an OECD DAC policy marker" in check_markers({}, {"13": 1})["policy-13"]
    assert check_markers({}, {"1": 5}) == {
        "policy-1": "The significance should be 0, 1, 2, 3 or 4."
    }


def test_nothing_is_stored_when_a_rule_is_broken(session, analyst):
    project = make_project(session)
    version = project.version
    with pytest.raises(MarkersInvalid) as refused:
        save_markers(session, project, codes(gender=MarkerCode(2, "Fine."),
                                             human_rights=MarkerCode(2)),
                     {"1": 2, "7": 3}, editor=analyst, expected_version=version)  # fmt: skip
    assert set(refused.value.problems) == {"human_rights", "policy-7"}
    session.flush()
    session.refresh(project)
    assert project.markers == [] and project.policy_markers == []
    assert project.version == version


def test_a_stale_version_is_refused_with_what_changed(session, analyst):
    project = make_project(session)
    opened = project.version
    save_markers(session, project, codes(gender=MarkerCode(3, "Principal.")), {},
                 editor=analyst, expected_version=opened)  # fmt: skip
    with pytest.raises(revisions.VersionConflict) as conflict:
        save_markers(session, project, codes(gender=MarkerCode(1, "Limited.")), {},
                     editor=analyst, expected_version=opened)  # fmt: skip
    assert [change.field for change in conflict.value.changes] == ["gender_marker"]
    assert current_codes(project)["gender"] == MarkerCode(3, "Principal.")


def test_each_save_is_one_revision_with_the_markers_entries(session, analyst):
    project = make_project(session)
    changed = save_markers(
        session, project, codes(gender=MarkerCode(2, "Outputs target women."),
                                human_rights=MarkerCode(0)),
        {"1": 1, "10": 2, "11": None}, editor=analyst, expected_version=project.version,
    )  # fmt: skip
    assert changed
    latest = project.revisions[-1]
    assert latest.version == project.version
    assert latest.snapshot["gender_marker"] == "2: Outputs target women."
    assert latest.snapshot["human_rights_marker"] == "0"
    assert latest.snapshot["policy_markers"] == "1/1: 1; 1/10: 2"
    # Removing a marker is a change: the entry goes.
    kept = codes(gender=MarkerCode(2, "Outputs target women."))
    save_markers(session, project, kept, {"1": 1, "10": None}, editor=analyst,
                 expected_version=project.version)  # fmt: skip
    before, after = project.revisions[-2].snapshot, project.revisions[-1].snapshot
    fields = {change.field for change in revisions.diff(before, after)}
    assert fields == {"human_rights_marker", "policy_markers"}
    assert current_policy(project) == {"1": 1}
    # The same markers again change nothing and record nothing.
    count = len(project.revisions)
    assert not save_markers(session, project, current_codes(project), current_policy(project),
                            editor=analyst, expected_version=project.version)  # fmt: skip
    assert len(project.revisions) == count
