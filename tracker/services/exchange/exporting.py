"""The register's projects as plain records for export, streamed.

Exactly the register's selection in the register's order, each project followed by its
components (``with_components_select``: nothing is lost to the register's top-level list). Each
project's links come in the same row, aggregated by the database into one string per kind
(as a hand-written ``sqlite3 -csv`` export would do it), so the export is one streamed
statement: memory stays flat and no link row crosses into Python on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tracker.formats.csv_projects import ProjectRecord, TargetLink
from tracker.formats.records import OtherSector, Recipient
from tracker.models import (
    NOT_REAL_SOURCES,
    Project,
    ProjectOrganisation,
    ProjectOtherSector,
    ProjectPlace,
    ProjectRecipient,
    ProjectSector,
    ProjectTarget,
    ProjectText,
    StrategicDocument,
    project_documents,
)
from tracker.services.register.filters import RegisterFilters
from tracker.services.register.reference import RegisterReference, load_reference
from tracker.services.register.search import with_components_select
from tracker.vocabulary import ROLE_FIELDS, STATUS_NAMES

BATCH_SIZE = 1000
# IATI organisation roles -> the record's field.
PROJECT_COLUMNS = (
    Project.id, Project.code, Project.title, Project.description, Project.status,
    Project.planned_start, Project.planned_end, Project.actual_start, Project.actual_end,
    Project.budget, Project.currency, Project.source, Project.version, Project.updated_at,
)  # fmt: skip
# ASCII unit and record separators: no code, acronym or number contains them.
UNIT, RECORD = "\x1f", "\x1e"


def _aggregated(project_id: Any, *parts: ColumnElement, where: Any = None) -> Any:
    """One string per project: its link rows' ``parts`` joined by UNIT, rows by RECORD."""
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + UNIT + part
    statement = select(func.aggregate_strings(joined, RECORD)).where(project_id == Project.id)
    if where is not None:
        statement = statement.where(where)
    return statement.scalar_subquery()


def _text(column: Any) -> Any:
    return func.coalesce(cast(column, String), "")


LINK_COLUMNS = (
    _aggregated(ProjectTarget.project_id, _text(ProjectTarget.target_id),
                _text(ProjectTarget.share)).label("targets"),
    _aggregated(ProjectSector.project_id, ProjectSector.sector_code,
                _text(ProjectSector.share)).label("sectors"),
    _aggregated(ProjectPlace.project_id, ProjectPlace.place_code,
                _text(ProjectPlace.share)).label("places"),
    _aggregated(ProjectOrganisation.project_id, _text(ProjectOrganisation.organisation_id),
                _text(ProjectOrganisation.role)).label("organisations"),
    _aggregated(project_documents.c.project_id, StrategicDocument.code,
                where=StrategicDocument.id == project_documents.c.document_id).label("documents"),
)  # fmt: skip


# The language of the title and description, and the texts in other languages.
TEXT_COLUMNS = (
    Project.language,
    _aggregated(ProjectText.project_id, ProjectText.language, ProjectText.title,
                ProjectText.description).label("texts"),
)  # fmt: skip
# What only the IATI export writes: the recipients and sectors kept as IATI gave them
# (``with_iati=True``).
IATI_COLUMNS = (
    _aggregated(ProjectRecipient.project_id, ProjectRecipient.kind, ProjectRecipient.code,
                ProjectRecipient.vocabulary, ProjectRecipient.name,
                _text(ProjectRecipient.share)).label("recipients"),
    _aggregated(ProjectOtherSector.project_id, ProjectOtherSector.vocabulary,
                ProjectOtherSector.code, ProjectOtherSector.name,
                _text(ProjectOtherSector.share)).label("other_sectors"),
)  # fmt: skip
COMMON_WIDTH = len(PROJECT_COLUMNS) + len(LINK_COLUMNS) + len(TEXT_COLUMNS)


def _rows(text: str | None) -> list[list[str]]:
    return [row.split(UNIT) for row in text.split(RECORD)] if text else []


@cache
def _share(text: str) -> Decimal | None:
    """A share as the database wrote it ('50', '50.00', '33.33'); a portfolio has few."""
    return Decimal(text) if text else None


