"""File names for downloads, named after what they hold: the filters in use and the day.

A name is safe anywhere (lower-case ASCII letters, digits, dots and hyphens), so it needs no
quoting rules in a Content-Disposition header and survives every file system. The day is
passed in (``today``) so the caller owns the clock.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from tracker.services.portfolio.activity import ActivityFilters
from tracker.services.register.filters import RegisterFilters
from tracker.vocabulary import STATUS_NAMES

MAX_PART = 40  # characters of one filter's words, e.g. a long search text
MAX_NAME = 200  # before the date and extension: file systems allow 255


def slug(text: str) -> str:
    """``text`` as lower-case ASCII words joined by hyphens ('UN Women' -> 'un-women')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _cut(re.sub(r"[^a-z0-9.]+", "-", ascii_text.lower()).strip("-."), MAX_PART)


def _cut(words: str, length: int) -> str:
    """At most ``length`` characters, cut between words where it can be."""
    if len(words) <= length:
        return words
    cut = words[: length + 1].rsplit("-", 1)[0] if "-" in words[:length] else words[:length]
    return cut.strip("-.")


def _years(word: str, first: int | None, last: int | None) -> str | None:
    if first is not None and last is not None:
        return f"{word}-{first}-{last}" if first != last else f"{word}-{first}"
    if first is not None:
        return f"{word}-from-{first}"
    if last is not None:
        return f"{word}-to-{last}"
    return None


def filter_words(filters: RegisterFilters) -> list[str]:
    """One part per filter in use, in the register's order of filters."""
    parts = [
        f"search-{slug(filters.q) or 'text'}" if filters.q else None,
        f"goal-{filters.goal}" if filters.goal is not None else None,
        f"target-{slug(filters.target)}" if filters.target else None,
        slug(STATUS_NAMES.get(filters.status, "")) if filters.status is not None else None,
        f"sector-{filters.sector}" if filters.sector else None,
        slug(filters.place) if filters.place else None,
        f"agency-{slug(filters.agency) or 'other'}" if filters.agency else None,
        f"funder-{slug(filters.funder) or 'other'}" if filters.funder else None,
        _years("starts", filters.start_from, filters.start_to),
        _years("ends", filters.end_from, filters.end_to),
        _years("active", filters.active_from, filters.active_to),
    ]
    return [part for part in parts if part]


def _named(words: list[str], today: date, extension: str) -> str:
    stem = _cut("-".join(words), MAX_NAME)
    return f"{stem}-{today.isoformat()}.{extension}"


def projects_file_name(
    filters: RegisterFilters, today: date, *, extension: str = "csv", kind: str | None = None
) -> str:
    """'sdg-projects-goal-13-implementation-2026-12-04.csv'; ``kind`` tells files of the same
    projects apart ('long', 'iati')."""
    return _named(["sdg-projects", *([kind] if kind else []), *filter_words(filters)], today,
                  extension)  # fmt: skip


def changes_file_name(filters: ActivityFilters, today: date) -> str:
    """'sdg-changes-last-30-days-by-demo-analyst-2026-12-04.csv'."""
    period = "all" if filters.days is None else f"last-{filters.days}-days"
    who = [f"by-{slug(filters.who) or 'someone'}"] if filters.who else []
    return _named(["sdg-changes", period, *who], today, "csv")


def finance_file_name(filters: RegisterFilters, today: date) -> str:
    """'sdg-finance-goal-13-2026-12-04.csv': the annual figures of the register's projects."""
    return _named(["sdg-finance", *filter_words(filters)], today, "csv")


def results_file_name(filters: RegisterFilters, today: date) -> str:
    """'sdg-results-goal-13-2026-12-04.csv': the indicators of the register's projects."""
    return _named(["sdg-results", *filter_words(filters)], today, "csv")
