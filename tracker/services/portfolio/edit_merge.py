"""Saving an edit made on an older version: merge by field instead of refusing or reverting.

The form says which version the user opened. Comparing three snapshots per field, the one
opened (the revision of that version), the project now ("theirs") and the form ("mine"):

- only I changed it: my value is applied;
- only they changed it: their value is kept (the form's stale value is ignored);
- both changed it to different values: a conflict, which the user resolves by choosing
  "theirs" or "mine" for that field before anything is saved.

Nothing anyone saved is lost: a field is overwritten only by a change its user made.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Organisation, Project, StrategicDocument, Target, User
from tracker.services.portfolio import revisions
from tracker.services.portfolio.project_texts import other_language_texts
from tracker.services.portfolio.projects import ProjectData, ProjectInvalid, update_project

# The fields of the edit form, as revision snapshots name them; lists count as one field.
EDIT_FIELDS = ("code", "title", "description", "planned_start", "planned_end", "actual_start",
               "actual_end", "budget", "currency", "targets", "sectors", "places",
               "organisations", "documents", "texts", "parent")  # fmt: skip
# Where ProjectData keeps a snapshot field, when the name differs.
DATA_ATTRIBUTES = {"documents": "document_ids", "parent": "parent_code"}
THEIRS, MINE, SAME, CONFLICT = "theirs", "mine", "same", "conflict"


@dataclass(frozen=True)
class FieldConflict:
    """A field both changed: their value (who saved it, when) and the user's."""

    field: str
    theirs: str
    mine: str
    who: str
    when: datetime | None
    currency_theirs: str = ""
    currency_mine: str = ""


@dataclass(frozen=True)
class KeptChange:
    """A field only the other person changed: kept as they saved it."""

    field: str
    before: str
    after: str
    who: str
    when: datetime | None
    currency_before: str = ""
    currency_after: str = ""


class EditConflict(Exception):
    """Fields both changed and the user has not chosen yet; nothing was saved.

    ``merged`` is what the form should show now: their changes where only they changed
    something, the user's entries elsewhere."""

    def __init__(self, project: Project, merged: ProjectData, conflicts: list[FieldConflict],
                 kept: list[KeptChange]) -> None:  # fmt: skip
        super().__init__(", ".join(c.field for c in conflicts))  # the fields, for logs
        self.project, self.merged, self.conflicts, self.kept = project, merged, conflicts, kept


class MergedInvalid(ProjectInvalid):
    """The merged project breaks a rule (say, dates out of order across both edits)."""

    def __init__(self, problems: dict[str, list[str]], merged: ProjectData) -> None:
        super().__init__(problems)
        self.merged = merged


def decide(base: dict[str, str] | None, theirs: dict[str, str], mine: dict[str, str],
           choices: dict[str, str] | None = None) -> dict[str, str]:  # fmt: skip
    """Per edit field: whose value to save (``theirs``/``mine``), ``same`` when both agree,
    or ``conflict``. ``base`` is the snapshot the user opened (None when it is unknown:
    every difference is then a conflict). ``choices`` are the user's answers to earlier
    conflicts (field -> "theirs", "mine" or "" for not answered yet)."""
    choices = choices or {}
    decisions = {}
    for field in EDIT_FIELDS:
        was = None if base is None else base.get(field, "")
        now, typed = theirs.get(field, ""), mine.get(field, "")
        if now == typed:
            decisions[field] = SAME
        elif field in choices:
            decisions[field] = choices[field] if choices[field] in (THEIRS, MINE) else CONFLICT
        elif was is not None and typed == was:
            decisions[field] = THEIRS
        elif was is not None and now == was:
            decisions[field] = MINE
        else:
            decisions[field] = CONFLICT
    return decisions


def project_data(project: Project) -> ProjectData:
    """The project as the edit form holds it."""
    return ProjectData(
        code=project.code,
        title=project.title,
        description=project.description or "",
        planned_start=project.planned_start,
        planned_end=project.planned_end,
        actual_start=project.actual_start,
        actual_end=project.actual_end,
        budget=Decimal(project.budget),
        currency=project.currency,
        targets=[(link.target.code, link.share) for link in project.targets],
        sectors=[(link.sector_code, link.share) for link in project.sectors],
        places=[(link.place_code, link.share) for link in project.places],
        organisations=[(link.organisation_id, link.role) for link in project.organisations],
        document_ids=[document.id for document in project.documents],
        texts=other_language_texts(project),
        parent_code=project.parent.code if project.parent else "",
    )


