"""How a project's annual figures appear in its revisions (the change log).

Each annual row is one snapshot entry, keyed ``annual/<year>/<measure>[/<funder acronym>]``,
so two revisions differ row by row and the log reads "Annual figures: 2025 spent:
USD 10,000 → USD 12,000". Pure text: the revisions module and the page filters both use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:
    from tracker.models import AnnualFigure

PREFIX = "annual/"
# As the revisions' FIELD_LABELS: the stored and API labels stay English.
ENGLISH_LABELS = {"annual": "Annual figures"}
CORRECTION = "correction"

# The measures in the reader's language, in the order tables show them.
MEASURE_NAMES = {
    "required": _l("Required"),
    "available": _l("Available"),
    "spent": _l("Spent"),
    "disbursed": _l("Disbursed"),
    "committed": _l("Committed"),
}


def measure_name(measure: str) -> str:
    """A measure in the reader's language ("spent" -> "Spent")."""
    return str(MEASURE_NAMES.get(measure, measure))


def key(year: int, measure: str, funder: str | None = None) -> str:
    """The snapshot key of one annual row."""
    return f"{PREFIX}{year}/{measure}" + (f"/{funder}" if funder else "")


def is_annual(field: str) -> bool:
    return field.startswith(PREFIX)


def value(amount: Decimal, correction: bool = False, note: str = "", currency: str = "") -> str:
    """One row's snapshot value: the amount, then the note ("-500.00 correction: typo"); a
    row in another currency than the project's starts with it ("EUR 1000.00")."""
    text = f"{currency} {Decimal(amount):.2f}" if currency else f"{Decimal(amount):.2f}"
    if correction:
        return f"{text} {CORRECTION}: {note}".rstrip()
    return f"{text} {note}".rstrip() if note else text


def split_value(text: str) -> tuple[Decimal | None, str, str]:
    """A snapshot value as (amount, the rest, its own currency or "")."""
    first, _space, rest = text.partition(" ")
    currency = ""
    if len(first) == 3 and first.isalpha() and first.isupper():
        currency, (first, _space, rest) = first, rest.partition(" ")
    try:
        return Decimal(first), rest, currency
    except InvalidOperation:
        return None, text, ""


def annual_snapshot(figures: Iterable[AnnualFigure], currency: str) -> dict[str, str]:
    """The annual rows of a project (whose currency is ``currency``) as snapshot entries,
    in year and measure order."""
    entries = {}
    for figure in sorted(figures, key=lambda f: (f.year, f.measure, f.funder_id or 0)):
        funder = figure.funder.acronym if figure.funder is not None else None
        own = figure.currency if figure.currency != currency else ""
        entries[key(figure.year, figure.measure, funder)] = value(
            figure.amount, figure.correction, figure.note, own
        )
    return entries


def _parts(field: str) -> tuple[str, str, str]:
    year, _slash, rest = field.removeprefix(PREFIX).partition("/")
    measure, _slash, funder = rest.partition("/")
    return year, measure, funder


def english_label(field: str) -> str:
    """The entry's label as the API and stored texts give it (English)."""
    year, measure, funder = _parts(field)
    return f"{ENGLISH_LABELS['annual']}: {year} {measure}" + (f" ({funder})" if funder else "")


def field_label(field: str) -> str:
    """The entry's label in the reader's language: "Annual figures: 2025 spent"."""
    year, measure, funder = _parts(field)
    what = measure_name(measure).lower()
    if funder:
        return _("Annual figures: %(year)s %(measure)s from %(funder)s", year=year,
                 measure=what, funder=funder)  # fmt: skip
    return _("Annual figures: %(year)s %(measure)s", year=year, measure=what)


def shown_note(rest: str) -> str:
    """The text after a row's amount, in the reader's language."""
    if rest.startswith(f"{CORRECTION}:"):
        return _("(correction: %(note)s)", note=rest.partition(":")[2].strip())
    return f"({rest})" if rest else ""
