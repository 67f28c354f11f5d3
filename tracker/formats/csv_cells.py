"""One data row of the wide CSV: its cells parsed into an ``ImportRecord``.

Every problem names the row's line and the cell's column; the file as a whole (encoding,
separator, header, line numbers) is read by ``csv_import``.

The cells' values are parsed by the pure, remembered parsers of ``csv_values``; a row turns
them into the record's lists and into ``Problem``s that name its line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from tracker.formats.csv_values import INVALID, ROLE_COLUMNS, CellParsers, Links
from tracker.formats.records import (
    ERROR,
    ILLUSTRATIVE_SOURCES,
    WARNING,
    ImportRecord,
    Problem,
)
from tracker.vocabulary import STATUS_NAMES, status_label

DATE_COLUMNS = ("planned_start", "planned_end", "actual_start", "actual_end")
SHARE_COLUMNS = {"sdg_targets": "targets", "sectors": "sectors", "places": "places"}
# What a cell that cannot be read is told (``RowCells.parsed`` fills in column and text).
NOT_A_STATUS = _l("%(column)s must be an IATI activity status code from 1 to 6, not “%(text)s”.")
NOT_A_DATE = _l("%(column)s must be a date as YYYY-MM-DD, not “%(text)s”.")
NOT_AN_AMOUNT = _l(
    "%(column)s must be an amount such as 125000.00 (no thousands separator), not “%(text)s”."
)


class RowCells:
    """One data row's cells by column, collecting the row's problems as it parses them."""

    def __init__(self, line: int, cells: dict[str, str], problems: list[Problem]) -> None:
        self.where, self.cells, self.problems, self.code = f"line {line}", cells, problems, ""

    def add(self, column: str, message: str, severity: str = ERROR) -> None:
        self.problems.append(Problem(self.where, column, severity, message, self.code))

    def text(self, column: str) -> str | None:
        return self.cells.get(column)

    def parsed(self, column: str, parse: Callable[[str], Any], message: LazyString) -> Any:
        """``parse(text)`` of a present, non-blank cell; None (with a problem) if it fails.
        ``message`` names the %(column)s and quotes the %(text)s it could not read."""
        text = self.cells.get(column)
        if not text:
            return None
        value = parse(text)
        if value is INVALID:
            self.add(column, str(message) % {"column": column, "text": text})
            return None
        return value


def record_from_cells(
    row: RowCells, parsers: CellParsers, with_organisations: bool
) -> ImportRecord | None:
    """The project in one data row, or None when the row has no code. The organisations are
    read only ``with_organisations`` (when the file has all four role columns)."""
    cells = row.cells
    code = (cells.get("code") or "").strip()
    if not code:
        row.add("code", _("The code is empty; every project needs its unique code."))
        return None
    row.code = code
    record = ImportRecord(where=row.where, code=code)
    title = (cells.get("title") or "").strip()
    if title:
        record.title = title
    else:
        row.add("title", _("The title is empty."))
    if "description" in cells:
        record.description = cells["description"].strip()
    record.status = row.parsed("status", parsers.status, NOT_A_STATUS)
    cleared = []
    for column in DATE_COLUMNS:
        text = cells.get(column)
        if text is not None and not text.strip():
            cleared.append(column)
        setattr(record, column, row.parsed(column, parsers.day, NOT_A_DATE))
    record.cleared = _shared_frozenset(tuple(cleared))
    record.budget = row.parsed("budget", parsers.amount, NOT_AN_AMOUNT)
    if cells.get("currency"):
        record.currency = cells["currency"].strip().upper()
    target_links = None
    for column, name in SHARE_COLUMNS.items():
        if column in cells:
            links, problem = parsers.links(column, cells[column])
            if problem:
                row.add(column, problem)
            setattr(record, name, None if links is None else list(links))
            if column == "sdg_targets":
                target_links = links
    if with_organisations:
        record.organisations = []
        for column in ROLE_COLUMNS:
            organisations, problems = parsers.organisations(column, cells[column])
            for problem in problems:
                row.add(column, problem)
            record.organisations.extend(organisations)
    if "strategic_documents" in cells:
        documents, problems = parsers.codes("strategic_documents", cells["strategic_documents"])
        for problem in problems:
            row.add("strategic_documents", problem)
        record.documents = list(documents)
    _read_languages(row, record)
    _read_illustrative(row, record)
    _check_read_only(row, record, target_links, parsers)
    return record


TEXT_LANGUAGES = ("kk", "ru", "en")


def _read_languages(row: RowCells, record: ImportRecord) -> None:
    """The language of title and description, and the texts in the other languages (the
    ``title_kk`` ... ``description_en`` columns); blank columns that are present mean "no
    text in that language", as with the link columns."""
    cells = row.cells
    if "language" in cells:
        language = cells["language"].strip().lower() or "en"
        if language in TEXT_LANGUAGES:
            record.language = language
        else:
            row.add(
                "language",
                _("The language should be en, kk or ru, not “%(language)s”.", language=language),
            )
    present = [
        language
        for language in TEXT_LANGUAGES
        if f"title_{language}" in cells or f"description_{language}" in cells
    ]
    if not present:
        return
    texts = {}
    for language in present:
        title = (cells.get(f"title_{language}") or "").strip()
        description = (cells.get(f"description_{language}") or "").strip()
        if language == (record.language or "en"):
            if title or description:
                row.add(
                    f"title_{language}",
                    _(
                        "The project's own language is %(language)s: its text belongs in title "
                        "and description, so this column is left out.",
                        language=language,
                    ),
                    WARNING,
                )
        elif title or description:
            texts[language] = (title, description)
    record.texts = texts


