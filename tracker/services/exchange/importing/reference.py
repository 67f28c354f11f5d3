"""What an import checks records against, read once per import rather than once per row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import (
    Currency,
    Organisation,
    Place,
    Project,
    Sector,
    StatusChange,
    StrategicDocument,
    Target,
)
from tracker.services.database_limits import DatabaseLimits, database_limits


@dataclass(frozen=True)
class TargetRef:
    id: int
    code: str
    position: int


@dataclass(frozen=True)
class ImportReference:
    """The codelists and organisations, keyed the way files name them (case-insensitively
    where people type them)."""

    targets: dict[str, TargetRef]  # code -> target
    sectors: dict[str, bool]  # code -> withdrawn
    places: frozenset[str]
    currencies: dict[str, bool]  # code -> withdrawn
    organisations: dict[str, tuple[int, str]]  # lower-cased acronym -> (id, acronym)
    organisations_by_ref: dict[str, int]  # lower-cased IATI ref -> id
    organisations_by_name: dict[str, int]  # lower-cased name -> id
    organisations_with_ref: frozenset[int]  # ids of organisations with an IATI identifier
    acronyms: dict[int, str]  # id -> acronym
    documents: dict[str, tuple[int, str]]  # lower-cased code -> (id, code)
    document_codes: dict[int, str]  # id -> code
    limits: DatabaseLimits  # what the database can hold


def load_reference(session: Session) -> ImportReference:
    """A few hundred rows in seven queries, whatever the size of the file."""
    organisations = session.execute(
        select(Organisation.id, Organisation.acronym, Organisation.name, Organisation.iati_ref)
    ).all()
    documents = session.execute(select(StrategicDocument.id, StrategicDocument.code)).all()
    return ImportReference(
        targets={
            code: TargetRef(id_, code, position)
            for id_, code, position in session.execute(
                select(Target.id, Target.code, Target.position)
            )
        },
        sectors=dict(session.execute(select(Sector.code, Sector.withdrawn)).all()),
        places=frozenset(session.scalars(select(Place.code))),
        currencies=dict(session.execute(select(Currency.code, Currency.withdrawn)).all()),
        organisations={acronym.lower(): (id_, acronym) for id_, acronym, _, _ in organisations},
        organisations_by_ref={ref.lower(): id_ for id_, _, _, ref in organisations if ref},
        organisations_by_name={name.lower(): id_ for id_, _, name, _ in organisations},
        organisations_with_ref=frozenset(id_ for id_, _, _, ref in organisations if ref),
        acronyms={id_: acronym for id_, acronym, _, _ in organisations},
        documents={code.lower(): (id_, code) for id_, code in documents},
        document_codes={id_: code for id_, code in documents},
        limits=database_limits(session),
    )


def existing_codes(session: Session) -> dict[str, tuple[int, str]]:
    """Every project's lower-cased code -> (id, code): one narrow query, looked up in memory
    (codes are unique case-insensitively, as the form's rule has it)."""
    return {
        code.lower(): (id_, code) for id_, code in session.execute(select(Project.id, Project.code))
    }


def last_change_dates(session: Session, project_ids: list[int]) -> dict[int, date]:
    """The effective date of each project's latest status change, in batches."""
    found: dict[int, date] = {}
    for start in range(0, len(project_ids), 1000):
        batch = project_ids[start : start + 1000]
        found.update(
            session.execute(
                select(StatusChange.project_id, func.max(StatusChange.effective_date))
                .where(StatusChange.project_id.in_(batch))
                .group_by(StatusChange.project_id)
            ).all()
        )
    return found
