"""Rules a project must keep whichever way it arrives (seed, form, import).

Each rule answers with a whole sentence in the reader's language (the command line's
language outside a request), or None when the rule holds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from flask_babel import gettext as _

from tracker.models.project import CLOSED
from tracker.vocabulary import SHARE_TOTAL


def share_problem(shares: Sequence[Decimal | None]) -> str | None:
    """Shares within one dimension are all blank (equal split) or all given and sum to 100."""
    given = [share for share in shares if share is not None]
    if not given:
        return None
    if len(given) != len(shares):
        return _("Give a share for every item or leave them all blank.")
    if any(share <= 0 or share > SHARE_TOTAL for share in given):
        return _("Each share must be more than 0 and at most 100.")
    total = sum(given, Decimal("0"))
    if total != SHARE_TOTAL:
        return _("Shares add up to %(total)s, not 100.", total=format(total.normalize(), "f"))
    return None


def date_problems(
    planned_start: date | None,
    planned_end: date | None,
    actual_start: date | None,
    actual_end: date | None,
) -> list[str]:
    problems = []
    if planned_start and planned_end and planned_end < planned_start:
        problems.append(_("The planned end is before the planned start."))
    if actual_start and actual_end and actual_end < actual_start:
        problems.append(_("The actual end is before the actual start."))
    return problems


def status_problem(status: int, actual_end: date | None) -> str | None:
    if status not in range(1, 7):
        return _("Status %(status)s is not an IATI activity status (1 to 6).", status=status)
    if status == CLOSED and actual_end is None:
        return _("A closed project needs an actual end date.")
    return None


def history_problem(status: int, changes: Sequence[tuple[int | None, int, date]]) -> str | None:
    """A history (from, to, effective date), oldest first, must chain and end at ``status``."""
    if not changes:
        return _("A project needs at least one status change in its history.")
    previous_to: int | None = None
    previous_date: date | None = None
    for from_status, to_status, effective in changes:
        if from_status != previous_to:
            return _("A change from status %(from_status)s follows a change to %(to_status)s.",
                     from_status=from_status, to_status=previous_to)  # fmt: skip
        if from_status == to_status:
            return _("A change from status %(status)s to the same status.", status=from_status)
        if previous_date and effective < previous_date:
            return _("The change on %(date)s is dated before the one on %(previous)s.",
                     date=effective, previous=previous_date)  # fmt: skip
        previous_to, previous_date = to_status, effective
    if previous_to != status:
        return _("The history ends at status %(last)s but the project's status is %(status)s.",
                 last=previous_to, status=status)  # fmt: skip
    return None


class ParentFacts(NamedTuple):
    """What the component rules need about a chosen parent project and the project itself."""

    parent_id: int | None  # None: no project has the code
    parents_parent_id: int | None  # the chosen parent's own parent
    has_components: bool  # the project being saved has components of its own


def parent_problem(code: str, project_id: int | None, facts: ParentFacts) -> str | None:
    """A component belongs to a top-level project, one level deep: not to itself, not to
    one of its own components, and a project with components is no component."""
    if facts.parent_id is None:
        return _("There is no project with the code %(code)s.", code=code)
    if project_id is not None and facts.parent_id == project_id:
        return _("A project cannot be a component of itself.")
    if project_id is not None and facts.parents_parent_id == project_id:
        return _("%(code)s is a component of this project, so it cannot also be its parent.",
                 code=code)  # fmt: skip
    if facts.parents_parent_id is not None:
        return _("%(code)s is itself a component of another project; choose a top-level "
                 "project (components have no components).", code=code)  # fmt: skip
    if facts.has_components:
        return _("This project has components of its own, so it cannot be a component "
                 "(one level only).")  # fmt: skip
    return None
