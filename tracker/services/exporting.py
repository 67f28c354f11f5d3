"""The register's projects as plain records for export, streamed in batches.

Exactly the register's selection in the register's order (``ordered_select``), read a batch
at a time with each batch's links in one query, so memory stays flat however many projects
match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from tracker.formats.csv_projects import ProjectRecord, TargetLink
from tracker.models import (
    NOT_REAL_SOURCES,
    Project,
)
from tracker.services.link_rows import ProjectLinks, link_rows
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
        links = link_rows(session, [row.id for row in batch], documents=True)
        for row in batch:
            yield _record(row, links[row.id], names, target_order)


def _record(
    row: Any, links: ProjectLinks, names: RegisterReference, target_order: dict[int, int]
) -> ProjectRecord:
    """One record, its links in a stable order: targets as the SDGs number them, the rest
    by code or acronym."""
    targets = sorted(links.targets, key=lambda link: target_order[link[0]])
    organisations: dict[str, list[str]] = defaultdict(list)
    for organisation_id, role in links.organisations:
        organisations[ROLE_FIELDS[role]].append(names.organisations[organisation_id].acronym)
    return ProjectRecord(
        code=row.code, title=row.title, description=row.description or "",
        status=row.status, status_name=STATUS_NAMES.get(row.status, ""),
        planned_start=row.planned_start, planned_end=row.planned_end,
        actual_start=row.actual_start, actual_end=row.actual_end,
        budget=row.budget, currency=row.currency,
        targets=tuple(TargetLink(names.targets[key].goal, names.targets[key].code, share)
                      for key, share in targets),
        sectors=tuple(sorted(links.sectors)),
        places=tuple(sorted(links.places)),
        **{field: tuple(sorted(acronyms, key=str.lower))
           for field, acronyms in organisations.items()},
        documents=tuple(sorted(links.documents)),
        source=row.source, is_illustrative=row.source in NOT_REAL_SOURCES,
        version=row.version, updated_at=row.updated_at,
    )  # fmt: skip
