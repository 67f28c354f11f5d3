"""The upload form of the import of actuals (its confirmation is the project import's
``ConfirmForm``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class ResultsUploadForm(FlaskForm):
    file = FileField(
        _l("Results CSV file"),
        validators=[FileRequired(_l("Choose a CSV file in the columns of the results export."))],
    )
