"""The forms that record results: a project's result, an indicator, a period and an actual.

Values are typed as text and checked by the service (``services/results/values``), so a
number written with a decimal comma or a percent sign is read the same on every path.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import Optional

from tracker.services.results.recording import IndicatorFields, PeriodFields

RESULT_TYPE_NAMES = {1: _l("Output"), 2: _l("Outcome"), 3: _l("Impact"), 9: _l("Other")}
MEASURE_NAMES = {1: _l("Unit"), 2: _l("Percentage"), 3: _l("Nominal"), 4: _l("Ordinal"),
                 5: _l("Qualitative")}  # fmt: skip
DIRECTIONS = {"1": _l("Ascending: higher is better"), "0": _l("Descending: lower is better")}


def _choices(names: dict) -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in names.items()]


class VersionedForm(FlaskForm):
    """A form that remembers which version of the project the user opened."""

    version = HiddenField()

    def opened_version(self) -> int | None:
        raw = str(self.version.data or "")
        return int(raw) if raw.isdigit() else None

    def show_problems(self, problems: dict[str, str]) -> None:
        """Put each problem next to its field (or on the form when it has none)."""
        for name, message in problems.items():
            field = self._fields.get(name)
            if field is not None:
                field.errors = [*field.errors, message]
            else:
                self.form_errors.append(message)


class ResultForm(VersionedForm):
    type = SelectField(_l("Kind of result"), coerce=int,
                       choices=_choices(RESULT_TYPE_NAMES))  # fmt: skip
    title = StringField(_l("Title"))
    description = TextAreaField(_l("Description"))


class IndicatorForm(VersionedForm):
    title_en = StringField(_l("Title (English)"))
    title_ru = StringField(_l("Title (Russian)"))
    title_kk = StringField(_l("Title (Kazakh)"))
    description = TextAreaField(_l("Description"))
    measure = SelectField(_l("Measured as"), coerce=int,
                          choices=_choices(MEASURE_NAMES))  # fmt: skip
    direction = SelectField(_l("Direction"), choices=_choices(DIRECTIONS), default="1")
    sdg_indicator = SelectField(_l("SDG indicator it follows (optional)"), choices=[])
    baseline_year = IntegerField(_l("Baseline year"), validators=[Optional()])
    baseline_value = StringField(_l("Baseline value"))
    baseline_comment = StringField(_l("Baseline comment"))

    def fields(self) -> IndicatorFields:
        return IndicatorFields(
            title_en=self.title_en.data or "", title_ru=self.title_ru.data or "",
            title_kk=self.title_kk.data or "", description=self.description.data or "",
            measure=self.measure.data, ascending=self.direction.data != "0",
            sdg_indicator=self.sdg_indicator.data or "", baseline_year=self.baseline_year.data,
            baseline_value=self.baseline_value.data or "",
            baseline_comment=self.baseline_comment.data or "",
        )  # fmt: skip


class PeriodForm(VersionedForm):
    start = DateField(_l("Period start"), validators=[Optional()])
    end = DateField(_l("Period end"), validators=[Optional()])
    target_value = StringField(_l("Target"))
    target_comment = StringField(_l("Target comment"))
    actual_value = StringField(_l("Actual"))
    actual_comment = StringField(_l("Actual comment"))

    def fields(self) -> PeriodFields:
        return PeriodFields(
            self.start.data, self.end.data, self.target_value.data or "",
            self.target_comment.data or "", self.actual_value.data or "",
            self.actual_comment.data or "",
        )  # fmt: skip


class ActualForm(VersionedForm):
    actual_value = StringField(_l("Actual"))
    actual_comment = TextAreaField(_l("Comment"))


class ConfirmForm(VersionedForm):
    """A confirmation that carries only the CSRF token and the version."""


class OutputsForm(VersionedForm):
    """The outputs of the results chain a project contributes to (checkboxes by outcome)."""

    outputs = SelectMultipleField(_l("Outputs"), choices=[], validate_choice=False)


class NodeForm(FlaskForm):
    """A priority, outcome or output of the results chain (admins)."""

    code = StringField(_l("Code"))
    level = SelectField(_l("Level"), choices=_choices({"priority": _l("Strategic priority"),
                                                       "outcome": _l("Outcome"),
                                                       "output": _l("Output")}))  # fmt: skip
    parent = SelectField(_l("Belongs to"), choices=[], validate_choice=False)
    title_en = StringField(_l("Title (English)"))
    title_ru = StringField(_l("Title (Russian)"))
    title_kk = StringField(_l("Title (Kazakh)"))
    position = IntegerField(_l("Position among its siblings"), validators=[Optional()], default=0)
    illustrative = BooleanField(_l("Illustrative: the wording was made up for a demonstration"))
    targets = StringField(_l("SDG targets it serves (codes such as 3.8, 5.a)"))
