"""A project's results and markers for the JSON API's project detail, with the progress of
each indicator by the shared rule (``services.results.progress``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models.results import (
    IndicatorPeriod,
    ProjectMarker,
    ProjectPolicyMarker,
    ProjectResult,
    ResultIndicator,
)
from tracker.services.results.progress import Progress, indicator_progress


@dataclass(frozen=True)
class ProjectResults:
    """A project's results (with indicators, periods and breakdowns), markers and the
    progress of each indicator (indicator id -> Progress, None when not assessed)."""

    results: list[ProjectResult]
    progress: dict[int, Progress | None]
    policy_markers: list[ProjectPolicyMarker]
    markers: list[ProjectMarker]


def project_results(session: Session, project_id: int) -> ProjectResults:
    """Read in four queries; progress by the shared rule (``results.progress``)."""
    results = list(session.scalars(
        select(ProjectResult).where(ProjectResult.project_id == project_id)
        .options(selectinload(ProjectResult.indicators).selectinload(ResultIndicator.periods)
                 .selectinload(IndicatorPeriod.breakdowns))
        .order_by(ProjectResult.position, ProjectResult.id)))  # fmt: skip
    assessed = {i.id: indicator_progress(i) for r in results for i in r.indicators}
    return ProjectResults(
        results,
        assessed,
        list(session.scalars(
            select(ProjectPolicyMarker).where(ProjectPolicyMarker.project_id == project_id)
            .order_by(ProjectPolicyMarker.vocabulary, ProjectPolicyMarker.code))),
        list(session.scalars(
            select(ProjectMarker).where(ProjectMarker.project_id == project_id))),
    )  # fmt: skip
