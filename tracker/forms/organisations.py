"""The form of an organisation (admins): acronym, name, kind and IATI identifier."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields import SelectChoice

from tracker.models import ORGANISATION_KINDS
from tracker.services.reference.organisations import kind_label

# The stored kind with its name in the reader's language.
KIND_CHOICES = [
    SelectChoice(kind, LazyString(lambda kind=kind: kind_label(kind)))
    for kind in ORGANISATION_KINDS
]


class OrganisationForm(FlaskForm):
    """The fields only: the rules (required, unique, the identifier's shape) are the
    service's, and its messages appear next to the fields."""

    acronym = StringField(_l("Acronym"))
    name = StringField(_l("Name"))
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES)
    iati_ref = StringField(_l("IATI organisation identifier (optional)"))
