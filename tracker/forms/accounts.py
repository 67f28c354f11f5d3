"""Forms for signing in and for managing user accounts."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, ValidationError
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional, Regexp

from tracker.services.accounts.users import (
    MAX_DISPLAY_NAME_LENGTH,
    MAX_USERNAME_LENGTH,
    MIN_PASSWORD_LENGTH,
    ROLES,
    role_label,
)


class SignInForm(FlaskForm):
    username = StringField(
        _l("User name"),
        validators=[DataRequired(message=_l("Enter your user name.")), Length(max=80)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=200)],
    )


class SignOutForm(FlaskForm):
    """No fields: the CSRF token alone, so a link on another site cannot sign anyone out."""


# --- Admin: user accounts ------------------------------------------------------------------

# The stored role with its name in the reader's language, capitalised as a choice.
ROLE_CHOICES = [
    SelectChoice(role, LazyString(lambda role=role: role_label(role).capitalize()))
    for role in ROLES
]
PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD_LENGTH,
    max=200,
    message=_l("Use %(min)s to %(max)s characters.", min=MIN_PASSWORD_LENGTH, max=200),
)
SAME_PASSWORD = EqualTo("password", message=_l("The two passwords are not the same."))


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _at_most(limit: int) -> Length:
    return Length(max=limit, message=_l("At most %(limit)s characters, please.", limit=limit))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), Length(max=200)],
    )
    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(message=_l("Enter a new password.")), PASSWORD_LENGTH],
    )
    confirm = PasswordField(_l("New password again"), validators=[SAME_PASSWORD])


class NewUserForm(FlaskForm):
    username = StringField(
        _l("User name"),
        filters=[_strip],
        validators=[
            InputRequired(message=_l("Enter a user name.")),
            _at_most(MAX_USERNAME_LENGTH),
            Regexp(r"^[\w.@-]+$", message=_l("Use letters, digits and . _ - @ only, no spaces.")),
        ],
    )
    display_name = StringField(
        _l("Display name"), filters=[_strip], validators=[_at_most(MAX_DISPLAY_NAME_LENGTH)]
    )
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="viewer")
    password = PasswordField(
        _l("Password"), validators=[InputRequired(message=_l("Enter a password.")), PASSWORD_LENGTH]
    )
    confirm = PasswordField(_l("Password again"), validators=[SAME_PASSWORD])


class EditUserForm(FlaskForm):
    """Pass ``was_active`` (the account's state before the edit): deactivating someone needs
    a tick. On one's ``own_account`` nothing is asked: deactivating oneself is refused."""

    display_name = StringField(
        _l("Display name"), filters=[_strip], validators=[_at_most(MAX_DISPLAY_NAME_LENGTH)]
    )
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    is_active = BooleanField(_l("Active: may sign in"))
    confirm_deactivation = BooleanField(
        _l("I understand that this person will be signed out and can no longer sign in.")
    )
    password = PasswordField(_l("New password"), validators=[Optional(), PASSWORD_LENGTH])
    confirm = PasswordField(_l("New password again"), validators=[SAME_PASSWORD])

    def __init__(self, *args, was_active: bool = True, own_account: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.was_active = was_active
        self.own_account = own_account

    @property
    def deactivating(self) -> bool:
        """Whether the form, as sent, deactivates another person's account."""
        return self.was_active and not self.is_active.data and not self.own_account

    def validate_confirm_deactivation(self, field: BooleanField) -> None:
        if self.deactivating and not field.data:
            raise ValidationError(_("Tick this box to confirm the deactivation."))
