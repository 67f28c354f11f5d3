"""The annual figures form: one line per fiscal year (required, available without a named
funder, spent, disbursed, committed), lines of available money by funder, and a correction
tick with its reason on each line.

A blank amount is no row; 0 is a row of 0. The form turns its lines into the service's
``AnnualEntry`` list and puts the service's problems back next to the cells they concern.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import NumberRange, Optional

from tracker.formatting import exact_money
from tracker.models.finance import AVAILABLE, MEASURES
from tracker.services.finance.annual import AnnualEntry, Problem
from tracker.services.finance.annual_log import measure_name

# The year line's amount columns: available here is money no funder is named for.
YEAR_MEASURES = MEASURES
AMOUNT_MAX = Decimal("99999999999999")


def _amount(label) -> DecimalField:
    too_large = NumberRange(max=AMOUNT_MAX, message=_l("The amount is too large."))
    return DecimalField(label, places=2, validators=[Optional(), too_large])


def _year() -> IntegerField:
    return IntegerField(_l("Year"), validators=[Optional()])


class YearLine(Form):
    """One fiscal year: an amount per measure, and whether they correct earlier figures."""

    year = _year()
    required = _amount(_l("Required"))
    available = _amount(_l("Available, no funder named"))
    spent = _amount(_l("Spent"))
    disbursed = _amount(_l("Disbursed"))
    committed = _amount(_l("Committed"))
    correction = BooleanField(_l("Correction"))
    note = StringField(_l("Note"))

    def is_blank(self) -> bool:
        return all(self[m].data is None for m in YEAR_MEASURES) and not self.note.data


class FunderLine(Form):
    """Available money in a year from one funding organisation."""

    year = _year()
    funder = SelectField(_l("Funder"), choices=[], validate_choice=False)
    amount = _amount(_l("Available"))
    correction = BooleanField(_l("Correction"))
    note = StringField(_l("Note"))

    def is_blank(self) -> bool:
        return self.amount.data is None and not self.funder.data and not self.note.data


class AnnualForm(FlaskForm):
    years = FieldList(FormField(YearLine))
    funders = FieldList(FormField(FunderLine))
    version = HiddenField()
    add_year = SubmitField(_l("Add a year"))
    add_funder = SubmitField(_l("Add a funder line"))
    save = SubmitField(_l("Save annual figures"))

    def offer_funders(self, choices: list[tuple[int, str]]) -> None:
        options = [("", _("Choose a funder"))] + [(str(i), label) for i, label in choices]
        for line in self.funders:
            line.form.funder.choices = options

    def opened_version(self) -> int:
        """The version the user opened (0 when the hidden field was tampered with)."""
        return int(self.version.data) if str(self.version.data or "").isdigit() else 0

    def fill(self, entries: Iterable[AnnualEntry], years: Iterable[int]) -> None:
        """Lines for ``years`` and for every year of ``entries``, filled from the entries."""
        entries = list(entries)
        lines: dict[int, dict] = {year: {"year": year} for year in years}
        funder_lines = []
        for entry in entries:
            if entry.measure == AVAILABLE and entry.funder_id is not None:
                funder_lines.append({"year": entry.year, "funder": str(entry.funder_id),
                                     "amount": entry.amount, "correction": entry.correction,
                                     "note": entry.note})  # fmt: skip
                continue
            line = lines.setdefault(entry.year, {"year": entry.year})
            line[entry.measure] = entry.amount
            line["correction"] = line.get("correction") or entry.correction
            line["note"] = line.get("note") or entry.note
        for data in [lines[year] for year in sorted(lines)] or [{}]:
            self.years.append_entry(data)
        for data in funder_lines or [{}]:
            self.funders.append_entry(data)

    def add_lines(self) -> bool:
        """Add the line a person asked for (a year after the last, or a funder line);
        True when the form was only asked for more lines, not to save."""
        if self.add_year.data:
            known = [line.form.year.data for line in self.years if line.form.year.data]
            self.years.append_entry({"year": max(known) + 1 if known else None})
            return True
        if self.add_funder.data:
            last = self.years[-1].form.year.data if len(self.years) else None
            self.funders.append_entry({"year": last})
            return True
        return False

    def to_entries(self) -> tuple[list[AnnualEntry], list[tuple[Form, str]]]:
        """The entries the lines hold, with where each came from (the line and the amount
        field's name), so problems find their cell. Records errors on incomplete lines."""
        entries: list[AnnualEntry] = []
        origins: list[tuple[Form, str]] = []
        for item in self.years:
            line = item.form
            if line.is_blank():
                continue
            if line.year.data is None:
                line.year.errors = [*line.year.errors, _("Give the year of these amounts.")]
                continue
            year, correction, note = line.year.data, line.correction.data, line.note.data or ""
            for measure in YEAR_MEASURES:
                if line[measure].data is not None:
                    amount = line[measure].data
                    entries.append(AnnualEntry(year, measure, amount, None, correction, note))
                    origins.append((line, measure))
        for item in self.funders:
            line = item.form
            if line.is_blank():
                continue
            missing = [
                (line.year, _("Give the year.")) if line.year.data is None else None,
                (line.funder, _("Choose a funder from the list."))
                if not str(line.funder.data or "").isdigit()
                else None,
                (line.amount, _("Give the amount.")) if line.amount.data is None else None,
            ]
            missing = [pair for pair in missing if pair]  # fmt: skip
            for field, message in missing:
                field.errors = [*field.errors, message]
            if missing:
                continue
            entries.append(AnnualEntry(line.year.data, AVAILABLE, line.amount.data,
                                       int(line.funder.data), line.correction.data,
                                       line.note.data or ""))  # fmt: skip
            origins.append((line, "amount"))
        return entries, origins

    def has_line_errors(self) -> bool:
        return any(line.form.errors for line in [*self.years, *self.funders])

    def show_problems(self, problems: list[Problem], origins: list[tuple[Form, str]]) -> None:
        """Each error next to its cell; problems of the whole (and warnings) above."""
        for problem in problems:
            if problem.warning:
                continue
            if problem.row is None:
                self.form_errors.append(problem.message)
                continue
            line, amount_field = origins[problem.row]
            name = {"year": "year", "note": "note", "funder_id": "funder"}.get(problem.field or "")
            field = line[name] if name and name in line._fields else line[amount_field]
            if problem.message not in field.errors:
                field.errors = [*field.errors, problem.message]

    def mark_conflicts(self, conflicts: dict, who: str, currency: str) -> None:
        """Say at each cell both changed what the other person saved there (the user's
        value stays in the cell); cells without a line are said above the form."""
        for (year, measure, funder_id), theirs in conflicts.items():
            saved = exact_money(theirs.amount, currency) if theirs else _("nothing")
            message = _("%(who)s saved %(theirs)s here since you opened the form; yours is "
                        "shown. Save again to keep yours.", who=who, theirs=saved)  # fmt: skip
            field = self._cell(year, measure, funder_id)
            if field is None:
                self.form_errors.append(
                    _("%(year)s %(measure)s: %(message)s", year=year,
                      measure=measure_name(measure).lower(), message=message)
                )  # fmt: skip
            else:
                field.errors = [*field.errors, message]

    def _cell(self, year: int, measure: str, funder_id: int | None):
        if funder_id is None:
            lines = [item.form for item in self.years if item.form.year.data == year]
            return lines[0][measure] if lines else None
        wanted = (year, str(funder_id))
        lines = [item.form for item in self.funders
                 if (item.form.year.data, item.form.funder.data) == wanted]  # fmt: skip
        return lines[0].amount if lines else None
