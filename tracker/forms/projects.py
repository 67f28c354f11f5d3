"""The project forms: create and edit a project, record a status change.

The SDG targets, sectors and places are chosen in pickers: checkboxes grouped (by goal,
by sector category, by kind of place), each with an optional percentage share.
The status change form is in ``tracker.forms.statuses``.
The title and description are in the project's own language (English unless imported
otherwise); optional fields give them in the interface's other languages.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    Field,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.models import Project
from tracker.services.portfolio.project_texts import other_language_texts
from tracker.services.portfolio.projects import ProjectData
from tracker.services.reference.choices import Group
from tracker.vocabulary import ROLE_FIELDS


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
        self._formdata = None
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
                self.share_errors.append(_("The share of %(code)s must be a number, not "
                                           "“%(text)s”.", code=code, text=text))  # fmt: skip
                share = None
            self.data.append((code, share))
        unknown = chosen - set(self.codes)
        if unknown:
            self.process_errors.append(_("Unknown code(s): %(codes)s.",
                                         codes=", ".join(sorted(unknown))))  # fmt: skip

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
# Each organisation role's field in the form, and its IATI code.
ROLE_CODES = {name: code for code, name in ROLE_FIELDS.items()}
# The languages a title and description can be given in, besides the project's own.
TEXT_LANGUAGES = ("kk", "ru", "en")
LANGUAGE_NAMES = {"kk": _l("Kazakh"), "ru": _l("Russian"), "en": _l("English")}
TITLE_TOO_LONG = _l("The title can have at most 300 characters.")
DESCRIPTION_TOO_LONG = _l("The description can have at most 10,000 characters.")


class ProjectForm(FlaskForm):
    code = StringField(
        _l("Project code"),
        validators=[
            DataRequired(_l("Give the project a code.")),
            Length(max=100, message=_l("The code can have at most 100 characters.")),
            Regexp(CODE_PATTERN, message=_l("Use letters, digits, dots, dashes and underscores "
                                            "only, as in an IATI identifier (KZ-UNDP-2024-001).")),
        ],
    )  # fmt: skip
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the project a title.")),
                    Length(max=300, message=TITLE_TOO_LONG)],
    )  # fmt: skip
    description = TextAreaField(
        _l("Description"), validators=[Length(max=10_000, message=DESCRIPTION_TOO_LONG)]
    )
    title_kk = StringField(
        _l("Title in Kazakh"), validators=[Length(max=300, message=TITLE_TOO_LONG)]
    )
    description_kk = TextAreaField(
        _l("Description in Kazakh"), validators=[Length(max=10_000, message=DESCRIPTION_TOO_LONG)]
    )
    title_ru = StringField(
        _l("Title in Russian"), validators=[Length(max=300, message=TITLE_TOO_LONG)]
    )
    description_ru = TextAreaField(
        _l("Description in Russian"), validators=[Length(max=10_000, message=DESCRIPTION_TOO_LONG)]
    )
    title_en = StringField(
        _l("Title in English"), validators=[Length(max=300, message=TITLE_TOO_LONG)]
    )
    description_en = TextAreaField(
        _l("Description in English"),
        validators=[Length(max=10_000, message=DESCRIPTION_TOO_LONG)],
    )
    planned_start = DateField(_l("Planned start"), validators=[Optional()])
    planned_end = DateField(_l("Planned end"), validators=[Optional()])
    actual_start = DateField(_l("Actual start"), validators=[Optional()])
    actual_end = DateField(_l("Actual end"), validators=[Optional()])
    budget = DecimalField(
        _l("Budget"),
        places=2,
        validators=[
            InputRequired(_l("Give the budget (0 if there is none yet).")),
            NumberRange(min=0, message=_l("The budget cannot be negative.")),
            NumberRange(max=Decimal("99999999999999"), message=_l("The budget is too large.")),
        ],
    )
    currency = SelectField(_l("Currency"), default="USD")
    targets = SharePickerField(_l("SDG targets"))
    sectors = SharePickerField(_l("Sectors (OECD DAC)"))
    places = SharePickerField(_l("Places"))
    funding = CheckboxListField(_l("Funding"), coerce=int)
    accountable = CheckboxListField(_l("Accountable"), coerce=int)
    extending = CheckboxListField(_l("Extending"), coerce=int)
    implementing = CheckboxListField(_l("Implementing"), coerce=int)
    documents = CheckboxListField(_l("National strategic documents"), coerce=int)
    # A component names its project by code (a portfolio has too many projects for a list).
    parent = StringField(
        _l("Part of project"),
        validators=[Length(max=100, message=_l("The code can have at most 100 characters."))],
    )
    # The version the values were opened on, and the fields changed on both sides since
    # (after a conflict): the server merges by field against that version.
    version = HiddenField()
    conflicts = HiddenField()

    @staticmethod
    def text_languages(project: Project | None) -> list[str]:
        """The languages the form offers a title and description in, besides the project's."""
        own = project.language if project else "en"
        return [language for language in TEXT_LANGUAGES if language != own]

    def fill_texts(self, project: Project) -> None:
        """Show the project's title and description in other languages (editing)."""
        for language, (title, description) in other_language_texts(project).items():
            if language in TEXT_LANGUAGES:
                getattr(self, f"title_{language}").data = title
                getattr(self, f"description_{language}").data = description

    def texts_shown(self, languages: list[str]) -> bool:
        """Whether the fields of other languages hold something or an error (shown open)."""
        fields = [getattr(self, f"{kind}_{language}") for language in languages
                  for kind in ("title", "description")]  # fmt: skip
        return any(field.data or field.errors for field in fields)

    def texts(self, project: Project | None) -> dict[str, tuple[str, str]]:
        """``ProjectData.texts``: the languages the form offers as entered (an emptied pair
        removes its text), the project's texts in other languages as they are."""
        offered = self.text_languages(project)
        texts = {language: pair for language, pair in other_language_texts(project).items()
                 if language not in offered}  # fmt: skip
        for language in offered:
            title = (getattr(self, f"title_{language}").data or "").strip()
            description = (getattr(self, f"description_{language}").data or "").strip()
            if title or description:
                texts[language] = (title, description)
        return texts

    def to_data(self, project: Project | None = None) -> ProjectData:
        """What the form holds; ``project`` is the one edited (None for a new one)."""
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
                for name, role in ROLE_CODES.items()
                for organisation_id in getattr(self, name).data or []
            ],
            document_ids=self.documents.data or [],
            texts=self.texts(project),
            parent_code=(self.parent.data or "").strip(),
        )

    def opened_version(self) -> int:
        """The version the user opened (0 when the hidden field was tampered with)."""
        return int(self.version.data) if str(self.version.data or "").isdigit() else 0

    def resolutions(self) -> dict[str, str]:
        """The user's answer for each field changed on both sides: "theirs", "mine", or ""
        while not chosen (the panel's radio buttons, named ``resolve-FIELD``)."""
        pending = [name for name in (self.conflicts.data or "").split(",") if name]
        return {name: request.form.get(f"resolve-{name}", "") for name in pending}

    def fill(self, data: ProjectData, project: Project, version: int,
             conflicts: list[str] = ()) -> None:  # fmt: skip
        """Show ``data`` (the merge of both edits) on ``version``, as if opened just now."""
        values = form_values(data)
        for name, value in values.items():
            self[name].process(None, value)
            self[name].raw_data = None  # else dates would show what was typed before
        for language in self.text_languages(project):
            title, description = (data.texts or {}).get(language, ("", ""))
            self[f"title_{language}"].process(None, title)
            self[f"description_{language}"].process(None, description)
        self.version.data = str(version)
        self.conflicts.data = ",".join(conflicts)

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        """Put the service's problems next to their fields (each message once)."""
        for name, messages in problems.items():
            field = getattr(self, name)
            field.errors = list(field.errors) + [m for m in messages if m not in field.errors]


class NewProjectForm(ProjectForm):
    """A new project also gets the status it is in; an existing one changes status through
    its own form, with a date and a reason."""

    status = SelectField(_l("Status"), coerce=int)


def form_values(data: ProjectData) -> dict:
    """``ProjectData`` as the form's fields hold it (texts apart)."""
    values = {name: getattr(data, name) for name in (
        "code", "title", "description", "planned_start", "planned_end", "actual_start",
        "actual_end", "budget", "currency", "targets", "sectors", "places")}  # fmt: skip
    for name, role in ROLE_CODES.items():
        values[name] = [oid for oid, link_role in data.organisations if link_role == role]
    values["documents"] = list(data.document_ids)
    values["parent"] = data.parent_code or ""
    return values
