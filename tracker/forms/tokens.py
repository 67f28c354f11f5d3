"""Forms for API tokens on the admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from tracker.services.api_tokens import MAX_NAME_LENGTH


class IssueTokenForm(FlaskForm):
    name = StringField(
        _l("What the token is for"),
        filters=[lambda value: " ".join(value.split()) if isinstance(value, str) else value],
        validators=[
            DataRequired(message=_l("Say what the token is for, e.g. “Power BI report”.")),
            Length(
                max=MAX_NAME_LENGTH,
                message=_l("At most %(limit)s characters, please.", limit=MAX_NAME_LENGTH),
            ),
        ],
    )


class RevokeTokenForm(FlaskForm):
    """No fields: the CSRF token alone, so only this page can revoke a token."""
