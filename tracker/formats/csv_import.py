"""Reading projects from the wide CSV (the export's own format) into ``ImportRecord``s.

The wide export is the template: a file exported from the register reads back unchanged.
UTF-8 with or without a byte-order mark, comma or semicolon separated (told apart by the
header), and the export's formula-neutralising ``'`` is dropped again. Every problem names
its line (the header is line 1) and column; the values are parsed here, and checked against
the database by ``tracker.services.importing``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from tracker.formats.csv_projects import FORMULA_FIRST, WIDE_COLUMNS
from tracker.formats.records import ERROR, WARNING, ImportRecord, OrganisationRef, Problem, Shares
from tracker.services.statuses import STATUS_NAMES

COLUMNS = tuple(name for name, _ in WIDE_COLUMNS)
REQUIRED = ("code", "title")
# Written by the export for people to read; an import ignores them (two serve as checks).
READ_ONLY = ("status_name", "sdg_goals", "source", "is_illustrative", "version", "updated_at")
DATE_COLUMNS = ("planned_start", "planned_end", "actual_start", "actual_end")
SHARE_COLUMNS = {"sdg_targets": "targets", "sectors": "sectors", "places": "places"}
ROLE_COLUMNS = {
    "funding_organisations": 1,
    "accountable_organisations": 2,
    "extending_organisations": 3,
    "implementing_organisations": 4,
}
SAVE_AS_UTF8 = "Save the file as UTF-8 (in Excel: Save As → CSV UTF-8) and upload it again."
_LINK = re.compile(r"(?P<code>[^\s()]+)\s*(?:\(\s*(?P<share>[^()]*?)\s*%?\s*\))?")
_EUROPEAN_DECIMAL = re.compile(r"-?\d+,\d+")


class _Row:
    """One data row's cells by column, collecting the row's problems as it parses them."""

    def __init__(self, line: int, cells: dict[str, str], problems: list[Problem]) -> None:
        self.where, self.cells, self.problems, self.code = f"line {line}", cells, problems, ""

    def add(self, column: str, message: str, severity: str = ERROR) -> None:
        self.problems.append(Problem(self.where, column, severity, message, self.code))

    def text(self, column: str) -> str | None:
        return self.cells.get(column)

    def parsed(self, column: str, parse, what: str):
        """``parse(text)`` of a present, non-blank cell; None (with a problem) if it fails."""
        text = self.cells.get(column)
        if not text:
            return None
        try:
            return parse(text)
        except (ValueError, InvalidOperation):
            self.add(column, f"{column} must be {what}, not “{text}”.")
            return None


def read_projects_csv(data: bytes) -> tuple[list[ImportRecord], list[Problem]]:
    """The projects in a wide CSV file and the problems found reading it."""
    problems: list[Problem] = []
    text = _decode(data, problems)
    if text is None:
        return [], problems
    if not text.strip():
        problems.append(
            Problem(
                "line 1",
                "",
                ERROR,
                "The file is empty: it needs the header row of the export and one row per project.",
            )
        )
        return [], problems
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = _numbered(reader, problems)
    header = next(rows, None)
    columns = _check_header(header[1] if header else [], problems)
    if columns is None:
        return [], problems
    records: list[ImportRecord] = []
    first_line: dict[str, int] = {}  # lower-cased code -> the line it first appears on
    for line, values in rows:
        if len(values) != len(columns):
            problems.append(
                Problem(
                    f"line {line}",
                    "",
                    ERROR,
                    f"The row has {len(values)} "
                    f"fields but the header has {len(columns)}; check its "
                    f"separators and quotes.",
                )
            )
            continue
        cells = {
            name: _unneutralise(value)
            for name, value in zip(columns, values, strict=True)
            if name in COLUMNS
        }
        record = _record(_Row(line, cells, problems), columns)
        if record is None:
            continue
        seen = first_line.setdefault(record.code.lower(), line)
        if seen != line:
            message = f"The code {record.code} is also on line {seen}; each project once."
            problems.append(Problem(f"line {line}", "code", ERROR, message, record.code))
            continue
        records.append(record)
    if header and not records and not any(p.severity == ERROR for p in problems):
        problems.append(Problem("line 1", "", WARNING, "The file has a header but no projects."))
    return records, problems


def _decode(data: bytes, problems: list[Problem]) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.append(Problem("line 1", "", ERROR, f"The file is UTF-16. {SAVE_AS_UTF8}"))
        return None
    if data.startswith(b"PK\x03\x04"):
        problems.append(
            Problem(
                "line 1",
                "",
                ERROR,
                f"This is a spreadsheet workbook (.xlsx), not a CSV file. {SAVE_AS_UTF8}",
            )
        )
        return None
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(
            Problem(
                f"line {line}",
                _column_at(data, error.start),
                ERROR,
                f"The file is not UTF-8: byte 0x{data[error.start]:02X} on line "
                f"{line} cannot be read. {SAVE_AS_UTF8}",
            )
        )
        return None


def _column_at(data: bytes, offset: int) -> str:
    """The header's name for the column at ``offset`` (a guess that ignores quotes)."""
    header = data.split(b"\n", 1)[0].decode("utf-8", "replace")
    delimiter = _delimiter(header)
    names = [name.strip().strip('"') for name in header.split(delimiter)]
    start = data.rfind(b"\n", 0, offset) + 1
    index = data[start:offset].count(delimiter.encode())
    return names[index] if index < len(names) else ""


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _numbered(reader, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """(line the row starts on, its fields); blank lines skipped; stops at broken quoting."""
    start = 1
    try:
        for values in reader:
            if values:
                yield start, values
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(
            Problem(
                f"line {start}", "", ERROR, _quoting_message(str(error), start, reader.line_num)
            )
        )


def _quoting_message(reason: str, start: int, stopped: int) -> str:
    if "field larger than field limit" in reason:
        return (
            f"A cell in the row starting on line {start} is longer than "
            f"{csv.field_size_limit():,} characters: most likely a quote that is never "
            "closed. Reading stopped here."
        )
    if "unexpected end of data" in reason or "EOF" in reason:
        return (
            f"A quoted cell in the row starting on line {start} is never closed (the file "
            "ends inside it). Reading stopped here."
        )
    if "NUL" in reason:
        return f"Line {stopped} contains NUL bytes; is this really a CSV file?"
    return (
        f"Broken quoting on line {stopped} ({reason}): a quote inside a quoted cell must be "
        'doubled (""). Reading stopped here.'
    )


def _check_header(header: list[str], problems: list[Problem]) -> list[str] | None:
    """The header's column names, or None when the file cannot be read as projects."""
    columns = [name.strip().lower() for name in header]
    if "budget_allocated" in columns:
        problems.append(
            Problem(
                "line 1",
                "",
                ERROR,
                "This is the long export (one row per SDG target); import takes the wide one.",
            )
        )
        return None
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        problems.append(
            Problem(
                "line 1",
                ", ".join(missing),
                ERROR,
                "The header lacks the "
                f"required column(s) {', '.join(missing)}; the first line must "
                "be the header of the wide export.",
            )
        )
        return None
    twice = sorted({name for name in columns if columns.count(name) > 1})
    if twice:
        problems.append(
            Problem(
                "line 1",
                ", ".join(twice),
                ERROR,
                f"The header names {', '.join(twice)} more than once.",
            )
        )
        return None
    unknown = [name for name in columns if name not in COLUMNS]
    if unknown:
        problems.append(
            Problem(
                "line 1",
                ", ".join(unknown),
                WARNING,
                f"Unknown column(s) {', '.join(unknown)}: ignored.",
            )
        )
    roles = [name for name in ROLE_COLUMNS if name in columns]
    if roles and len(roles) < len(ROLE_COLUMNS):
        absent = ", ".join(name for name in ROLE_COLUMNS if name not in columns)
        problems.append(
            Problem(
                "line 1",
                absent,
                WARNING,
                f"Without the column(s) {absent} the organisations are left as they are.",
            )
        )
    return columns


def _unneutralise(cell: str) -> str:
    """Drop the ``'`` the export puts before a cell a spreadsheet would run as a formula."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_FIRST else cell


def _record(row: _Row, columns: list[str]) -> ImportRecord | None:
    code = (row.text("code") or "").strip()
    if not code:
        row.add("code", "The code is empty; every project needs its unique code.")
        return None
    row.code = code
    record = ImportRecord(where=row.where, code=code)
    title = (row.text("title") or "").strip()
    if title:
        record.title = title
    else:
        row.add("title", "The title is empty.")
    if "description" in row.cells:
        record.description = row.cells["description"].strip()
    record.status = row.parsed("status", _status, "an IATI activity status code from 1 to 6")
    cleared = set()
    for column in DATE_COLUMNS:
        if column in row.cells and not row.cells[column].strip():
            cleared.add(column)
        setattr(record, column, row.parsed(column, _day, "a date as YYYY-MM-DD"))
    record.cleared = frozenset(cleared)
    record.budget = row.parsed(
        "budget", _amount, "an amount such as 125000.00 (no thousands separator)"
    )
    if row.text("currency"):
        record.currency = row.cells["currency"].strip().upper()
    for column, name in SHARE_COLUMNS.items():
        if column in row.cells:
            setattr(record, name, _shares(row, column))
    if all(column in columns for column in ROLE_COLUMNS):
        record.organisations = [
            OrganisationRef(role=role, acronym=acronym)
            for column, role in ROLE_COLUMNS.items()
            for acronym in _codes(row, column)
        ]
    if "strategic_documents" in row.cells:
        record.documents = _codes(row, "strategic_documents")
    _check_read_only(row, record)
    return record


def _status(text: str) -> int:
    status = int(text.strip())
    if status not in STATUS_NAMES:
        raise ValueError(text)
    return status


def _day(text: str) -> date:
    return date.fromisoformat(text.strip())


def _amount(text: str) -> Decimal:
    text = text.strip()
    if _EUROPEAN_DECIMAL.fullmatch(text):  # 1250,50 from a spreadsheet set to a comma decimal
        text = text.replace(",", ".")
    amount = Decimal(text)
    if not amount.is_finite():
        raise ValueError(text)
    return amount


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def _codes(row: _Row, column: str) -> list[str]:
    codes: list[str] = []
    for code in _items(row.cells[column]):
        if code.lower() in (c.lower() for c in codes):
            row.add(column, f"{code} is listed twice in {column}.")
        else:
            codes.append(code)
    return codes


def _shares(row: _Row, column: str) -> Shares | None:
    """``3.8 (50%); 9.c (50%)`` -> [("3.8", 50), ("9.c", 50)]; a code alone has no share."""
    links: Shares = []
    for item in _items(row.cells[column]):
        match = _LINK.fullmatch(item)
        if match is None:
            row.add(
                column,
                f"“{item}” in {column} should be a code, optionally with a share "
                "such as 3.8 (50%).",
            )
            return None
        code = match["code"].upper() if column == "places" else match["code"].lower()
        share = None
        if match["share"] is not None:
            try:
                share = _amount(match["share"])
            except (ValueError, InvalidOperation):
                row.add(
                    column,
                    f"The share of {code} in {column} should be a number such as "
                    f"50 or 33.33, not “{match['share']}”.",
                )
                return None
        if any(existing == code for existing, _ in links):
            row.add(column, f"{code} is listed twice in {column}.")
            return None
        links.append((code, share))
    return links


def _check_read_only(row: _Row, record: ImportRecord) -> None:
    """The read-only columns are ignored, but a contradiction is worth a warning."""
    name = (row.text("status_name") or "").strip()
    if name and record.status and name.lower() != STATUS_NAMES[record.status].lower():
        row.add(
            "status_name",
            f"status_name says “{name}” but status is {record.status} "
            f"({STATUS_NAMES[record.status]}); the status code is used.",
            WARNING,
        )
    goals_text = row.text("sdg_goals")
    if goals_text and goals_text.strip() and record.targets is not None:
        written = set(_items(goals_text))
        implied = {code.split(".", 1)[0] for code, _ in record.targets}
        if written != implied:
            row.add(
                "sdg_goals",
                f"sdg_goals ({'; '.join(sorted(written, key=_goal_key))}) do "
                "not match the goals of sdg_targets "
                f"({'; '.join(sorted(implied, key=_goal_key))}); the targets are used.",
                WARNING,
            )


def _goal_key(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (99, text)
