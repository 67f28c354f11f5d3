"""The seed's illustrative marker codes: generated deterministically, loaded once, some
projects left not yet coded, and a broken row stops the load with its file, line and reason."""

from __future__ import annotations

import filecmp

import pytest
from sqlalchemy import func, select

from tests.services.reference.test_seeding import _broken_copy, row_counts
from tracker.config import SEED_DIR
from tracker.generation.markers import MARKERS_FILE, POLICY_FILE, write_marker_csv
from tracker.generation.portfolio import generate_portfolio
from tracker.models import Project
from tracker.models.results import ProjectMarker, ProjectPolicyMarker
from tracker.services.reference.seed_markers import load_markers


def test_the_committed_files_are_what_the_generator_writes(tmp_path):
    projects = generate_portfolio(200, 35, seed=2024)
    write_marker_csv(projects, 2024, tmp_path)
    for name in (MARKERS_FILE, POLICY_FILE):
        assert filecmp.cmp(tmp_path / name, SEED_DIR / "portfolio" / name, shallow=False), name


def test_the_seed_leaves_about_15_percent_not_yet_coded(session):
    projects = session.scalar(select(func.count()).select_from(Project))
    coded = session.scalar(select(func.count(func.distinct(ProjectMarker.project_id))))
    assert 0.10 <= (projects - coded) / projects <= 0.20
    assert session.scalar(select(func.count()).select_from(ProjectPolicyMarker)) > coded
    # Significance 3 only for desertification, as IATI says.
    assert set(session.scalars(
        select(ProjectPolicyMarker.code).where(ProjectPolicyMarker.significance == 3)
    )) <= {"8"}  # fmt: skip


def test_loading_again_adds_nothing(session):
    assert load_markers(session, SEED_DIR / "portfolio") == {"un_markers": 0, "policy_markers": 0}


@pytest.mark.parametrize(
    ("file_name", "line", "column", "new", "reason"),
    [
        (MARKERS_FILE, 3, 2, "5", "the score should be 0, 1, 2 or 3"),
        (MARKERS_FILE, 2, 3, "", "needs a justification"),
        (MARKERS_FILE, 4, 0, "ILLUS-NOWHERE", "There is no project with the code"),
        (POLICY_FILE, 3, 3, "3", "is for desertification only"),
        (POLICY_FILE, 3, 2, "1", "is listed twice"),
    ],
    ids=["score", "justification", "project", "significance", "twice"],
)
def test_a_broken_row_stops_the_load_and_changes_nothing(
    make_app, tmp_path, file_name, line, column, new, reason
):
    app = make_app("migrated")
    before = row_counts(app)
    broken = _broken_copy(tmp_path, file_name, line, column, new)

    result = app.test_cli_runner().invoke(args=["seed", "--directory", str(broken)])

    assert result.exit_code == 1
    assert f"{file_name}, line {line}:" in result.output
    assert reason in result.output
    assert row_counts(app) == before
