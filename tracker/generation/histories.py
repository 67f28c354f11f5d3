"""Status histories of generated projects: changes consistent with the project's dates."""

from __future__ import annotations

import random
from datetime import date, timedelta

from tracker.generation.records import StatusEvent
from tracker.models.project import CLOSED, FINALISATION, IMPLEMENTATION, PIPELINE, SUSPENDED

SUSPENSION_CHANCE = 0.1

REASONS: dict[tuple[int | None, int], tuple[str, ...]] = {
    (None, PIPELINE): (
        "Concept note approved by the programme board",
        "Project identified in the Cooperation Framework joint work plan",
        "Project idea endorsed by the government partner",
    ),
    (PIPELINE, IMPLEMENTATION): (
        "Project document signed",
        "Implementation started",
        "Inception workshop held with national partners",
    ),
    (IMPLEMENTATION, FINALISATION): (
        "Activities completed; financial closure pending",
        "Final evaluation under way",
        "Last disbursement made; final report in preparation",
    ),
    (FINALISATION, CLOSED): ("Final report accepted", "Financial closure completed"),
    (IMPLEMENTATION, CLOSED): (
        "Final report accepted",
        "Project completed and closed",
        "Terminal evaluation completed; project closed",
    ),
    (IMPLEMENTATION, SUSPENDED): (
        "Implementation paused pending budget revision",
        "Activities suspended pending renewal of the partner agreement",
    ),
    (SUSPENDED, IMPLEMENTATION): (
        "Implementation resumed after budget revision",
        "Partner agreement renewed; activities resumed",
    ),
}


def status_history(
    rng: random.Random,
    status: int,
    planned_start: date,
    actual_start: date,
    actual_end: date | None,
    changed_by: str,
    as_of: date,
) -> tuple[StatusEvent, ...]:
    """Status changes oldest first, consistent with the dates and ending in `status`."""
    events: list[StatusEvent] = []

    def add(old: int | None, new: int, day: date) -> None:
        events.append(StatusEvent(old, new, day, changed_by, rng.choice(REASONS[old, new])))

    identified = min(actual_start, planned_start) - timedelta(days=rng.randint(21, 270))
    add(None, PIPELINE, identified)
    add(PIPELINE, IMPLEMENTATION, actual_start)
    if status == CLOSED:
        assert actual_end is not None
        if rng.random() < 0.5:
            add(IMPLEMENTATION, FINALISATION, actual_end - timedelta(days=rng.randint(14, 120)))
            add(FINALISATION, CLOSED, actual_end)
        else:
            add(IMPLEMENTATION, CLOSED, actual_end)
        return tuple(events)
    span = (as_of - actual_start).days
    if span > 120 and rng.random() < SUSPENSION_CHANCE:
        paused = actual_start + timedelta(days=rng.randint(30, span - 60))
        room = (as_of - paused).days - 1
        add(IMPLEMENTATION, SUSPENDED, paused)
        add(SUSPENDED, IMPLEMENTATION, paused + timedelta(days=rng.randint(14, min(240, room))))
    return tuple(events)
