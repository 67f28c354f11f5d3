"""Project revisions: a readable snapshot per saved version, and what changed in between.

They serve two purposes: the project page shows who changed what and when, and a save
based on an older version is refused with the changes made since that version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Project, ProjectRevision, User
from tracker.models.base import utcnow
from tracker.services.finance import annual_log
from tracker.services.results import results_log

# English, as the snapshots store them; pages show ROLE_NAMES and FIELD_NAMES.
ROLE_LABELS = {1: "Funding", 2: "Accountable", 3: "Extending", 4: "Implementing"}
ROLE_NAMES = {1: _l("Funding"), 2: _l("Accountable"), 3: _l("Extending"),
              4: _l("Implementing")}  # fmt: skip

FIELD_LABELS = {
    "code": "Code",
    "title": "Title",
    "description": "Description",
    "status": "Status",
    "planned_start": "Planned start",
    "planned_end": "Planned end",
    "actual_start": "Actual start",
    "actual_end": "Actual end",
    "budget": "Budget",
    "currency": "Currency",
    "targets": "SDG targets",
    "sectors": "Sectors",
    "places": "Places",
    "organisations": "Organisations",
    "documents": "Strategic documents",
    "language": "Language",
    "texts": "Texts in other languages",
    "recipients": "Other recipient countries and regions",
    "other_sectors": "Sectors in other vocabularies",
    "parent": "Part of project",
}
FIELD_NAMES = {
    "code": _l("Code"), "title": _l("Title"), "description": _l("Description"),
    "status": _l("Status"), "planned_start": _l("Planned start"),
    "planned_end": _l("Planned end"), "actual_start": _l("Actual start"),
    "actual_end": _l("Actual end"), "budget": _l("Budget"), "currency": _l("Currency"),
    "targets": _l("SDG targets"), "sectors": _l("Sectors"), "places": _l("Places"),
    "organisations": _l("Organisations"), "documents": _l("Strategic documents"),
    "language": _l("Language"), "texts": _l("Texts in other languages"),
    "recipients": _l("Other recipient countries and regions"),
    "other_sectors": _l("Sectors in other vocabularies"),
    "parent": _l("Part of project"),
}  # fmt: skip


def field_name(field: str) -> str:
    """A changed field's name in the reader's language."""
    if annual_log.is_annual(field):
        return annual_log.field_label(field)
    if results_log.is_results(field):
        return results_log.field_label(field)
    return str(FIELD_NAMES.get(field, field))


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str
    # The currency on each side, so a budget reads as money ("USD 1,250,000.50").
    currency_before: str = ""
    currency_after: str = ""


class VersionConflict(Exception):
    """The project was saved by someone else since the user loaded it."""

    def __init__(self, project: Project, expected: int, changes: list[FieldChange], who: list[str],
                 when: datetime | None = None):  # fmt: skip
        super().__init__(f"project {project.code} is at version {project.version}, not {expected}")
        self.project, self.expected, self.changes, self.who = project, expected, changes, who
        self.when = when  # the latest of those saves


def _share(share: Decimal | None) -> str:
    return f" ({share.normalize():f}%)" if share is not None else ""


def snapshot(project: Project) -> dict[str, str]:
    """The project's fields as text, the way a reader compares two versions."""

    def text(value) -> str:
        return "" if value is None else str(value)

    organisations = sorted(
        f"{ROLE_LABELS[link.role]}: {link.organisation.acronym}" for link in project.organisations
    )
    return {
        "code": project.code,
        "title": project.title,
        "description": project.description or "",
        "status": text(project.status),
        "planned_start": text(project.planned_start),
        "planned_end": text(project.planned_end),
        "actual_start": text(project.actual_start),
        "actual_end": text(project.actual_end),
        "budget": f"{Decimal(project.budget):.2f}",
        "currency": project.currency,
        "targets": ", ".join(
            f"{link.target.code}{_share(link.share)}"
            for link in sorted(project.targets, key=lambda link: link.target.position)
        ),
        "sectors": ", ".join(
            f"{link.sector_code}{_share(link.share)}"
            for link in sorted(project.sectors, key=lambda link: link.sector_code)
        ),
        "places": ", ".join(
            f"{link.place_code}{_share(link.share)}"
            for link in sorted(project.places, key=lambda link: link.place_code)
        ),
        "organisations": "; ".join(organisations),
        "documents": ", ".join(sorted(document.code for document in project.documents)),
        # Only a component names its project, so older snapshots (and an import's plan,
        # which compares its own states) read the same for projects of their own.
        **({"parent": project.parent.code} if project.parent else {}),
        **iati_parts(
            project.language,
            {text.language: (text.title, text.description) for text in project.texts},
            project.recipients,
            project.other_sectors,
        ),
        **annual_log.annual_snapshot(project.annual_figures, project.currency),
        **results_log.results_snapshot(project),
    }


