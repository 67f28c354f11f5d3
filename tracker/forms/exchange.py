"""The import forms: upload a file, confirm its preview."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField


class UploadForm(FlaskForm):
    file = FileField(
        _l("File to import"),
        validators=[FileRequired(_l("Choose a CSV file exported from the register, or an IATI "
                                    "activity file."))],
    )  # fmt: skip


class ConfirmForm(FlaskForm):
    # The plan the user saw; confirming a different one shows the new preview instead.
    fingerprint = HiddenField()
