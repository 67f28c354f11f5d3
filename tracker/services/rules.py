"""Rules a project must keep whichever way it arrives (seed, form, import)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from tracker.models.project import CLOSED

SHARE_TOTAL = Decimal("100")


def share_problem(shares: Sequence[Decimal | None]) -> str | None:
    """Shares within one dimension are all blank (equal split) or all given and sum to 100."""
    given = [share for share in shares if share is not None]
    if not given:
        return None
    if len(given) != len(shares):
        return "give a share for every item or leave them all blank"
    if any(share <= 0 or share > SHARE_TOTAL for share in given):
        return "each share must be more than 0 and at most 100"
    total = sum(given, Decimal("0"))
    if total != SHARE_TOTAL:
        return f"shares add up to {total}, not 100"
    return None


def date_problems(
    planned_start: date | None,
    planned_end: date | None,
    actual_start: date | None,
    actual_end: date | None,
) -> list[str]:
    problems = []
    if planned_start and planned_end and planned_end < planned_start:
        problems.append("the planned end is before the planned start")
    if actual_start and actual_end and actual_end < actual_start:
        problems.append("the actual end is before the actual start")
    return problems


def status_problem(status: int, actual_end: date | None) -> str | None:
    if status not in range(1, 7):
        return f"status {status} is not an IATI activity status (1 to 6)"
    if status == CLOSED and actual_end is None:
        return "a closed project needs an actual end date"
    return None


def history_problem(status: int, changes: Sequence[tuple[int | None, int, date]]) -> str | None:
    """A history (from, to, effective date), oldest first, must chain and end at ``status``."""
    if not changes:
        return "a project needs at least one status change in its history"
    previous_to: int | None = None
    previous_date: date | None = None
    for from_status, to_status, effective in changes:
        if from_status != previous_to:
            return f"a change from status {from_status} follows a change to {previous_to}"
        if from_status == to_status:
            return f"a change from status {from_status} to the same status"
        if previous_date and effective < previous_date:
            return f"the change on {effective} is dated before the one on {previous_date}"
        previous_to, previous_date = to_status, effective
    if previous_to != status:
        return f"the history ends at status {previous_to} but the project's status is {status}"
    return None


def effective_shares(shares: Sequence[Decimal | None]) -> list[Decimal]:
    """The shares as applied: the given ones, or an equal split when all are blank."""
    if not shares:
        return []
    if all(share is None for share in shares):
        return [SHARE_TOTAL / len(shares)] * len(shares)
    return [share or Decimal("0") for share in shares]