def iati_parts(language: str | None, texts: dict, recipients, other_sectors) -> dict[str, str]:
    """What IATI files add to a project, as text; only what differs from a project made in
    the form (language en, nothing else), so older snapshots compare the same."""
    parts = {}
    if language and language != "en":
        parts["language"] = language
    if texts:
        parts["texts"] = texts_text(texts)
    if recipients:
        parts["recipients"] = ", ".join(
            sorted(
                f"{r.kind} {r.code}{_vocabulary(r.vocabulary)}{_share(r.share)}" for r in recipients
            )
        )
    if other_sectors:
        parts["other_sectors"] = ", ".join(
            sorted(f"{o.code}{_vocabulary(o.vocabulary)}{_share(o.share)}" for o in other_sectors)
        )
    return parts


def texts_text(texts: dict[str, tuple[str, str]]) -> str:
    """Titles and descriptions in other languages, as a snapshot holds them."""
    return "; ".join(
        f"{lang}: {title} / {description}" for lang, (title, description) in sorted(texts.items())
    )


def share_text(share: Decimal | None) -> str:
    """A link's share as a snapshot writes it after the code: ' (50%)', or nothing."""
    return _share(share)


def _vocabulary(vocabulary: str) -> str:
    return f" [vocabulary {vocabulary}]" if vocabulary else ""


def diff(before: dict[str, str], after: dict[str, str]) -> list[FieldChange]:
    # An entry written only when there is something to say (annual rows, results, a
    # component's project) is a change when it goes; the other fields are always there.
    removed = {field: "" for field in before if field not in after}
    return [
        FieldChange(
            field,
            _english_label(field),
            before.get(field, ""),
            value,
            before.get("currency", ""),
            after.get("currency", ""),
        )  # fmt: skip
        for field, value in (after | removed).items()
        if before.get(field, "") != value
    ]


def _english_label(field: str) -> str:
    if annual_log.is_annual(field):
        return annual_log.english_label(field)
    if results_log.is_results(field):
        return results_log.english_label(field)
    return FIELD_LABELS.get(field, field)


def _revision(session: Session, project: Project, version: int) -> ProjectRevision | None:
    return session.scalar(
        select(ProjectRevision).where(
            ProjectRevision.project_id == project.id, ProjectRevision.version == version
        )
    )


def ensure_baseline(session: Session, project: Project) -> None:
    """Before the first tracked change, keep the project as it is (seeded or imported)."""
    if project.id is None or _revision(session, project, project.version):
        return
    author = project.updated_by or project.created_by
    project.revisions.append(
        ProjectRevision(
            version=project.version,
            changed_by_id=author.id if author else None,
            changed_by=author.label if author else _source_label(project.source),
            changed_at=project.updated_at,
            snapshot=snapshot(project),
        )
    )


# Authors that are not users (seeded and imported records), as pages name them.
AUTHOR_NAMES = {"Illustrative seed": _l("Illustrative seed"),
                "Synthetic generator": _l("Synthetic generator"), "Import": _l("Import"),
                "Unknown": _l("Unknown")}  # fmt: skip


def author_name(label: str) -> str:
    """Who made a change, for a page: a user's name as stored, a source in words."""
    return str(AUTHOR_NAMES[label]) if label in AUTHOR_NAMES else label


def _source_label(source: str) -> str:
    return {
        "seed_illustration": "Illustrative seed",
        "synthetic": "Synthetic generator",
        "import": "Import",
    }.get(source, "Unknown")


def check_version(project: Project, expected_version: int) -> None:
    """Refuse a save based on an older version, listing what changed since then."""
    if project.version == expected_version:
        return
    old = _revision_by_version(project, expected_version)
    changes = diff(old.snapshot, snapshot(project)) if old else []
    since = [r for r in project.revisions if r.version > expected_version]
    who = sorted({r.changed_by for r in since})
    when = max((r.changed_at for r in since if r.changed_at), default=None)
    raise VersionConflict(project, expected_version, changes, who, when)


def conflict_since(project: Project, opened_version: int) -> VersionConflict | None:
    """What others saved since the user opened ``opened_version``; None if nothing."""
    try:
        check_version(project, opened_version)
    except VersionConflict as conflict:
        return conflict
    return None


def revision_of(project: Project, version: int) -> ProjectRevision | None:
    """The project's revision of ``version``, from its loaded revisions."""
    return _revision_by_version(project, version)


def _revision_by_version(project: Project, version: int) -> ProjectRevision | None:
    return next((r for r in project.revisions if r.version == version), None)


def touch(project: Project, user: User) -> None:
    """Mark the project changed, so its row is updated and its version moves on."""
    project.updated_at = utcnow()
    project.updated_by_id = user.id


def record(
    session: Session, project: Project, user: User, *, flush: bool = True
) -> ProjectRevision:
    """Append the snapshot of the version just flushed (or, for a project not yet inserted,
    of the version 1 it will get)."""
    revision = ProjectRevision(
        version=project.version if project.version is not None else 1,
        changed_by_id=user.id,
        changed_by=user.label,
        snapshot=snapshot(project),
    )
    project.revisions.append(revision)
    if flush:
        session.flush()
    return revision


def change_log(project: Project) -> list[tuple[ProjectRevision, list[FieldChange]]]:
    """Each saved version after the first with the fields it changed, newest first."""
    entries = []
    ordered = sorted(project.revisions, key=lambda r: r.version)
    for previous, current in zip(ordered, ordered[1:], strict=False):
        entries.append((current, diff(previous.snapshot, current.snapshot)))
    return entries[::-1]
