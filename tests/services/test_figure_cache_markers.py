"""The figure cache's stamp moves when markers are written without a project save (the
seed, an import), so the markers dashboard never shows stale shares."""

from __future__ import annotations

from tests.factories import make_project
from tracker.models.results import ProjectMarker, ProjectPolicyMarker
from tracker.services.figure_cache import data_stamp


def test_marker_rows_change_the_stamp(session):
    project = make_project(session)
    before = data_stamp(session)
    project.markers.append(ProjectMarker(marker="gender", score=0))
    session.flush()
    coded = data_stamp(session)
    assert coded != before
    project.markers[0].score = 1
    session.flush()
    assert data_stamp(session) != coded
    changed = data_stamp(session)
    project.policy_markers.append(ProjectPolicyMarker(vocabulary="1", code="1", significance=1))
    session.flush()
    assert data_stamp(session) != changed
