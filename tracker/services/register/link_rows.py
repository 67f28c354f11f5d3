"""A batch of projects' link rows in one query, as plain values.

The register's pages and the CSV export both need every link of a few dozen or a thousand
projects; loading them as ORM objects took a quarter of a register page's time, so one
UNION ALL reads them all and the names come from the reference data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import String, cast, literal, null, select, union_all
from sqlalchemy.orm import Session

from tracker.models import (
    ProjectOrganisation,
    ProjectPlace,
    ProjectSector,
    ProjectTarget,
    ProjectText,
    StrategicDocument,
    project_documents,
)
from tracker.models.project import SHARE


@dataclass
class ProjectLinks:
    targets: list[tuple[int, Decimal | None]] = field(default_factory=list)  # (target id, share)
    sectors: list[tuple[str, Decimal | None]] = field(default_factory=list)  # (code, share)
    places: list[tuple[str, Decimal | None]] = field(default_factory=list)  # (code, share)
    organisations: list[tuple[int, int]] = field(default_factory=list)  # (organisation id, role)
    documents: list[str] = field(default_factory=list)  # document codes
    title: str = ""  # in the language asked for, if the project has it as a ProjectText


def link_rows(
    session: Session,
    project_ids: Sequence[int],
    *,
    documents: bool = False,
    title_language: str | None = None,
) -> dict[int, ProjectLinks]:
    """Every link of the projects (their strategic documents too, and their titles in
    ``title_language``, if asked), by project id."""  # fmt: skip
    no_share, no_role = cast(null(), SHARE), literal(0)
    kinds = [
        select(literal("t"), ProjectTarget.project_id, cast(ProjectTarget.target_id, String),
               no_role, ProjectTarget.share).where(ProjectTarget.project_id.in_(project_ids)),
        select(literal("s"), ProjectSector.project_id, ProjectSector.sector_code, no_role,
               ProjectSector.share).where(ProjectSector.project_id.in_(project_ids)),
        select(literal("p"), ProjectPlace.project_id, ProjectPlace.place_code, no_role,
               ProjectPlace.share).where(ProjectPlace.project_id.in_(project_ids)),
        select(literal("o"), ProjectOrganisation.project_id,
               cast(ProjectOrganisation.organisation_id, String), ProjectOrganisation.role,
               no_share).where(ProjectOrganisation.project_id.in_(project_ids)),
    ]  # fmt: skip
    if documents:
        kinds.append(
            select(literal("d"), project_documents.c.project_id, StrategicDocument.code, no_role,
                   no_share).join(StrategicDocument)
            .where(project_documents.c.project_id.in_(project_ids))
        )  # fmt: skip
    if title_language:
        kinds.append(
            select(literal("x"), ProjectText.project_id, ProjectText.title, no_role, no_share)
            .where(ProjectText.project_id.in_(project_ids),
                   ProjectText.language == title_language)
        )  # fmt: skip
    found = {project_id: ProjectLinks() for project_id in project_ids}
    for kind, project_id, key, role, share in session.execute(union_all(*kinds)):
        links = found[project_id]
        if kind == "t":
            links.targets.append((int(key), share))
        elif kind == "s":
            links.sectors.append((key, share))
        elif kind == "p":
            links.places.append((key, share))
        elif kind == "o":
            links.organisations.append((int(key), role))
        elif kind == "d":
            links.documents.append(key)
        else:
            links.title = key
    return found