def export_records(
    session: Session,
    filters: RegisterFilters,
    *,
    batch_size: int = BATCH_SIZE,
    with_iati: bool = False,
) -> Iterator[ProjectRecord]:
    """The projects the register shows for ``filters`` (every page), in its order, each
    followed by its components (``parent_code`` names the project; the register lists
    projects only, an export loses nothing); ``with_iati`` adds the recipients and sectors
    kept as IATI gave them."""
    build = _RecordBuilder(load_reference(session))
    extra = IATI_COLUMNS if with_iati else ()
    columns = (*PROJECT_COLUMNS, *LINK_COLUMNS, *TEXT_COLUMNS, *extra)
    statement = with_components_select(filters, *columns)
    # Core rather than ORM execution: plain rows are all it needs, at two thirds of the cost.
    # Options for this statement only: set on the connection, they would stream (on PostgreSQL,
    # DECLARE a cursor for) every later statement of the transaction, INSERTs included.
    result = session.connection().execute(statement, execution_options={"yield_per": batch_size})
    for batch in result.partitions():
        for row in batch:
            record = build(row[:-1])
            record.parent_code = row[-1]
            yield record


def records_by_id(
    session: Session,
    project_ids: Sequence[int],
    *,
    batch_size: int = BATCH_SIZE,
    with_iati: bool = False,
) -> Iterator[tuple[int, ProjectRecord]]:
    """The given projects as (id, record), in no set order: what an import compares with."""
    build = _RecordBuilder(load_reference(session))
    extra = IATI_COLUMNS if with_iati else ()
    connection = session.connection()
    for start in range(0, len(project_ids), batch_size):
        batch = project_ids[start : start + batch_size]
        statement = select(*PROJECT_COLUMNS, *LINK_COLUMNS, *TEXT_COLUMNS, *extra).where(
            Project.id.in_(batch)
        )
        for row in connection.execute(statement):
            yield row[0], build(row)


class _RecordBuilder:
    """Turns a row into a record, its links in a stable order: targets as the SDGs number
    them, the rest by code or acronym. A portfolio repeats few distinct links, so each is
    built once and reused."""

    def __init__(self, names: RegisterReference) -> None:
        self.order = {target_id: index for index, target_id in enumerate(names.targets)}
        self.names = names
        self.targets: dict[tuple[str, str], tuple[int, TargetLink]] = {}
        self.acronyms = {key: name.acronym for key, name in names.organisations.items()}

    def target(self, key: str, share: str) -> tuple[int, TargetLink]:
        found = self.targets.get((key, share))
        if found is None:
            name = self.names.targets[int(key)]
            found = (self.order[int(key)], TargetLink(name.goal, name.code, _share(share)))
            self.targets[key, share] = found
        return found

    def __call__(self, row: Any) -> ProjectRecord:
        # Unpacked by position: a Row's attribute look-up costs more than the whole tuple.
        (_, code, title, description, status, planned_start, planned_end, actual_start,
         actual_end, budget, currency, source, version, updated_at,
         targets, sectors, places, organisations, documents, language,
         texts) = row[:COMMON_WIDTH]  # fmt: skip
        by_role: dict[str, list[str]] = defaultdict(list)
        for organisation_id, role in _rows(organisations):
            by_role[ROLE_FIELDS[int(role)]].append(self.acronyms[int(organisation_id)])
        record = ProjectRecord(
            code=code, title=title, description=description or "",
            status=status, status_name=STATUS_NAMES.get(status, ""),
            planned_start=planned_start, planned_end=planned_end,
            actual_start=actual_start, actual_end=actual_end,
            budget=budget, currency=currency,
            targets=tuple(link for _, link in sorted(
                self.target(key, share) for key, share in _rows(targets))),
            sectors=tuple(sorted((key, _share(share)) for key, share in _rows(sectors))),
            places=tuple(sorted((key, _share(share)) for key, share in _rows(places))),
            **{field: tuple(sorted(acronyms, key=str.lower))
               for field, acronyms in by_role.items()},
            documents=tuple(sorted(key for (key,) in _rows(documents))),
            source=source, is_illustrative=source in NOT_REAL_SOURCES,
            version=version, updated_at=updated_at, language=language or "en",
            texts=tuple(sorted((lang, title, text) for lang, title, text in _rows(texts))),
        )  # fmt: skip
        if len(row) > COMMON_WIDTH:
            _add_iati_parts(record, row[COMMON_WIDTH:])
        return record


def _add_iati_parts(record: ProjectRecord, parts: Sequence[Any]) -> None:
    recipients, other_sectors = parts
    record.recipients = tuple(
        sorted(
            (
                Recipient(kind, code, vocabulary, name, _share(share))
                for kind, code, vocabulary, name, share in _rows(recipients)
            ),
            key=lambda recipient: (recipient.kind, recipient.code),
        )
    )
    record.other_sectors = tuple(sorted(
        (OtherSector(vocabulary, code, name, _share(share))
         for vocabulary, code, name, share in _rows(other_sectors)),
        key=lambda sector: (sector.vocabulary, sector.code)))  # fmt: skip
