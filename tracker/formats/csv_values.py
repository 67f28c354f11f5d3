"""The wide CSV's cell values: pure functions of a cell's text.

A file repeats its cells row after row (dates, budgets, lists of organisations and codes),
so each parser returns an immutable value (and the cell's problems as messages, or
``INVALID``) and ``CellParsers`` remembers them for one file; ``csv_cells`` turns them into a
record and into ``Problem``s that name the row's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from flask_babel import gettext as _

from tracker.formats.records import OrganisationRef
from tracker.vocabulary import STATUS_NAMES

ROLE_COLUMNS = {
    "funding_organisations": 1,
    "accountable_organisations": 2,
    "extending_organisations": 3,
    "implementing_organisations": 4,
}
_LINK = re.compile(r"(?P<code>[^\s()]+)\s*(?:\(\s*(?P<share>[^()]*?)\s*%?\s*\))?")
_EUROPEAN_DECIMAL = re.compile(r"-?\d+,\d+")
INVALID = object()  # what a cell parser returns for a text it cannot read

Links = tuple[tuple[str, Decimal | None], ...]  # (code, percent or None), as in Shares


class CellParsers:
    """The cell parsers for one file, each remembering the texts it has already parsed (the
    memory goes with the file, so a server keeps none of it)."""

    def __init__(self) -> None:
        self.status = cache(_status)
        self.day = cache(_day)
        self.amount = cache(_amount)
        self.links = cache(_links)
        self.codes = cache(_distinct_codes)
        self.organisations = cache(_organisations)
        self.goals_disagree = cache(_goals_disagree)


def _invalid_as_value(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """``parse`` returning ``INVALID`` instead of raising, so that it can be cached."""

    def parsed(text: str) -> Any:
        try:
            return parse(text)
        except (ValueError, InvalidOperation):
            return INVALID

    parsed.__doc__ = parse.__doc__
    return parsed


@_invalid_as_value
def _status(text: str) -> int:
    status = int(text.strip())
    if status not in STATUS_NAMES:
        raise ValueError(text)
    return status


@_invalid_as_value
def _day(text: str) -> date:
    return date.fromisoformat(text.strip())


@_invalid_as_value
def _amount(text: str) -> Decimal:
    text = text.strip()
    # 1250,50 from a spreadsheet set to a comma decimal (the regex only if there is a comma).
    if "," in text and _EUROPEAN_DECIMAL.fullmatch(text):
        text = text.replace(",", ".")
    amount = Decimal(text)
    if not amount.is_finite():
        raise ValueError(text)
    return amount.copy_abs() if amount.is_zero() else amount  # -0 is 0


def _items(text: str) -> list[str]:
    return [item for item in (part.strip() for part in text.split(";")) if item]


def _distinct_codes(column: str, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The codes in a ``;``-separated cell, each once, and a message per repeated code."""
    codes: list[str] = []
    seen: set[str] = set()
    problems: list[str] = []
    for code in _items(text):
        if code.lower() in seen:
            problems.append(_("%(code)s is listed twice in %(column)s.", code=code, column=column))
        else:
            codes.append(code)
            seen.add(code.lower())
    return tuple(codes), tuple(problems)


def _organisations(column: str, text: str) -> tuple[tuple[OrganisationRef, ...], tuple[str, ...]]:
    """The organisations (acronyms) in a role column's cell, and its problems' messages."""
    acronyms, problems = _distinct_codes(column, text)
    role = ROLE_COLUMNS[column]
    return tuple(OrganisationRef(role=role, acronym=acronym) for acronym in acronyms), problems


def _links(column: str, text: str) -> tuple[Links | None, str | None]:
    """``3.8 (50%); 9.c (50%)`` -> ((("3.8", 50), ("9.c", 50)), None); a code alone has no
    share. (None, the message) for the first thing wrong in the cell."""
    links: list[tuple[str, Decimal | None]] = []
    for item in _items(text):
        match = _LINK.fullmatch(item)
        if match is None:
            return None, _(
                "“%(item)s” in %(column)s should be a code, optionally with a share such as "
                "3.8 (50%%).",
                item=item,
                column=column,
            )
        code = match["code"].upper() if column == "places" else match["code"].lower()
        share = None
        if match["share"] is not None:
            share = _amount(match["share"])
            if share is INVALID:
                return None, _(
                    "The share of %(code)s in %(column)s should be a number such as 50 or "
                    "33.33, not “%(share)s”.",
                    code=code,
                    column=column,
                    share=match["share"],
                )
        if any(existing == code for existing, _share in links):
            return None, _("%(code)s is listed twice in %(column)s.", code=code, column=column)
        links.append((code, share))
    return tuple(links), None


def _goals_disagree(goals_text: str, targets: Links) -> str | None:
    """The message when sdg_goals are not the goals of the sdg_targets."""
    written = set(_items(goals_text))
    implied = {code.split(".", 1)[0] for code, _share in targets}
    if written == implied:
        return None
    return _(
        "sdg_goals (%(written)s) do not match the goals of sdg_targets (%(implied)s); the "
        "targets are used.",
        written="; ".join(sorted(written, key=_goal_key)),
        implied="; ".join(sorted(implied, key=_goal_key)),
    )


def _goal_key(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (99, text)
