"""The register's filters: what a register URL asks for, parsed and validated.

Dashboards use the same filters, so a figure's drill-down opens exactly its projects.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

# An agency is accountable, extending or implementing (IATI roles); the register lists the UN's.
AGENCY_ROLES, FUNDING_ROLE = (2, 3, 4), 1
PER_PAGE_CHOICES, DEFAULT_PER_PAGE = (25, 50, 100), 50
# Sortable columns and the direction a first click on each sorts in.
SORT_COLUMNS = {
    "code": "asc", "title": "asc", "status": "asc", "agencies": "asc", "goals": "asc",
    "sectors": "asc", "places": "asc", "start": "desc", "end": "desc", "budget": "desc",
}  # fmt: skip
DEFAULT_SORT = "start"
MAX_QUERY_LENGTH, YEARS = 200, range(1950, 2101)
# Filters that narrow the set of projects (the rest order and page it).
FILTER_FIELDS = ("q", "status", "goal", "target", "sector", "place", "agency", "funder",
                 "start_from", "start_to", "end_from", "end_to", "active_from",
                 "active_to")  # fmt: skip
_NUMBERS = {  # parameter: (label, allowed values)
    "status": ("Status", range(1, 7)), "goal": ("SDG goal", range(1, 18)),
    "start_from": ("Start year", YEARS), "start_to": ("Start year", YEARS),
    "end_from": ("End year", YEARS), "end_to": ("End year", YEARS),
    "active_from": ("Active year", YEARS), "active_to": ("Active year", YEARS),
    "per_page": ("Rows per page", PER_PAGE_CHOICES), "page": ("Page", range(1, 1_000_001)),
}  # fmt: skip
_WORDS = {  # parameter: (label, pattern after normalising, what a valid value looks like)
    "target": ("SDG target", r"\d{1,2}\.(\d{1,2}|[a-z])", "like 3.8 or 13.a"),
    "sector": ("Sector category", r"\d{3}", "a 3-digit DAC code like 121"),
    "place": ("Region", r"[A-Z0-9-]{1,16}", "a place code like KZ-75"),
    "agency": ("Agency", r"[\w .&'()-]{1,40}", "an organisation's acronym like UNDP"),
    "funder": ("Funder", r"[\w .&'()-]{1,40}", "an organisation's acronym like GEF"),
    "sort": ("Sort column", "|".join(SORT_COLUMNS), "one of " + ", ".join(SORT_COLUMNS)),
    "dir": ("Sort direction", "asc|desc", "asc or desc"),
}  # fmt: skip


def _allowed(values: range | tuple) -> str:
    if isinstance(values, range):
        last = values.stop - 1
        return f"a number from {values.start}" + (f" to {last}" if last < 10_000 else " up")
    return ", ".join(map(str, values[:-1])) + f" or {values[-1]}"


@dataclass(frozen=True)
class RegisterFilters:
    """What a register URL asks for; every field is a query-string parameter (``dir`` too)."""

    q: str = ""
    status: int | None = None
    goal: int | None = None
    target: str | None = None
    sector: str | None = None
    place: str | None = None
    agency: str | None = None  # organisation acronym, in an agency role
    funder: str | None = None  # organisation acronym, in the funding role
    start_from: int | None = None
    start_to: int | None = None
    end_from: int | None = None
    end_to: int | None = None
    active_from: int | None = None  # running at some time in these years (dashboards)
    active_to: int | None = None
    sort: str = DEFAULT_SORT
    direction: str = SORT_COLUMNS[DEFAULT_SORT]
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> tuple[RegisterFilters, list[str]]:
        """Parse query-string arguments; a bad value is left out and explained in a problem."""
        problems: list[str] = []
        values: dict[str, Any] = {}
        q = " ".join((args.get("q") or "").split())
        if len(q) > MAX_QUERY_LENGTH:
            problems.append(f"The search text was cut to its first {MAX_QUERY_LENGTH} characters.")
        values["q"] = q[:MAX_QUERY_LENGTH]
        for name, (label, allowed) in _NUMBERS.items():
            if raw := (args.get(name) or "").strip():
                if raw.isascii() and raw.isdigit() and int(raw) in allowed:
                    values[name] = int(raw)
                else:
                    problems.append(f"{label} “{raw[:40]}” should be {_allowed(allowed)}; ignored.")
        for name, (label, pattern, looks_like) in _WORDS.items():
            if raw := (args.get(name) or "").strip():
                value = raw.lower() if name == "target" else raw.upper() if name == "place" else raw
                if re.fullmatch(pattern, value):
                    values["direction" if name == "dir" else name] = value
                else:
                    problems.append(f"{label} “{raw[:40]}” should be {looks_like}; ignored.")
        values.setdefault("direction", SORT_COLUMNS[values.get("sort", DEFAULT_SORT)])
        for first, last in (("start_from", "start_to"), ("end_from", "end_to"),
                            ("active_from", "active_to")):  # fmt: skip
            if first in values and last in values and values[first] > values[last]:
                values[first], values[last] = values[last], values[first]
                problems.append(f"The {first[:-5]} years were the wrong way round; now swapped.")
        return cls(**values), problems

    @property
    def is_filtered(self) -> bool:
        return any(getattr(self, name) for name in FILTER_FIELDS)

    def url_args(self, **changes: Any) -> dict[str, Any]:
        """Query-string arguments for these filters with ``changes``, leaving out defaults."""
        changed = replace(self, **changes)
        args = {}
        for field in fields(changed):
            value = getattr(changed, field.name)
            default = SORT_COLUMNS[changed.sort] if field.name == "direction" else field.default
            if value not in (None, "") and value != default:
                args["dir" if field.name == "direction" else field.name] = value
        return args

    def sort_args(self, column: str) -> dict[str, Any]:
        """Arguments for a column header's link: the column's own direction, or the reverse."""
        reverse = "asc" if self.direction == "desc" else "desc"
        direction = reverse if column == self.sort else SORT_COLUMNS[column]
        return self.url_args(sort=column, direction=direction, page=1)
