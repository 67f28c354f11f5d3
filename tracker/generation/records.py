"""Records of a generated (illustrative) project and their CSV form.

`GeneratedProject` and its link records are what `tracker.generation.portfolio` yields;
`write_portfolio_csv` streams them into the seven seed CSV files (UTF-8, header row, RFC 4180
quoting, `\n` line ends) described by `CSV_COLUMNS`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True, slots=True)
class CodeShare:
    """A link to an SDG target, DAC sector or place code with an optional percentage share."""

    code: str
    share: Decimal | None


@dataclass(frozen=True, slots=True)
class OrganisationRole:
    """An organisation (by acronym) in one IATI role (1 Funding ... 4 Implementing)."""

    organisation: str
    role: int


@dataclass(frozen=True, slots=True)
class StatusEvent:
    """One status change; from_status is None for the first."""

    from_status: int | None
    to_status: int
    effective_date: date
    changed_by: str
    reason: str


@dataclass(frozen=True, slots=True)
class GeneratedProject:
    """One illustrative project with all its links; `theme` is the key of its Theme."""

    code: str
    title: str
    description: str
    status: int
    planned_start: date
    planned_end: date
    actual_start: date
    actual_end: date | None
    budget: Decimal
    currency: str
    source: str
    theme: str
    targets: tuple[CodeShare, ...]
    sectors: tuple[CodeShare, ...]
    places: tuple[CodeShare, ...]
    organisations: tuple[OrganisationRole, ...]
    documents: tuple[str, ...]
    history: tuple[StatusEvent, ...]


CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "projects.csv": (
        "code", "title", "description", "status", "planned_start", "planned_end",
        "actual_start", "actual_end", "budget", "currency", "source",
    ),
    "project_targets.csv": ("project_code", "target_code", "share"),
    "project_sectors.csv": ("project_code", "sector_code", "share"),
    "project_places.csv": ("project_code", "place_code", "share"),
    "project_organisations.csv": ("project_code", "organisation", "role"),
    "project_documents.csv": ("project_code", "document_code"),
    "status_history.csv": (
        "project_code", "from_status", "to_status", "effective_date", "changed_by", "reason",
    ),
}  # fmt: skip


def _text(value: object) -> str:
    """CSV cell: '' for None, ISO for dates, plain str otherwise (Decimals keep 2 places)."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def project_rows(project: GeneratedProject) -> Iterator[tuple[str, list[str]]]:
    """(file name, row) pairs for one project, in the column order of CSV_COLUMNS."""
    p = project
    yield "projects.csv", [
        _text(value)
        for value in (
            p.code, p.title, p.description, p.status, p.planned_start, p.planned_end,
            p.actual_start, p.actual_end, p.budget, p.currency, p.source,
        )
    ]  # fmt: skip
    for name, links in (
        ("project_targets.csv", p.targets),
        ("project_sectors.csv", p.sectors),
        ("project_places.csv", p.places),
    ):
        for link in links:
            yield name, [p.code, link.code, _text(link.share)]
    for org in p.organisations:
        yield "project_organisations.csv", [p.code, org.organisation, str(org.role)]
    for document in p.documents:
        yield "project_documents.csv", [p.code, document]
    for event in p.history:
        yield (
            "status_history.csv",
            [
                p.code,
                _text(event.from_status),
                str(event.to_status),
                event.effective_date.isoformat(),
                event.changed_by,
                event.reason,
            ],
        )


def write_portfolio_csv(
    projects: Iterable[GeneratedProject], directory: Path | str
) -> dict[str, int]:
    """Stream projects into the seven CSV files in `directory`; return data rows per file."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(CSV_COLUMNS, 0)
    with ExitStack() as stack:
        writers = {}
        for name, columns in CSV_COLUMNS.items():
            handle = stack.enter_context((directory / name).open("w", encoding="utf-8", newline=""))
            writers[name] = csv.writer(handle, lineterminator="\n")
            writers[name].writerow(columns)
        for project in projects:
            for name, row in project_rows(project):
                writers[name].writerow(row)
                counts[name] += 1
    return counts
