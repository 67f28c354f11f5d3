"""The long results CSV: one row per indicator and period (and per breakdown of a period by
a dimension such as sex), written for Excel and read back for an import of actuals.

Written as the other exports are (``csv_chunks``: byte-order mark, ``\\r\\n``, formulas
neutralised), read as the finance import reads (``table_rows``: UTF-8 with or without a
byte-order mark, comma or semicolon, the export's ``'`` dropped again). The reader only
reads each cell; whether the indicator exists, whose it is and whether a value suits its
measure is the service's business (``tracker.services.results.results_import``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from tracker.formats.csv_import import _unneutralise, table_rows
from tracker.formats.csv_projects import ROWS_PER_CHUNK, csv_chunks
from tracker.formats.records import ERROR, WARNING, Problem

RESULTS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("project_code", "the project's code (for an indicator of the results chain: the node's code)"),
    ("owner_kind", "project, or chain for an indicator of the results chain (read only)"),
    ("result_type", "output, outcome, impact or other (read only)"),
    ("result_title", "the project result or results-chain node (read only)"),
    ("indicator_id", "the indicator's number in the tracker: do not change it"),
    ("indicator_title", "the indicator in English (read only)"),
    ("indicator_title_ru", "the indicator in Russian (read only)"),
    ("indicator_title_kk", "the indicator in Kazakh (read only)"),
    ("measure", "unit, percentage, nominal, ordinal or qualitative (read only)"),
    ("direction", "ascending when higher is better, descending when lower is (read only)"),
    ("sdg_indicator", "the official SDG indicator it reports on, e.g. 3.4.1 (read only)"),
    ("baseline_year", "the baseline's year (read only)"),
    ("baseline_value", "the baseline (read only)"),
    ("baseline_comment", "what the baseline says in words (read only)"),
    ("period_start", "first day of the period, as YYYY-MM-DD"),
    ("period_end", "last day of the period, as YYYY-MM-DD"),
    ("dimension", "for a breakdown: its dimension, e.g. sex; empty for the total (read only)"),
    ("category", "for a breakdown: its category, e.g. female; empty for the total (read only)"),
    ("target_value", "what the period should reach: a number, except for qualitative indicators"),
    ("target_comment", "the target in words (required for qualitative indicators)"),
    ("actual_value", "what the period reached: a number, except for qualitative indicators"),
    ("actual_comment", "the actual in words (required for qualitative indicators)"),
    ("progress_status", "achieved, on_track, limited, moving_away or no_data (read only)"),
    ("is_illustrative", "yes for generated demonstration records, no for real ones (read only)"),
)  # fmt: skip
COLUMNS = tuple(name for name, _meaning in RESULTS_COLUMNS)
REQUIRED = ("project_code", "indicator_id", "period_start", "period_end", "actual_value")
READ_ONLY = tuple(
    name for name in COLUMNS if name not in REQUIRED and not name.startswith(("target", "actual"))
)
# Kept as they are when the file leaves the column out; a blank cell clears the figure.
OPTIONAL_FIGURES = ("target_value", "target_comment", "actual_comment")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


@dataclass(frozen=True, slots=True)
class ResultsRow:
    """One row of the export, every cell already text (empty where there is nothing)."""

    project_code: str
    owner_kind: str
    result_type: str
    result_title: str
    indicator_id: int
    indicator_title: str
    indicator_title_ru: str
    indicator_title_kk: str
    measure: str
    direction: str
    sdg_indicator: str
    baseline_year: str
    baseline_value: str
    baseline_comment: str
    period_start: date
    period_end: date
    dimension: str
    category: str
    target_value: str
    target_comment: str
    actual_value: str
    actual_comment: str
    progress_status: str
    is_illustrative: bool

    def cells(self) -> list[str]:
        values = [getattr(self, name) for name in COLUMNS]
        return [
            ("yes" if value else "no")
            if isinstance(value, bool)
            else value.isoformat()
            if isinstance(value, date)
            else str(value)
            for value in values
        ]


@dataclass(frozen=True, slots=True)
class ResultsEntry:
    """One row of an imported results file, its cells read but not checked against the
    database. A figure the file leaves out (no such column) is None: kept as it is."""

    line: int
    project_code: str
    indicator_id: int
    period_start: date
    period_end: date
    actual_value: str
    actual_comment: str | None = None
    target_value: str | None = None
    target_comment: str | None = None
    dimension: str = ""
    category: str = ""

    @property
    def where(self) -> str:
        return f"line {self.line}"

    @property
    def is_breakdown(self) -> bool:
        return bool(self.dimension or self.category)


class ResultsCsv:
    """Writes results rows as a stream of encoded chunks; counts rows and indicators."""

    def __init__(self, *, bom: bool = True, delimiter: str = ",") -> None:
        self.bom, self.delimiter = bom, delimiter
        self.rows = 0
        self.indicators = 0

    def stream(
        self, rows: Iterable[ResultsRow], rows_per_chunk: int = ROWS_PER_CHUNK
    ) -> Iterator[bytes]:
        def counted() -> Iterator[list[list[str]]]:
            last = None
            for row in rows:
                if row.indicator_id != last:
                    self.indicators += 1
                    last = row.indicator_id
                self.rows += 1
                yield [row.cells()]

        return csv_chunks(COLUMNS, counted(), bom=self.bom, delimiter=self.delimiter,
                          rows_per_chunk=rows_per_chunk)  # fmt: skip


def read_results_csv(data: bytes) -> tuple[list[ResultsEntry], list[Problem]]:
    """The rows of a results CSV file and the problems found reading them: every problem
    names its line (the header is line 1) and column."""
    problems: list[Problem] = []
    empty = _("The file is empty: it needs the header row of the results export and one row "
              "per indicator and period.")  # fmt: skip
    table = table_rows(data, problems, empty, _check_header)
    if table is None:
        return [], problems
    columns, rows = table
    entries: list[ResultsEntry] = []
    for line, values in rows:
        cells = {
            name: _unneutralise(value.strip())
            for name, value in zip(columns, values, strict=True)
            if name in COLUMNS
        }
        entry = _entry(line, cells, problems)
        if entry is not None:
            entries.append(entry)
    if not entries and not any(p.severity == ERROR for p in problems):
        problems.append(Problem("line 1", "", WARNING, _("The file has a header but no rows.")))
    return entries, problems


def read_day(text: str) -> date | None:
    """A date as YYYY-MM-DD, or as DD.MM.YYYY (what a spreadsheet set to Kazakh or Russian
    writes back); None for anything else, such as 12/31/2025, which reads two ways."""
    text = text.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    if found := _DOTTED.fullmatch(text):
        day, month, year = (int(part) for part in found.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def _entry(line: int, cells: dict[str, str], problems: list[Problem]) -> ResultsEntry | None:
    """The row's entry, or None after adding a problem for each cell that cannot be read."""
    where, code = f"line {line}", cells["project_code"]
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(where, column, ERROR, message, code))

    if not code:
        problem("project_code", _("project_code is empty: name the project of this indicator."))
    indicator = cells["indicator_id"]
    if not (indicator.isascii() and indicator.isdigit() and len(indicator) < 10):
        problem("indicator_id", _("indicator_id should be the indicator's number from the "
                                  "export, not “%(text)s”.", text=indicator[:40]))  # fmt: skip
    days = {}
    for column in ("period_start", "period_end"):
        days[column] = read_day(cells[column])
        if days[column] is None:
            problem(column, _("%(column)s must be a date as YYYY-MM-DD, not “%(text)s”.",
                              column=column, text=cells[column][:40]))  # fmt: skip
    for column, text in cells.items():
        if "\0" in text:
            problem(column, _("%(column)s contains a NUL character (byte 0), which the "
                              "database cannot store; remove it from the file.",
                              column=column))  # fmt: skip
    if len(problems) > before:
        return None
    return ResultsEntry(
        line=line, project_code=code, indicator_id=int(indicator),
        period_start=days["period_start"], period_end=days["period_end"],
        actual_value=cells["actual_value"], actual_comment=cells.get("actual_comment"),
        target_value=cells.get("target_value"), target_comment=cells.get("target_comment"),
        dimension=cells.get("dimension", ""), category=cells.get("category", ""),
    )  # fmt: skip


def _check_header(header: list[str], problems: list[Problem]) -> list[str] | None:
    """The header's column names, or None when the file cannot be read as results."""
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        message = _("The header lacks %(columns)s; the first line must be the header of the "
                    "results export.", columns=", ".join(missing))  # fmt: skip
        problems.append(Problem("line 1", ", ".join(missing), ERROR, message))
        return None
    twice = sorted({name for name in columns if columns.count(name) > 1})
    if twice:
        message = _("The header names %(columns)s more than once.", columns=", ".join(twice))
        problems.append(Problem("line 1", ", ".join(twice), ERROR, message))
        return None
    unknown = [name for name in columns if name not in COLUMNS]
    if unknown:
        message = _("Unknown columns, ignored: %(columns)s.", columns=", ".join(unknown))
        problems.append(Problem("line 1", ", ".join(unknown), WARNING, message))
    return columns
