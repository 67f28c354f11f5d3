"""The recent changes as a CSV file: one row per changed field, for a spreadsheet.

Same conventions as the projects' CSV (UTF-8 with a byte-order mark, ``\\r\\n``, cells a
spreadsheet would run neutralised). Values are as the project's revisions keep them:
statuses by code, dates as YYYY-MM-DD, amounts with two decimals. A project created in the
tracker is one row with ``change`` = ``created`` and no field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC
from typing import TYPE_CHECKING

from tracker.formats.csv_projects import csv_chunks

if TYPE_CHECKING:  # the services' record of a change, written out here
    from tracker.services.portfolio.activity import Activity

CHANGE_COLUMNS = (
    "changed_at", "changed_by", "project_code", "project_title", "change", "field",
    "before", "after", "status_effective_date", "status_reason",
)  # fmt: skip


def _moment(entry: Activity) -> str:
    moment = entry.revision.changed_at
    if moment.tzinfo:  # PostgreSQL answers in the session's zone; SQLite keeps naive UTC
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def change_rows(entry: Activity) -> list[list[str]]:
    head = [_moment(entry), entry.revision.changed_by, entry.project.code, entry.project.title]
    if entry.created:
        return [[*head, "created", "", "", "", "", ""]]
    moved = entry.status_change
    return [
        [*head, "changed", change.field, change.before, change.after,
         moved.effective_date.isoformat() if moved and change.field == "status" else "",
         moved.reason if moved and change.field == "status" else ""]
        for change in entry.changes
    ]  # fmt: skip


def changes_csv(entries: Iterable[Activity]) -> Iterator[bytes]:
    """The header, then the changes' rows, in encoded chunks."""
    return csv_chunks(CHANGE_COLUMNS, (change_rows(entry) for entry in entries))
