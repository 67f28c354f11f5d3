"""The import forms: upload a file, confirm its preview."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField


class UploadForm(FlaskForm):
    file = FileField(
        "File to import", validators=[FileRequired("Choose a CSV file exported from the register.")]
    )


class ConfirmForm(FlaskForm):
    # The plan the user saw; confirming a different one shows the new preview instead.
    fingerprint = HiddenField()
