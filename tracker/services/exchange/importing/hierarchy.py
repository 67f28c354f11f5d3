"""The hierarchy an IATI file describes: each output (hierarchy 2) is a component of its
project (hierarchy 1), linked by ``related-activity`` type 1 (parent) or type 2 (child)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from tracker.formats.records import CHILD, PARENT, WARNING, ImportRecord, Problem

if TYPE_CHECKING:
    from tracker.services.exchange.importing.planned import PlannedProject


def plan_parents(
    records: Sequence[ImportRecord],
    existing: dict[str, tuple[int, str]],
    problems: list[Problem],
) -> dict[str, str | None]:
    """Each IATI record's parent, by the record's ``where``: the code of the project it is a
    component of, or None for a top-level project. The parent is named by the record's own
    ``related-activity`` type 1, or by another activity's type 2 naming it; it may be in the
    file (before or after) or already in the tracker. A parent found in neither is a
    warning. Records of a format without relations are not in the result."""
    in_file: dict[str, str] = {}
    for record in records:
        if record.related is not None:
            in_file.setdefault(record.identifier.lower() or record.code.lower(), record.code)
            in_file.setdefault(record.code.lower(), record.code)

    def code_of(ref: str, record: ImportRecord) -> str | None:
        own = ref.removeprefix(f"{record.reporting_ref}-") if record.reporting_ref else ref
        for candidate in (ref.lower(), own.lower()):
            if candidate in in_file:
                return in_file[candidate]
            if candidate in existing:
                return existing[candidate][1]
        return None

    named_by_parent: dict[str, str] = {}  # child code (lower) -> parent code
    for record in records:
        for link in record.related or ():
            if link.type == CHILD:
                child = code_of(link.ref, record)
                if child is not None:
                    named_by_parent.setdefault(child.lower(), record.code)
    parents: dict[str, str | None] = {}
    for record in records:
        if record.related is None:
            continue
        parent = None
        for link in record.related:
            if link.type != PARENT:
                continue
            parent = code_of(link.ref, record)
            if parent is None:
                message = _("The parent activity %(ref)s is neither in the file nor in the "
                            "tracker; the project is imported without it.",
                            ref=link.ref)  # fmt: skip
                problems.append(
                    Problem(record.where, "related-activity", WARNING, message, record.code)
                )
            break
        if parent is None:
            parent = named_by_parent.get(record.code.lower())
        if parent is not None and parent.lower() == record.code.lower():
            parent = None  # an activity cannot be its own component
        parents[record.where] = parent
    _break_circles(records, parents, problems)
    return parents


def _break_circles(
    records: Sequence[ImportRecord], parents: dict[str, str | None], problems: list[Problem]
) -> None:
    """Activities that name each other as parents (A in B, B in A) would leave no top-level
    project: the link that closes the circle is dropped, with a warning."""
    by_code = {r.code.lower(): r.where for r in records if r.where in parents}
    for record in records:
        if record.where not in parents:
            continue
        seen, code = {record.code.lower()}, parents[record.where]
        while code is not None and code.lower() in by_code:
            if code.lower() in seen:
                message = _("The activities name each other as parents; %(code)s is imported "
                            "as a top-level project.", code=record.code)  # fmt: skip
                problems.append(
                    Problem(record.where, "related-activity", WARNING, message, record.code)
                )
                parents[record.where] = None
                break
            seen.add(code.lower())
            code = parents[by_code[code.lower()]]


def check_parents(
    planned: Sequence[PlannedProject], existing: dict[str, tuple[int, str]], problems: list
) -> None:
    """A parent that is neither in the tracker nor imported with the file (it was skipped)
    cannot be linked: the component is imported without it, and a warning says so."""
    coming = {p.code.lower() for p in planned} | set(existing)
    for project in planned:
        if project.parent and project.parent.lower() not in coming:
            message = _("The parent activity %(code)s is skipped, so the project is imported "
                        "without it.", code=project.parent)  # fmt: skip
            problems.append(
                Problem(project.where, "related-activity", WARNING, message, project.code)
            )
            project.parent = None