def data_snapshot(session: Session, data: ProjectData, project: Project) -> dict[str, str]:
    """The edit fields of ``data`` written as ``revisions.snapshot`` writes a project, so
    a form compares with the revisions field by field."""

    def text(value) -> str:
        return "" if value is None else str(value)

    def shares(pairs, order=None) -> str:
        ordered = sorted(pairs, key=lambda pair: order(pair[0]) if order else pair[0])
        return ", ".join(f"{code}{revisions.share_text(share)}" for code, share in ordered)

    codes = [code for code, _share in data.targets]
    positions = dict(session.execute(
        select(Target.code, Target.position).where(Target.code.in_(codes))
    ).all())  # fmt: skip
    acronyms = dict(session.execute(
        select(Organisation.id, Organisation.acronym)
        .where(Organisation.id.in_([oid for oid, _role in data.organisations]))
    ).all())  # fmt: skip
    documents = session.scalars(
        select(StrategicDocument.code).where(StrategicDocument.id.in_(data.document_ids))
    ).all()
    texts = data.texts if data.texts is not None else other_language_texts(project)
    return {
        "code": data.code.strip(),
        "title": data.title,
        "description": data.description or "",
        "planned_start": text(data.planned_start),
        "planned_end": text(data.planned_end),
        "actual_start": text(data.actual_start),
        "actual_end": text(data.actual_end),
        "budget": f"{Decimal(data.budget):.2f}",
        "currency": data.currency,
        "targets": shares(data.targets, lambda code: positions.get(code, 0)),
        "sectors": shares(data.sectors),
        "places": shares(data.places),
        "organisations": "; ".join(
            sorted(
                f"{revisions.ROLE_LABELS[role]}: {acronyms.get(oid, oid)}"
                for oid, role in data.organisations
            )
        ),  # fmt: skip
        "documents": ", ".join(sorted(documents)),
        "texts": revisions.texts_text(texts) if texts else "",
        "parent": (
            data.parent_code.strip()
            if data.parent_code is not None
            else (project.parent.code if project.parent else "")
        ),
    }


def last_change(project: Project, field: str, since: int | None) -> tuple[str, datetime | None]:
    """Who last changed ``field`` after version ``since``, and when (the newest revision
    that changed it; the newest revision at all when none did, as for older snapshots)."""
    ordered = sorted(project.revisions, key=lambda r: r.version)
    for previous, current in reversed(list(zip(ordered, ordered[1:], strict=False))):
        if since is not None and current.version <= since:
            break
        if previous.snapshot.get(field, "") != current.snapshot.get(field, ""):
            return current.changed_by, current.changed_at
    latest = ordered[-1] if ordered else None
    return (latest.changed_by, latest.changed_at) if latest else ("", None)


def _merge(theirs: ProjectData, mine: ProjectData, fields: set[str]) -> ProjectData:
    return replace(theirs, **{DATA_ATTRIBUTES.get(f, f): getattr(mine, DATA_ATTRIBUTES.get(f, f))
                              for f in fields})  # fmt: skip


def save_edit(session: Session, project: Project, data: ProjectData, user: User, *,
              opened_version: int, choices: dict[str, str] | None = None,
              today: date | None = None) -> list[KeptChange]:  # fmt: skip
    """Save the form's ``data``, made on ``opened_version``, merged field by field with what
    others saved since; flushes. Returns the other people's changes that were kept.

    Raises ``EditConflict`` (nothing saved) while a field changed on both sides waits for
    the user's choice, and ``MergedInvalid`` when the merged project breaks a rule."""
    theirs = revisions.snapshot(project)
    mine = data_snapshot(session, data, project)
    moved = project.version != opened_version
    opened = revisions.revision_of(project, opened_version) if moved else None
    base = (opened.snapshot if opened else None) if moved else theirs
    decisions = decide(base, theirs, mine, choices)
    kept = [
        KeptChange(field, base.get(field, ""), theirs.get(field, ""),
                   *last_change(project, field, opened_version),
                   base.get("currency", ""), theirs["currency"])
        for field, decision in decisions.items()
        if decision == THEIRS and base is not None and base.get(field, "") != theirs.get(field, "")
    ]  # fmt: skip
    conflicts = [field for field, decision in decisions.items() if decision == CONFLICT]
    merged = _merge(project_data(project), data,
                    {f for f, d in decisions.items() if d in (MINE, CONFLICT)})  # fmt: skip
    if conflicts:
        found = []
        for field in conflicts:
            who, when = last_change(project, field, opened_version if opened else None)
            found.append(FieldConflict(field, theirs.get(field, ""), mine.get(field, ""), who,
                                       when, theirs["currency"], mine["currency"]))  # fmt: skip
        raise EditConflict(project, merged, found, kept)
    try:
        update_project(session, project, merged, user, expected_version=project.version,
                       today=today)  # fmt: skip
    except ProjectInvalid as invalid:
        raise MergedInvalid(invalid.problems, merged) from None
    return kept
