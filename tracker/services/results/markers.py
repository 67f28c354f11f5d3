"""Coding a project with the UN Gender Equality and Human Rights Markers and IATI policy
markers: the rules, and the save that records a revision.

``MarkerCode(score, justification)``: a UN marker as a person gives it; ``score`` None is
"not yet coded" (the project then has no row), which is not the same as 0.
``save_markers(session, project, un_markers, policy, *, editor, expected_version)`` makes the
project's markers exactly these (policy: code -> significance, vocabulary 1; None removes a
row), records a revision when something changed, and flushes; the caller commits. Raises
``MarkersInvalid`` (``.problems``: field -> message; nothing changed) or
``revisions.VersionConflict`` when the project moved on since the form was opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from tracker.models import Project, User
from tracker.models.results import MARKER_SCORES, UN_MARKERS, ProjectMarker, ProjectPolicyMarker
from tracker.services.portfolio import revisions
from tracker.services.results.marker_codes import (
    ACTION_PROGRAMME,
    DESERTIFICATION,
    MARKER_NAMES,
    OECD_DAC,
    POLICY_MARKERS,
    POLICY_SIGNIFICANCES,
)

JUSTIFICATION_MAX = 2000


@dataclass(frozen=True)
class MarkerCode:
    """A UN marker's score (None: not yet coded) and why it was given."""

    score: int | None
    justification: str = ""


class MarkersInvalid(Exception):
    """Some marker breaks a rule; ``problems`` maps the field at fault to the message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def current_codes(project: Project) -> dict[str, MarkerCode]:
    """The project's UN markers as codes, "not yet coded" included."""
    rows = {row.marker: row for row in project.markers}
    return {
        marker: MarkerCode(rows[marker].score, rows[marker].justification)
        if marker in rows else MarkerCode(None)
        for marker in UN_MARKERS
    }  # fmt: skip


def current_policy(project: Project) -> dict[str, int | None]:
    """The project's OECD DAC policy markers: code -> significance."""
    return {m.code: m.significance for m in project.policy_markers if m.vocabulary == OECD_DAC}


def check_markers(
    un_markers: Mapping[str, MarkerCode], policy: Mapping[str, int | None]
) -> dict[str, str]:
    """Every problem of the markers, by field ("gender", "human_rights", "policy-<code>")."""
    problems: dict[str, str] = {}
    for marker, code in un_markers.items():
        name = str(MARKER_NAMES[marker])
        if code.score is None:
            continue
        if code.score not in MARKER_SCORES:
            problems[marker] = _("%(marker)s: the score should be 0, 1, 2 or 3.", marker=name)
        elif code.score >= 1 and not code.justification.strip():
            problems[marker] = _("%(marker)s: say why the project scores %(score)s; a score of "
                                 "1, 2 or 3 needs a justification.", marker=name,
                                 score=code.score)  # fmt: skip
        elif len(code.justification) > JUSTIFICATION_MAX:
            problems[marker] = _("%(marker)s: the justification should be at most %(count)s "
                                 "characters.", marker=name, count=JUSTIFICATION_MAX)  # fmt: skip
    for code, significance in policy.items():
        if significance is None:
            continue
        field = f"policy-{code}"
        if code not in POLICY_MARKERS:
            problems[field] = _("“%(code)s” is not an OECD DAC policy marker.", code=code)
        elif significance not in POLICY_SIGNIFICANCES:
            problems[field] = _("The significance should be 0, 1, 2, 3 or 4.")
        elif significance == ACTION_PROGRAMME and code != DESERTIFICATION:
            problems[field] = _("%(marker)s: significance 3 (“principal objective and in support "
                                "of an action programme”) is for desertification only; choose "
                                "2 for a principal objective.",
                                marker=str(POLICY_MARKERS[code]))  # fmt: skip
    return problems


def save_markers(
    session: Session,
    project: Project,
    un_markers: Mapping[str, MarkerCode],
    policy: Mapping[str, int | None],
    *,
    editor: User,
    expected_version: int,
) -> bool:
    """Make the project's markers these; see the module's docstring. Returns whether
    anything changed."""
    revisions.check_version(project, expected_version)
    problems = check_markers(un_markers, policy)
    if problems:
        raise MarkersInvalid(problems)
    revisions.ensure_baseline(session, project)
    before = revisions.snapshot(project)
    with session.no_autoflush:  # one UPDATE of the project, so its version moves on by one
        _sync_un_markers(project, un_markers)
        _sync_policy(project, policy)
    if revisions.snapshot(project) == before:
        return False
    revisions.touch(project, editor)
    session.flush()
    revisions.record(session, project, editor)
    return True


def _sync_un_markers(project: Project, un_markers: Mapping[str, MarkerCode]) -> None:
    rows = {row.marker: row for row in project.markers}
    for marker, code in un_markers.items():
        row = rows.get(marker)
        if code.score is None:
            if row is not None:
                project.markers.remove(row)
        elif row is None:
            justification = code.justification.strip()
            project.markers.append(
                ProjectMarker(marker=marker, score=code.score, justification=justification)
            )
        else:
            row.score, row.justification = code.score, code.justification.strip()


def _sync_policy(project: Project, policy: Mapping[str, int | None]) -> None:
    """Codelist rows set, changed or removed; markers of other vocabularies (from IATI
    files) and codes the form did not offer are kept as they are."""
    rows = {m.code: m for m in project.policy_markers if m.vocabulary == OECD_DAC}
    for code, significance in policy.items():
        row = rows.get(code)
        if significance is None:
            if row is not None:
                project.policy_markers.remove(row)
        elif row is None:
            project.policy_markers.append(
                ProjectPolicyMarker(vocabulary=OECD_DAC, code=code, significance=significance)
            )
        else:
            row.significance = significance
