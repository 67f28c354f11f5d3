"""The rules a period's target and actual obey, shared by the forms, the CSV import of
actuals and the IATI import, so each says the same thing about the same mistake.

Pure: text in, value or problems out; nothing is read from or written to the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from tracker.models.results import QUALITATIVE

# As the column allows: 20 digits, 4 after the point.
LIMIT = Decimal("1e16")
PLACES = 4


@dataclass(frozen=True)
class Checked:
    """A value and comment as stored, or the problems that stop them."""

    value: Decimal | None
    comment: str
    problems: tuple[str, ...] = ()


def parse_number(text: str) -> Decimal | None:
    """A number as people write it ("1 250,5", "1,250.5", "75%"), or None if it is none."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "")
    elif cleaned.count(",") == 1 and len(cleaned.partition(",")[2]) != 3:
        cleaned = cleaned.replace(",", ".")  # a decimal comma, as in Kazakh and Russian
    else:
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_value(measure: int, text: str, comment: str) -> Checked:
    """Check a target, actual or baseline of an indicator with ``measure``: a number for
    numeric measures, words (the comment) for qualitative ones. The caller says which
    field a problem belongs to."""
    text, comment = (text or "").strip(), (comment or "").strip()
    if measure == QUALITATIVE:
        if text and not comment:
            problem = _("A qualitative indicator is described in words: write it as a comment.")
            return Checked(None, comment, (problem,))
        return Checked(None, comment)
    if not text:
        return Checked(None, comment)
    number = parse_number(text)
    if number is None:
        problem = _("“%(value)s” is not a number: write it like 1250 or 12.5.", value=text[:40])
        return Checked(None, comment, (problem,))
    if abs(number) >= LIMIT:
        return Checked(None, comment, (_("The number is too large."),))
    if number != number.quantize(Decimal(1).scaleb(-PLACES)):
        problem = _("At most %(places)s digits after the decimal point.", places=PLACES)
        return Checked(None, comment, (problem,))
    return Checked(number, comment)


def period_problems(
    start: date | None, end: date | None, project_start: date | None, project_end: date | None
) -> list[str]:
    """What is wrong with a period's dates, for a project running from ``project_start`` to
    ``project_end`` (either may be unknown); no project (a results-chain indicator) = None."""
    if start is None or end is None:
        return [_("A period needs a start and an end date.")]
    if end < start:
        return [_("The period ends before it starts.")]
    problems = []
    if project_start is not None and start < project_start:
        problems.append(_("The period starts before the project (%(day)s).",
                          day=project_start.isoformat()))  # fmt: skip
    if project_end is not None and end > project_end:
        problems.append(_("The period ends after the project (%(day)s).",
                          day=project_end.isoformat()))  # fmt: skip
    return problems


def project_span(project) -> tuple[date | None, date | None]:
    """A project's dates for its periods: from its actual (else planned) start to its actual
    (else planned) end."""
    return (project.actual_start or project.planned_start,
            project.actual_end or project.planned_end)  # fmt: skip
