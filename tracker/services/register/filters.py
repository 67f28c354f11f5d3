"""The register's filters: what a register URL asks for, parsed and validated.

Dashboards use the same filters, so a figure's drill-down opens exactly its projects.
Problems are in English unless the caller passes a translating function (pages pass
gettext; the API and the command line keep English).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any


def N_(message: str) -> str:
    """Marks a message for the catalogue; it is translated where it is used."""
    return message


def english(message: str, **values: Any) -> str:
    """The untranslated message with its values, as gettext would fill them in."""
    return message % values if values else message


Translate = Callable[..., str]

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
                 "active_to", "currency", "document", "figures_year",
                 "funded_by", "gender_marker", "human_rights_marker",
                 "policy_marker")  # fmt: skip
# The UN markers' filter values: a score, "2-3", coded with any score, or not yet coded (no
# marker row, which is not 0).
NOT_CODED, CODED, HIGH_SCORES = "not_coded", "coded", "2-3"
MARKER_VALUES = (NOT_CODED, CODED, "0", "1", "2", "3", HIGH_SCORES)
_NUMBERS = {  # parameter: (label, allowed values)
    "status": (N_("Status"), range(1, 7)), "goal": (N_("SDG goal"), range(1, 18)),
    "start_from": (N_("Start year"), YEARS), "start_to": (N_("Start year"), YEARS),
    "end_from": (N_("End year"), YEARS), "end_to": (N_("End year"), YEARS),
    "active_from": (N_("Active year"), YEARS), "active_to": (N_("Active year"), YEARS),
    "per_page": (N_("Rows per page"), PER_PAGE_CHOICES),
    "page": (N_("Page"), range(1, 1_000_001)),
    "figures_year": (N_("Fiscal year"), YEARS),
    "funded_by": (N_("Funder of available money"), range(1, 2_000_000_000)),
}  # fmt: skip
_WORDS = {  # parameter: (pattern after normalising, the problem with a value that does not fit)
    "target": (r"\d{1,2}\.(\d{1,2}|[a-z])",
               N_("SDG target “%(value)s” should be like 3.8 or 13.a; ignored.")),
    "sector": (r"\d{3}",
               N_("Sector category “%(value)s” should be a 3-digit DAC code like 121; ignored.")),
    "place": (r"[A-Z0-9-]{1,16}", N_("Region “%(value)s” should be a place code like KZ-75; "
                                     "ignored.")),
    "agency": (r"[\w .&'()-]{1,40}", N_("Agency “%(value)s” should be an organisation's "
                                        "acronym like UNDP; ignored.")),
    "funder": (r"[\w .&'()-]{1,40}", N_("Funder “%(value)s” should be an organisation's "
                                        "acronym like GEF; ignored.")),
    "document": (r"[\w .:/()-]{1,40}", N_("Strategic document “%(value)s” should be a "
                                          "document's code; ignored.")),
    "gender_marker": ("|".join(MARKER_VALUES),
                      N_("Gender Equality Marker “%(value)s” should be a score 0 to 3, 2-3, "
                         "coded or not_coded; ignored.")),
    "human_rights_marker": ("|".join(MARKER_VALUES),
                            N_("Human Rights Marker “%(value)s” should be a score 0 to 3, 2-3, "
                               "coded or not_coded; ignored.")),
    "policy_marker": (r"[1-9]|1[0-2]", N_("Policy marker “%(value)s” should be an OECD DAC "
                                         "policy marker code from 1 to 12; ignored.")),
    "currency": (r"[A-Z]{3}", N_("Currency “%(value)s” should be a 3-letter code like USD; "
                                 "ignored.")),
    "sort": ("|".join(SORT_COLUMNS),
             N_("Sort column “%(value)s” should be one of %(columns)s; ignored.")),
    "dir": ("asc|desc", N_("Sort direction “%(value)s” should be asc or desc; ignored.")),
}  # fmt: skip
_SWAPPED = {
    "start": N_("The start years were the wrong way round; now swapped."),
    "end": N_("The end years were the wrong way round; now swapped."),
    "active": N_("The active years were the wrong way round; now swapped."),
}


def _not_allowed(_: Translate, label: str, raw: str, values: range | tuple) -> str:
    """The problem with a number outside ``values``, in the caller's language."""
    label, value = _(label), raw[:40]
    if isinstance(values, tuple):
        return _(
            "%(label)s “%(value)s” should be %(some)s or %(last)s; ignored.",
            label=label,
            value=value,
            some=", ".join(map(str, values[:-1])),
            last=values[-1],
        )
    last = values.stop - 1
    if last >= 10_000:
        return _(
            "%(label)s “%(value)s” should be a number from %(first)s up; ignored.",
            label=label,
            value=value,
            first=values.start,
        )
    return _("%(label)s “%(value)s” should be a number from %(first)s to %(last)s; ignored.",
             label=label, value=value, first=values.start, last=last)  # fmt: skip


def marker_filter(marker: str) -> str:
    """The register parameter of a UN marker ("gender" -> "gender_marker")."""
    return f"{marker}_marker"


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
    currency: str | None = None  # ISO 4217 code of the budget (dashboards: budgets shown in it)
    document: str | None = None  # code of a strategic document the project is aligned to
    # With annual figures (required, available or spent; its own or its components') in
    # this fiscal year; with ``funded_by``, available money from that funder in that year.
    figures_year: int | None = None
    funded_by: int | None = None  # organisation id: the funder of some available money
    gender_marker: str | None = None  # one of MARKER_VALUES
    human_rights_marker: str | None = None
    policy_marker: str | None = None  # OECD DAC code, with significance 1 or more
    sort: str = DEFAULT_SORT
    direction: str = SORT_COLUMNS[DEFAULT_SORT]
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_args(
        cls, args: Mapping[str, str], _: Translate = english
    ) -> tuple[RegisterFilters, list[str]]:
        """Parse query-string arguments; a bad value is left out and explained in a problem
        (translated by ``_``, e.g. flask_babel's gettext; named so the messages are extracted)."""
        problems: list[str] = []
        values: dict[str, Any] = {}
        q = " ".join((args.get("q") or "").replace("\x00", " ").split())  # no text holds NUL
        if len(q) > MAX_QUERY_LENGTH:
            problems.append(_("The search text was cut to its first %(count)s characters.",
                              count=MAX_QUERY_LENGTH))  # fmt: skip
        values["q"] = q[:MAX_QUERY_LENGTH]
        for name, (label, allowed) in _NUMBERS.items():
            if raw := (args.get(name) or "").strip():
                if raw.isascii() and raw.isdigit() and int(raw) in allowed:
                    values[name] = int(raw)
                else:
                    problems.append(_not_allowed(_, label, raw, allowed))
        for name, (pattern, problem) in _WORDS.items():
            if raw := (args.get(name) or "").strip():
                value = (raw.lower() if name == "target"
                         else raw.upper() if name in ("place", "currency") else raw)  # fmt: skip
                if re.fullmatch(pattern, value):
                    values["direction" if name == "dir" else name] = value
                else:
                    problems.append(_(problem, value=raw[:40], columns=", ".join(SORT_COLUMNS)))
        values.setdefault("direction", SORT_COLUMNS[values.get("sort", DEFAULT_SORT)])
        for first, last in (("start_from", "start_to"), ("end_from", "end_to"),
                            ("active_from", "active_to")):  # fmt: skip
            if first in values and last in values and values[first] > values[last]:
                values[first], values[last] = values[last], values[first]
                problems.append(_(_SWAPPED[first[:-5]]))
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
