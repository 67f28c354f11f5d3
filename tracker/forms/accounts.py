"""Forms for signing in and for managing user accounts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, ValidationError
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional, Regexp

from tracker.services.accounts import (
    MAX_DISPLAY_NAME_LENGTH,
    MAX_USERNAME_LENGTH,
    MIN_PASSWORD_LENGTH,
)


class SignInForm(FlaskForm):
    username = StringField("User name", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class SignOutForm(FlaskForm):
    """No fields: the CSRF token alone, so a link on another site cannot sign anyone out."""


# --- Admin: user accounts ------------------------------------------------------------------

ROLE_CHOICES = [
    SelectChoice("viewer", "Viewer"),
    SelectChoice("analyst", "Analyst"),
    SelectChoice("admin", "Admin"),
]
PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD_LENGTH, max=200, message=f"Use {MIN_PASSWORD_LENGTH} to 200 characters."
)
SAME_PASSWORD = EqualTo("password", message="The two passwords are not the same.")


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _at_most(limit: int) -> Length:
    return Length(max=limit, message=f"At most {limit} characters, please.")


class NewUserForm(FlaskForm):
    username = StringField(
        "User name",
        filters=[_strip],
        validators=[
            InputRequired(message="Enter a user name."),
            _at_most(MAX_USERNAME_LENGTH),
            Regexp(r"^[\w.@-]+$", message="Use letters, digits and . _ - @ only, no spaces."),
        ],
    )
    display_name = StringField(
        "Display name", filters=[_strip], validators=[_at_most(MAX_DISPLAY_NAME_LENGTH)]
    )
    role = SelectField("Role", choices=ROLE_CHOICES, default="viewer")
    password = PasswordField(
        "Password", validators=[InputRequired(message="Enter a password."), PASSWORD_LENGTH]
    )
    confirm = PasswordField("Password again", validators=[SAME_PASSWORD])


class EditUserForm(FlaskForm):
    """Pass ``was_active`` (the account's state before the edit): deactivating needs a tick."""

    display_name = StringField(
        "Display name", filters=[_strip], validators=[_at_most(MAX_DISPLAY_NAME_LENGTH)]
    )
    role = SelectField("Role", choices=ROLE_CHOICES)
    is_active = BooleanField("Active: may sign in")
    confirm_deactivation = BooleanField(
        "I understand that this person will be signed out and can no longer sign in."
    )
    password = PasswordField("New password", validators=[Optional(), PASSWORD_LENGTH])
    confirm = PasswordField("New password again", validators=[SAME_PASSWORD])

    def __init__(self, *args, was_active: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.was_active = was_active

    @property
    def deactivating(self) -> bool:
        return self.was_active and not self.is_active.data

    def validate_confirm_deactivation(self, field: BooleanField) -> None:
        if self.deactivating and not field.data:
            raise ValidationError("Tick this box to confirm the deactivation.")
