"""The register's marker filters in SQL: UN Gender Equality / Human Rights Marker scores
("not yet coded" is no row, not 0) and OECD DAC policy markers."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from tracker.models import Project
from tracker.models.results import ProjectMarker, ProjectPolicyMarker
from tracker.services.register.filters import CODED, HIGH_SCORES, NOT_CODED


def with_marker(marker: str, value: str) -> ColumnElement[bool]:
    """Projects coded with a UN ``marker`` as ``value`` asks (a score, "2-3", "coded"), or
    not yet coded with it."""
    coded = select(ProjectMarker.project_id).where(ProjectMarker.marker == marker)
    if value == NOT_CODED:
        return Project.id.not_in(coded)
    if value == HIGH_SCORES:
        coded = coded.where(ProjectMarker.score >= 2)
    elif value != CODED:
        coded = coded.where(ProjectMarker.score == int(value))
    return Project.id.in_(coded)


def with_policy_marker(code: str) -> ColumnElement[bool]:
    """Projects with the OECD DAC policy marker ``code`` as a significant or principal
    objective (significance 1 or more; 0 is "not targeted")."""
    return Project.id.in_(
        select(ProjectPolicyMarker.project_id).where(
            ProjectPolicyMarker.vocabulary == "1",
            ProjectPolicyMarker.code == code,
            ProjectPolicyMarker.significance >= 1,
        )
    )
