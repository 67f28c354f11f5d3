"""The register's projects as plain records for export, streamed in batches.

Exactly the register's selection in the register's order (``ordered_select``), read a batch
at a time with each batch's links in one query, so memory stays flat however many projects
match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import String, cast, literal, null, select, union_all
from sqlalchemy.orm import Session

from tracker.formats.csv_projects import ProjectRecord, TargetLink
from tracker.models import (
    NOT_REAL_SOURCES,
    Project,
    ProjectOrganisation,
    ProjectPlace,
    ProjectSector,
    ProjectTarget,
    StrategicDocument,
    project_documents,
)
from tracker.models.project import SHARE
from tracker.services.register import ordered_select
from tracker.services.register_filters import RegisterFilters
from tracker.services.register_reference import RegisterReference, load_reference
from tracker.services.statuses import STATUS_NAMES

BATCH_SIZE = 1000
# IATI organisation roles -> the record's field.
ROLE_FIELDS = {1: "funding", 2: "accountable", 3: "extending", 4: "implementing"}
PROJECT_COLUMNS = (
    Project.id, Project.code, Project.title, Project.description, Project.status,
    Project.planned_start, Project.planned_end, Project.actual_start, Project.actual_end,
    Project.budget, Project.currency, Project.source, Project.version, Project.updated_at,
)  # fmt: skip


def export_records(
    session: Session, filters: RegisterFilters, *, batch_size: int = BATCH_SIZE
) -> Iterator[ProjectRecord]:
    """The projects the register shows for ``filters`` (every page), in its order."""
    names = load_reference(session)
    target_order = {target_id: index for index, target_id in enumerate(names.targets)}
    statement = ordered_select(filters, *PROJECT_COLUMNS).execution_options(yield_per=batch_size)
    for batch in session.execute(statement).partitions():
        links = _links_of(session, [row.id for row in batch])
        for row in batch:
            yield _record(row, links.get(row.id, {}), names, target_order)


def _links_of(session: Session, project_ids: Sequence[int]) -> dict[int, dict[str, list]]:
    """Every link of a batch of projects in one query: kind, project, key, role, share."""
    share = cast(null(), SHARE)
    kinds = (
        select(literal("t"), ProjectTarget.project_id, cast(ProjectTarget.target_id, String),
               literal(0), ProjectTarget.share).where(ProjectTarget.project_id.in_(project_ids)),
        select(literal("s"), ProjectSector.project_id, ProjectSector.sector_code, literal(0),
               ProjectSector.share).where(ProjectSector.project_id.in_(project_ids)),
        select(literal("p"), ProjectPlace.project_id, ProjectPlace.place_code, literal(0),
               ProjectPlace.share).where(ProjectPlace.project_id.in_(project_ids)),
        select(literal("o"), ProjectOrganisation.project_id,
               cast(ProjectOrganisation.organisation_id, String), ProjectOrganisation.role,
               share).where(ProjectOrganisation.project_id.in_(project_ids)),
        select(literal("d"), project_documents.c.project_id, StrategicDocument.code, literal(0),
               share).join(StrategicDocument)
        .where(project_documents.c.project_id.in_(project_ids)),
    )  # fmt: skip
    found: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for kind, project_id, key, role, value in session.execute(union_all(*kinds)):
        found[project_id][kind].append((key, role, value))
    return found


def _record(
    row: Any, links: dict[str, list], names: RegisterReference, target_order: dict[int, int]
) -> ProjectRecord:
    """One record, its links in a stable order: targets as the SDGs number them, the rest
    by code or acronym."""
    targets = sorted(links.get("t", ()), key=lambda link: target_order[int(link[0])])
    organisations: dict[str, list[str]] = defaultdict(list)
    for organisation_id, role, _ in links.get("o", ()):
        organisations[ROLE_FIELDS[role]].append(names.organisations[int(organisation_id)].acronym)
    return ProjectRecord(
        code=row.code, title=row.title, description=row.description or "",
        status=row.status, status_name=STATUS_NAMES.get(row.status, ""),
        planned_start=row.planned_start, planned_end=row.planned_end,
        actual_start=row.actual_start, actual_end=row.actual_end,
        budget=row.budget, currency=row.currency,
        targets=tuple(TargetLink(names.targets[int(key)].goal, names.targets[int(key)].code, share)
                      for key, _, share in targets),
        sectors=tuple((code, share) for code, _, share in sorted(links.get("s", ()))),
        places=tuple((code, share) for code, _, share in sorted(links.get("p", ()))),
        **{field: tuple(sorted(acronyms, key=str.lower))
           for field, acronyms in organisations.items()},
        documents=tuple(sorted(code for code, _, _ in links.get("d", ()))),
        source=row.source, is_illustrative=row.source in NOT_REAL_SOURCES,
        version=row.version, updated_at=row.updated_at,
    )  # fmt: skip
