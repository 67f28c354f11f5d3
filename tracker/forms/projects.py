"""The project forms: create and edit a project, record a status change.

The SDG targets, sectors and places are chosen in pickers: checkboxes grouped (by goal,
by sector category, by kind of place), each with an optional percentage share.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.services.choices import Group
from tracker.services.projects import ProjectData


class SharePickerField(Field):
    """Chosen codes with optional shares: checkboxes named NAME, shares named NAME-share-CODE.

    ``data`` is a list of (code, share or None) in the order of the choices.
    """

    def __init__(self, label=None, validators=None, groups: list[Group] | None = None,
                 **kwargs):  # fmt: skip
        super().__init__(label, validators, **kwargs)
        self._formdata = None
        self._groups = groups or []
        self.share_text: dict[str, str] = {}
        self.share_errors: list[str] = []

    @property
    def groups(self) -> list[Group]:
        return self._groups

    @groups.setter
    def groups(self, groups: list[Group]) -> None:
        # The choices come from the database after the form is built: read the input again.
        self._groups = groups
        if self._formdata is not None:
            self._parse(self._formdata)

    @property
    def codes(self) -> list[str]:
        return [code for group in self._groups for code, _ in group.options]

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.data = [(code, share) for code, share in (data or [])]
        self.share_text = {
            code: "" if share is None else f"{share.normalize():f}" for code, share in self.data
        }
        if formdata is not None and formdata:
            self._formdata = formdata
            self._parse(formdata)

    def _parse(self, formdata) -> None:
        """A submitted form replaces the object's data, even when nothing was ticked."""
        chosen = set(formdata.getlist(self.name))
        self.data, self.share_text, self.share_errors, self.process_errors = [], {}, [], []
        for code in self.codes:
            if code not in chosen:
                continue
            text = formdata.get(f"{self.name}-share-{code}", "").strip().replace(",", ".")
            self.share_text[code] = text
            try:
                share = Decimal(text.rstrip("%")) if text else None
            except InvalidOperation:
                self.share_errors.append(f"The share of {code} must be a number, not {text!r}.")
                share = None
            self.data.append((code, share))
        unknown = chosen - set(self.codes)
        if unknown:
            self.process_errors.append(f"Unknown code(s): {', '.join(sorted(unknown))}.")

    def pre_validate(self, form):
        self.errors.extend(self.share_errors)

    def is_chosen(self, code: str) -> bool:
        return any(chosen == code for chosen, _ in self.data)

    def group_has_choice(self, group: Group) -> bool:
        return any(self.is_chosen(code) for code, _ in group.options)


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
ROLE_FIELDS = {"funding": 1, "accountable": 2, "extending": 3, "implementing": 4}


class ProjectForm(FlaskForm):
    code = StringField(
        "Project code",
        validators=[
            DataRequired("Give the project a code."),
            Length(max=100, message="The code can have at most 100 characters."),
            Regexp(CODE_PATTERN, message="Use letters, digits, dots, dashes and underscores "
                                         "only, as in an IATI identifier (KZ-UNDP-2024-001)."),
        ],
    )  # fmt: skip
    title = StringField(
        "Title",
        validators=[DataRequired("Give the project a title."),
                    Length(max=300, message="The title can have at most 300 characters.")],
    )  # fmt: skip
    description = TextAreaField(
        "Description",
        validators=[
            Length(max=10_000, message="The description can have at most 10,000 characters.")
        ],
    )  # fmt: skip
    status = SelectField("Status", coerce=int)
    planned_start = DateField("Planned start", validators=[Optional()])
    planned_end = DateField("Planned end", validators=[Optional()])
    actual_start = DateField("Actual start", validators=[Optional()])
    actual_end = DateField("Actual end", validators=[Optional()])
    budget = DecimalField(
        "Budget",
        places=2,
        validators=[
            InputRequired("Give the budget (0 if there is none yet)."),
            NumberRange(min=0, message="The budget cannot be negative."),
            NumberRange(max=Decimal("99999999999999"), message="The budget is too large."),
        ],
    )
    currency = SelectField("Currency", default="USD")
    targets = SharePickerField("SDG targets")
    sectors = SharePickerField("Sectors (OECD DAC)")
    places = SharePickerField("Places")
    funding = CheckboxListField("Funding", coerce=int)
    accountable = CheckboxListField("Accountable", coerce=int)
    extending = CheckboxListField("Extending", coerce=int)
    implementing = CheckboxListField("Implementing", coerce=int)
    documents = CheckboxListField("National strategic documents", coerce=int)
    version = HiddenField()

    def to_data(self) -> ProjectData:
        return ProjectData(
            code=(self.code.data or "").strip(),
            title=(self.title.data or "").strip(),
            description=(self.description.data or "").strip(),
            planned_start=self.planned_start.data,
            planned_end=self.planned_end.data,
            actual_start=self.actual_start.data,
            actual_end=self.actual_end.data,
            budget=self.budget.data if self.budget.data is not None else Decimal("0"),
            currency=self.currency.data,
            targets=self.targets.data,
            sectors=self.sectors.data,
            places=self.places.data,
            organisations=[
                (organisation_id, role)
                for name, role in ROLE_FIELDS.items()
                for organisation_id in getattr(self, name).data or []
            ],
            document_ids=self.documents.data or [],
        )

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        """Put the service's problems next to their fields (each message once)."""
        for name, messages in problems.items():
            field = getattr(self, name)
            field.errors = list(field.errors) + [m for m in messages if m not in field.errors]


class StatusChangeForm(FlaskForm):
    to_status = SelectField("New status", coerce=int, validators=[InputRequired()])
    effective_date = DateField(
        "Effective date", default=date.today,
        validators=[InputRequired("Give the date the change took effect.")],
    )  # fmt: skip
    reason = TextAreaField(
        "Reason",
        validators=[DataRequired("Give the reason for the change."),
                    Length(max=2000, message="The reason can have at most 2,000 characters.")],
    )  # fmt: skip
    version = IntegerField(validators=[InputRequired()])
