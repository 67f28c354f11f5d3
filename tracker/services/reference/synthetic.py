"""A synthetic portfolio of any size, for benchmarks, in a database of its own.

It uses the generator of the illustrative seed, so links, shares and histories follow the
same distributions; every record is marked ``synthetic`` and its code starts with SYNTH.
Rows go in through bulk Core inserts, in batches, so 100,000 projects fit in seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice

from flask_babel import gettext as _
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from tracker.config import SEED_DIR
from tracker.generation.portfolio import iter_projects
from tracker.generation.records import GeneratedProject
from tracker.models import (
    Organisation,
    Project,
    ProjectOrganisation,
    ProjectPlace,
    ProjectSector,
    ProjectTarget,
    StatusChange,
    StrategicDocument,
    Target,
    project_documents,
)
from tracker.services.reference.data import load_reference
from tracker.services.reference.synthetic_money import add_synthetic_annual_figures
from tracker.services.schema import upgrade_database

# The seed's mix: 200 completed to 35 active.
COMPLETED_SHARE = 200 / 235
BATCH = 2_000


class NotASyntheticDatabase(Exception):
    """The target database holds real or illustrative projects; synthetic ones never mix."""


def _batches(items: Iterator[GeneratedProject], size: int) -> Iterator[list[GeneratedProject]]:
    while batch := list(islice(items, size)):
        yield batch


def build_synthetic_portfolio(
    engine: Engine,
    projects: int,
    *,
    seed: int = 7,
    progress: Callable[[int], None] | None = None,
    annual_years: int = 5,
) -> int:
    """Migrate ``engine``'s database, load reference data and add ``projects`` synthetic ones,
    each with ``annual_years`` years of annual figures (0: none).

    Returns the number of projects added. Refuses a database that has other projects.
    """
    upgrade_database(engine)
    with Session(engine) as session:
        others = session.scalar(
            select(func.count()).select_from(Project).where(Project.source != "synthetic")
        )
        if others:
            raise NotASyntheticDatabase(
                _(
                    "The database holds %(count)s projects that are not synthetic; give the "
                    "synthetic portfolio a database of its own.",
                    count=others,
                )  # fmt: skip
            )
        load_reference(session, SEED_DIR / "reference")
        session.commit()
        target_ids = dict(session.execute(select(Target.code, Target.id)).all())
        organisation_ids = dict(
            session.execute(select(Organisation.acronym, Organisation.id)).all()
        )
        document_ids = dict(
            session.execute(select(StrategicDocument.code, StrategicDocument.id)).all()
        )
        next_id = (session.scalar(select(func.max(Project.id))) or 0) + 1
        run = session.scalar(select(func.count()).select_from(Project))

    n_completed = round(projects * COMPLETED_SHARE)
    generated = iter_projects(
        n_completed, projects - n_completed, seed=seed + run, source="synthetic",
        code_prefix=f"SYNTH{run or ''}",
    )  # fmt: skip
    added = 0
    with engine.begin() as connection:
        for batch in _batches(generated, BATCH):
            rows = _rows(batch, next_id, target_ids, organisation_ids, document_ids)
            for table, values in rows:
                if values:
                    connection.execute(insert(table), values)
            next_id += len(batch)
            added += len(batch)
            if progress:
                progress(len(batch))
        if connection.dialect.name == "postgresql":
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('projects', 'id'), max(id)) FROM projects"
                )
            )
    if annual_years:
        add_synthetic_annual_figures(engine, annual_years)
    return added


def _rows(batch, first_id, target_ids, organisation_ids, document_ids):
    projects, targets, sectors, places, organisations, documents, history = ([] for _ in range(7))
    for offset, p in enumerate(batch):
        pid = first_id + offset
        projects.append({
            "id": pid, "code": p.code, "title": p.title, "description": p.description,
            "status": p.status, "planned_start": p.planned_start, "planned_end": p.planned_end,
            "actual_start": p.actual_start, "actual_end": p.actual_end, "budget": p.budget,
            "currency": p.currency, "source": p.source, "version": 1,
        })  # fmt: skip
        targets += [
            {"project_id": pid, "target_id": target_ids[t.code], "share": t.share}
            for t in p.targets
        ]
        sectors += [{"project_id": pid, "sector_code": s.code, "share": s.share} for s in p.sectors]
        places += [{"project_id": pid, "place_code": x.code, "share": x.share} for x in p.places]
        organisations += [
            {"project_id": pid, "organisation_id": organisation_ids[o.organisation], "role": o.role}
            for o in p.organisations
        ]
        documents += [{"project_id": pid, "document_id": document_ids[d]} for d in p.documents]
        history += [
            {"project_id": pid, "from_status": e.from_status, "to_status": e.to_status,
             "effective_date": e.effective_date, "changed_by": e.changed_by, "reason": e.reason}
            for e in p.history
        ]  # fmt: skip
    return (
        (Project.__table__, projects),
        (ProjectTarget.__table__, targets),
        (ProjectSector.__table__, sectors),
        (ProjectPlace.__table__, places),
        (ProjectOrganisation.__table__, organisations),
        (project_documents, documents),
        (StatusChange.__table__, history),
    )