YES, NO = ("yes", "true", "1"), ("no", "false", "0")
SOURCES = ("manual", "import", *ILLUSTRATIVE_SOURCES)


def _read_illustrative(row: RowCells, record: ImportRecord) -> None:
    """The marker of a generated, not real, record: ``is_illustrative`` (yes or no), with
    ``source`` naming the kind; ``source`` alone tells too. Blank cells say nothing."""
    flag = (row.text("is_illustrative") or "").strip().lower()
    source = (row.text("source") or "").strip().lower()
    if flag and flag not in YES + NO:
        message = _("is_illustrative should be yes or no, not “%(text)s”.", text=flag)
        row.add("is_illustrative", message)
        return
    if source and source not in SOURCES:
        message = _("source should be one of %(sources)s, not “%(text)s”.",
                    sources=", ".join(SOURCES), text=source)  # fmt: skip
        row.add("source", message)
        return
    if flag:
        record.illustrative = flag in YES
    elif source:
        record.illustrative = source in ILLUSTRATIVE_SOURCES
    if record.illustrative and source in ILLUSTRATIVE_SOURCES:
        record.source = source
    if flag and source and record.illustrative != (source in ILLUSTRATIVE_SOURCES):
        message = _("is_illustrative says “%(flag)s” but source is %(source)s; is_illustrative "
                    "is used.", flag=flag, source=source)  # fmt: skip
        row.add("source", message, WARNING)


@cache  # at most one per combination of the four date columns
def _shared_frozenset(columns: tuple[str, ...]) -> frozenset[str]:
    return frozenset(columns)


def _check_read_only(
    row: RowCells, record: ImportRecord, targets: Links | None, parsers: CellParsers
) -> None:
    """The read-only columns are ignored, but a contradiction is worth a warning."""
    name = (row.text("status_name") or "").strip()
    if name and record.status and name.lower() != STATUS_NAMES[record.status].lower():
        row.add(
            "status_name",
            _("status_name says “%(name)s” but status is %(status)s (%(label)s); the status "
              "code is used.", name=name, status=record.status,
              label=status_label(record.status)),
            WARNING,
        )  # fmt: skip
    goals_text = row.text("sdg_goals")
    if goals_text and goals_text.strip() and targets is not None:
        problem = parsers.goals_disagree(goals_text, targets)
        if problem:
            row.add("sdg_goals", problem, WARNING)
