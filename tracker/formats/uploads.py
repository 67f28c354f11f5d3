"""Which reader an uploaded file goes to: CSV (the wide export) or IATI XML.

The IATI reader (``tracker.formats.iati.read_activities``) is imported only when an XML
file arrives, so CSV import works whether or not it is installed.
"""

from __future__ import annotations

from flask_babel import gettext as _

from tracker.formats.csv_import import read_projects_csv
from tracker.formats.records import ERROR, ImportRecord, Problem

KINDS = ("csv", "xml")  # the register's wide CSV export; IATI activity XML


def kind_of(file_name: str, data: bytes) -> str | None:
    """``csv`` or ``xml`` by the file's extension, or by its first bytes; None if neither."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension in KINDS:
        return extension
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "xml"
    if extension in ("txt", "tsv", ""):
        return "csv"
    return None


def read_upload(data: bytes, kind: str) -> tuple[list[ImportRecord], list[Problem]]:
    """The records and problems of a file of ``kind``."""
    if kind == "csv":
        return read_projects_csv(data)
    if kind == "xml":
        try:
            from tracker.formats.iati import read_activities
        except ImportError:
            message = _("IATI XML import is not available yet; upload the CSV export instead.")
            return [], [Problem("file", "", ERROR, message)]
        return read_activities(data)
    raise ValueError(f"unknown kind of upload: {kind!r}")
