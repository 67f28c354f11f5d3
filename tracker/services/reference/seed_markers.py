"""Loading the illustrative marker codes of the seed portfolio (``project_markers.csv``,
``project_policy_markers.csv``), after its projects.

A project that already has UN markers (or OECD DAC policy markers) keeps them and its rows
of that file are skipped, so loading twice adds nothing and never overwrites a coding made
in the tracker. Every row is checked before anything is added: the first broken row stops
the load with its file, line and reason. Older portfolio folders without the files load
nothing.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.formats.csv_rows import RowError, parse_int, read_rows, required
from tracker.generation.markers import MARKER_COLUMNS, MARKERS_FILE, POLICY_COLUMNS, POLICY_FILE
from tracker.models import Project
from tracker.models.results import UN_MARKERS, ProjectMarker, ProjectPolicyMarker
from tracker.services.results.marker_codes import OECD_DAC
from tracker.services.results.markers import MarkerCode, check_markers


def _project_id(projects: dict[str, int], code: str) -> int:
    if code not in projects:
        raise ValueError(_("There is no project with the code “%(code)s”.", code=code))
    return projects[code]


def _marker(row: dict[str, str]) -> tuple[str, int, str]:
    marker = required(row, "marker")
    if marker not in UN_MARKERS:
        raise ValueError(_("The marker should be %(choices)s, not “%(value)s”.",
                           choices=" or ".join(UN_MARKERS), value=marker))  # fmt: skip
    score = parse_int(row, "score")
    problems = check_markers({marker: MarkerCode(score, row["justification"])}, {})
    if problems:
        raise ValueError(next(iter(problems.values())))
    return marker, score, row["justification"]


def _policy(row: dict[str, str]) -> tuple[str, int | None]:
    if row["vocabulary"] != OECD_DAC:
        raise ValueError(_("Only OECD DAC policy markers (vocabulary 1) can be seeded."))
    code = required(row, "code")
    significance = parse_int(row, "significance", optional=True)
    problems = check_markers({}, {code: significance if significance is not None else 0})
    if problems:
        raise ValueError(next(iter(problems.values())))
    return code, significance


def load_markers(session: Session, directory: Path) -> dict[str, int]:
    """Add the marker codes of ``directory`` for projects that have none yet; return counts."""
    projects = dict(session.execute(select(Project.code, Project.id)).all())
    with_markers = set(session.scalars(select(ProjectMarker.project_id)))
    with_policy = set(session.scalars(
        select(ProjectPolicyMarker.project_id).where(ProjectPolicyMarker.vocabulary == OECD_DAC)
    ))  # fmt: skip
    new: list[ProjectMarker | ProjectPolicyMarker] = []
    counts = {"un_markers": 0, "policy_markers": 0}
    files = (
        (MARKERS_FILE, MARKER_COLUMNS, _marker, with_markers, _new_marker, "un_markers"),
        (POLICY_FILE, POLICY_COLUMNS, _policy, with_policy, _new_policy, "policy_markers"),
    )
    for file_name, columns, parse, already, make, count in files:
        path = directory / file_name
        if not path.exists():
            continue
        seen: set[tuple[int, str]] = set()
        for line, row in read_rows(path, columns):
            try:
                project_id = _project_id(projects, required(row, "project_code"))
                values = parse(row)
                if (project_id, values[0]) in seen:
                    raise ValueError(_("%(code)s: “%(value)s” is listed twice.",
                                       code=row["project_code"], value=values[0]))  # fmt: skip
            except ValueError as error:
                raise RowError(file_name, line, str(error)) from None
            seen.add((project_id, values[0]))
            if project_id not in already:
                new.append(make(project_id, values))
                counts[count] += 1
    session.add_all(new)
    session.flush()
    return counts


def _new_marker(project_id: int, values: tuple[str, int, str]) -> ProjectMarker:
    marker, score, justification = values
    return ProjectMarker(project_id=project_id, marker=marker, score=score,
                         justification=justification)  # fmt: skip


def _new_policy(project_id: int, values: tuple[str, int | None]) -> ProjectPolicyMarker:
    code, significance = values
    return ProjectPolicyMarker(project_id=project_id, vocabulary=OECD_DAC, code=code,
                               significance=significance)  # fmt: skip
