"""Forms for API tokens on the admin pages."""

from __future__ import annotations

import secrets

from flask import session
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional

from tracker.services.accounts.api_tokens import MAX_NAME_LENGTH

# The session keeps the keys of the issue forms shown and not yet sent, a few at most
# (one per tokens page open at once in a browser).
UNSENT_FORMS = "unsent_token_forms"
KEPT_FORMS = 8


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
    expires = DateField(_l("Expires on (optional)"), validators=[Optional()])
    # Which showing of the form this is: the first sending uses it up, so reloading the page
    # that shows a new secret (which sends the form again) cannot issue a second token.
    once = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.once.data:  # a new, empty form
            self.once.data = secrets.token_urlsafe(12)
            unsent = session.get(UNSENT_FORMS, [])
            session[UNSENT_FORMS] = [*unsent, self.once.data][-KEPT_FORMS:]

    def sent_before(self) -> bool:
        """Whether this showing of the form was sent and used already (or never shown)."""
        return self._sent_key() not in session.get(UNSENT_FORMS, [])

    def use_up(self) -> None:
        """Mark this showing of the form as used: sending it again issues nothing."""
        sent = self._sent_key()
        session[UNSENT_FORMS] = [key for key in session.get(UNSENT_FORMS, []) if key != sent]

    def _sent_key(self) -> str:
        return (self.once.raw_data or [""])[0]


class RevokeTokenForm(FlaskForm):
    """No fields: the CSRF token alone, so only this page can revoke a token."""
