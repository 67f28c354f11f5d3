"""The form that records a status change: the new status, its date and the reason."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from tracker.vocabulary import status_label


def _status_code(value) -> int | None:
    """The chosen status; None for the list's "choose" line."""
    return int(value) if value not in (None, "") else None


class StatusChangeForm(FlaskForm):
    # Not checked against the list: a status no longer allowed (someone changed the project
    # meanwhile) is explained by the rules, by name, rather than as "not a valid choice".
    to_status = SelectField(
        _l("New status"), coerce=_status_code, validate_choice=False,
        validators=[InputRequired(_l("Choose the new status."))],
    )  # fmt: skip
    effective_date = DateField(
        _l("Effective date"), default=date.today,
        validators=[InputRequired(_l("Give the date the change took effect."))],
    )  # fmt: skip
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(_l("Give the reason for the change.")),
                    Length(max=2000, message=_l("The reason can have at most 2,000 characters."))],
    )  # fmt: skip
    version = IntegerField(validators=[InputRequired()])

    def offer(self, allowed: tuple[int, ...]) -> None:
        """The statuses the project may move to, after a line that chooses none, so the
        list never shows a status the user did not pick."""
        self.to_status.choices = [("", _("Choose the new status"))] + [
            (code, status_label(code)) for code in allowed
        ]

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        """Add the rules' messages to the form's own (each once)."""
        for name, messages in problems.items():
            field = getattr(self, name)
            field.errors = list(field.errors) + [m for m in messages if m not in field.errors]
