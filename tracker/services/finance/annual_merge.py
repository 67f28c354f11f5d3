"""A stale save of annual figures, merged cell by cell with what others saved since.

The annual form sends the project's complete set of rows. Saved as it is after a colleague's
save, it would silently undo their changes to cells the user never touched. So a stale save
is refused (``replace_annual_figures`` raises ``VersionConflict``) and the form is shown
again with this merge, per (year, measure, funder), of three versions: the one the user
opened (its revision), the project now ("theirs") and the form ("mine"):

- only I changed a cell: mine; only they did: theirs;
- both changed it differently: mine is shown, and the cell is named as a conflict so the form
  says what they saved. Nothing is saved until the user saves again.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Organisation, Project
from tracker.services.finance import annual_log
from tracker.services.finance.annual import AnnualEntry, annual_entries
from tracker.services.portfolio import revisions

Key = tuple[int, str, int | None]


def merge_stale(
    session: Session, project: Project, opened_version: int, mine: Sequence[AnnualEntry]
) -> tuple[list[AnnualEntry], dict[Key, AnnualEntry | None]]:
    """The merged entries, and the cells both changed: key -> their entry (None: they
    removed it). Without the opened revision every difference is a conflict."""
    theirs = annual_entries(project)
    ids = {e.funder_id for e in [*theirs, *mine] if e.funder_id is not None}
    query = select(Organisation.id, Organisation.acronym).where(Organisation.id.in_(ids))
    acronyms = {row.id: row.acronym for row in session.execute(query)}
    opened = revisions.revision_of(project, opened_version)
    base = opened.snapshot if opened else None

    def snapshot_key(entry: AnnualEntry) -> str:
        funder = acronyms.get(entry.funder_id) if entry.funder_id is not None else None
        return annual_log.key(entry.year, entry.measure, funder)

    def text(entry: AnnualEntry | None) -> str:
        return "" if entry is None else annual_log.value(entry.amount, entry.correction, entry.note)

    their_rows = {e.key: e for e in theirs}
    my_rows = {e.key: e for e in mine}
    merged: list[AnnualEntry] = []
    conflicts: dict[Key, AnnualEntry | None] = {}
    for key in sorted(their_rows.keys() | my_rows.keys(), key=_order):
        their, my = their_rows.get(key), my_rows.get(key)
        was = None if base is None else base.get(snapshot_key(their or my), "")
        if text(their) == text(my) or (was is not None and text(my) == was):
            chosen = their
        elif was is not None and text(their) == was:
            chosen = my
        else:
            chosen = my
            conflicts[key] = their
        if chosen is not None:
            merged.append(chosen)
    return merged, conflicts


def _order(key: Key) -> tuple[int, str, int]:
    year, measure, funder = key
    return year, measure, funder or 0
