"""A small cache of computed figures, valid until the portfolio's data changes.

The key of every entry includes a stamp of the data (number of projects, newest change),
read with one cheap query, so an edit, status change or import makes old figures unreachable.
It also includes the reader's language: cached figures and pages carry translated titles and
labels, and a Kazakh reader must not get the page an English reader left behind.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.i18n import current_language
from tracker.models import ExchangeRate, Organisation, Project, ResultsChange
from tracker.models.results import ProjectMarker, ProjectPolicyMarker

MAX_ENTRIES = 256
_entries: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()


def data_stamp(session: Session) -> tuple:
    """Changes whenever a project is added, removed, edited or changes status, and when an
    exchange rate, an organisation or a project's markers are added, removed or changed,
    and on every write to the results tables (a counter the database's triggers raise:
    see models/changes.py).

    Every save raises a project's version, so the sum of versions moves even when a clock
    does not (the database's and the app's clocks may disagree, or be set back). Rates and
    organisations have no version: their count, newest id and sums of what an edit alters
    (the rates, the lengths of sources, names and identifiers) stand in for one."""

    def scalar(*columns):
        return select(*columns).scalar_subquery()

    name_lengths = (
        func.length(Organisation.name) + func.length(Organisation.acronym)
        + func.coalesce(func.length(Organisation.iati_ref), 0)
    )  # fmt: skip
    stamp = session.execute(
        select(
            func.count(), func.max(Project.updated_at), func.max(Project.id),
            func.sum(Project.version),
            scalar(func.count(ExchangeRate.id)), scalar(func.max(ExchangeRate.id)),
            scalar(func.sum(ExchangeRate.rate)),
            scalar(func.sum(func.length(ExchangeRate.source))),
            scalar(func.count(Organisation.id)), scalar(func.sum(name_lengths)),
            # Markers written without a project save (seed, imports): rows and scores.
            scalar(func.count(ProjectMarker.project_id)),
            scalar(func.sum(ProjectMarker.score * ProjectMarker.project_id)),
            scalar(func.count(ProjectPolicyMarker.project_id)),
            scalar(func.sum(func.coalesce(ProjectPolicyMarker.significance, 9)
                            * ProjectPolicyMarker.project_id)),
            scalar(func.max(ResultsChange.version)),
        ).select_from(Project)
    ).one()  # fmt: skip
    return (session.get_bind().url.render_as_string(), *(str(value) for value in stamp))


def cached(session: Session, key: Hashable, compute: Callable[[], Any]) -> Any:
    full_key = (key, current_language(), data_stamp(session))
    with _lock:
        if full_key in _entries:
            _entries.move_to_end(full_key)
            return _entries[full_key]
    value = compute()
    with _lock:
        _entries[full_key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
