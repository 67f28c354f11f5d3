"""Reading projects from the wide CSV (the export's own format) into ``ImportRecord``s.

The wide export is the template: a file exported from the register reads back unchanged.
UTF-8 with or without a byte-order mark, comma or semicolon separated (told apart by the
header), and the export's formula-neutralising ``'`` is dropped again. Every problem names
its line (the header is line 1) and column; each row's values are parsed by ``csv_cells``,
and checked against the database by ``tracker.services.exchange.importing``.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from operator import itemgetter

from flask_babel import gettext as _

from tracker.formats.csv_cells import ROLE_COLUMNS, CellParsers, RowCells, record_from_cells
from tracker.formats.csv_projects import FORMULA_FIRST, WIDE_COLUMNS
from tracker.formats.records import ERROR, WARNING, ImportRecord, Problem

COLUMNS = tuple(name for name, _meaning in WIDE_COLUMNS)
REQUIRED = ("code", "title")
# Written by the export for people to read; an import ignores them (two serve as checks).
READ_ONLY = ("status_name", "sdg_goals", "version", "updated_at", "parent_code")


def read_projects_csv(data: bytes) -> tuple[list[ImportRecord], list[Problem]]:
    """The projects in a wide CSV file and the problems found reading it.

    The messages are in the reader's language when a request reads the file (Flask-Babel),
    in English otherwise (the command line, tests of this module)."""
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
                _(
                    "The file is empty: it needs the header row of the export and one row per "
                    "project."
                ),
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
    names = [name for name in columns if name in COLUMNS]
    # The cells of the known columns, as a tuple (there are always two: code and title).
    pick_known = itemgetter(*(index for index, name in enumerate(columns) if name in COLUMNS))
    with_organisations = all(column in columns for column in ROLE_COLUMNS)
    parsers = CellParsers()
    for line, values in rows:
        if len(values) != len(columns):
            problems.append(
                Problem(
                    f"line {line}",
                    "",
                    ERROR,
                    _(
                        "The row has %(fields)s fields but the header has %(columns)s; check "
                        "its separators and quotes.",
                        fields=len(values),
                        columns=len(columns),
                    ),
                )
            )
            continue
        known = pick_known(values)
        if "\0'" in "\0" + "\0".join(known):  # some cell starts with ': look closer
            known = [_unneutralise(value) for value in known]
        cells = dict(zip(names, known, strict=True))
        record = record_from_cells(RowCells(line, cells, problems), parsers, with_organisations)
        if record is None:
            continue
        seen = first_line.setdefault(record.code.lower(), line)
        if seen != line:
            message = _(
                "The code %(code)s is also on line %(line)s; each project once.",
                code=record.code,
                line=seen,
            )
            problems.append(Problem(f"line {line}", "code", ERROR, message, record.code))
            continue
        records.append(record)
    if header and not records and not any(p.severity == ERROR for p in problems):
        problems.append(Problem("line 1", "", WARNING, _("The file has a header but no projects.")))
    return records, problems


def table_rows(
    data: bytes,
    problems: list[Problem],
    empty_message: str,
    check_header: Callable[[list[str], list[Problem]], list[str] | None],
) -> tuple[list[str], Iterator[tuple[int, list[str]]]] | None:
    """The columns and rows (line, fields) of a small table written as the exports write
    them (UTF-8 with or without BOM, comma or semicolon, the header on line 1). A row with
    another number of fields than the header is a problem on its line and is skipped. None
    when the file cannot be read as a table; ``problems`` says why."""
    text = _decode(data, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem("line 1", "", ERROR, empty_message))
        return None
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = _numbered(reader, problems)
    header = next(rows, None)
    columns = check_header(header[1] if header else [], problems)
    if columns is None:
        return None

    def whole_rows() -> Iterator[tuple[int, list[str]]]:
        for line, values in rows:
            if len(values) != len(columns):
                message = _("The row has %(fields)s fields but the header has %(columns)s; "
                            "check its separators and quotes.", fields=len(values),
                            columns=len(columns))  # fmt: skip
                problems.append(Problem(f"line {line}", "", ERROR, message))
                continue
            yield line, values

    return columns, whole_rows()


def _decode(data: bytes, problems: list[Problem]) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.append(
            Problem(
                "line 1",
                "",
                ERROR,
                _(
                    "The file is UTF-16. Save the file as UTF-8 (in Excel: Save As → CSV UTF-8) "
                    "and upload it again."
                ),
            )
        )
        return None
    if data.startswith(b"PK\x03\x04"):
        problems.append(
            Problem(
                "line 1",
                "",
                ERROR,
                _(
                    "This is a spreadsheet workbook (.xlsx), not a CSV file. Save the file as "
                    "UTF-8 (in Excel: Save As → CSV UTF-8) and upload it again."
                ),
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
                _(
                    "The file is not UTF-8: byte %(byte)s on line %(line)s cannot be read. Save "
                    "the file as UTF-8 (in Excel: Save As → CSV UTF-8) and upload it again.",
                    byte=format(data[error.start], "#04X").replace("0X", "0x"),
                    line=line,
                ),
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
        return _(
            "A cell in the row starting on line %(line)s is longer than %(limit)s characters: "
            "most likely a quote that is never closed. Reading stopped here.",
            line=start,
            limit=format(csv.field_size_limit(), ","),
        )
    if "unexpected end of data" in reason or "EOF" in reason:
        return _(
            "A quoted cell in the row starting on line %(line)s is never closed (the file ends "
            "inside it). Reading stopped here.",
            line=start,
        )
    if "NUL" in reason:
        return _("Line %(line)s contains NUL bytes; is this really a CSV file?", line=stopped)
    return _(
        "Broken quoting on line %(line)s (%(reason)s): a quote inside a quoted cell must be "
        'doubled (""). Reading stopped here.',
        line=stopped,
        reason=reason,
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
                _("This is the long export (one row per SDG target); import takes the wide one."),
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
                _(
                    "The header lacks the required column %(columns)s; the first line must be "
                    "the header of the wide export.",
                    columns=missing[0],
                )
                if len(missing) == 1
                else _(
                    "The header lacks the required columns %(columns)s; the first line must "
                    "be the header of the wide export.",
                    columns=", ".join(missing),
                ),
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
                _("The header names %(columns)s more than once.", columns=", ".join(twice)),
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
                _("Unknown column %(columns)s: ignored.", columns=unknown[0])
                if len(unknown) == 1
                else _("Unknown columns %(columns)s: ignored.", columns=", ".join(unknown)),
            )
        )
    roles = [name for name in ROLE_COLUMNS if name in columns]
    if roles and len(roles) < len(ROLE_COLUMNS):
        lacking = [name for name in ROLE_COLUMNS if name not in columns]
        absent = ", ".join(lacking)
        problems.append(
            Problem(
                "line 1",
                absent,
                WARNING,
                _(
                    "Without the column %(columns)s the organisations are left as they are.",
                    columns=absent,
                )
                if len(lacking) == 1
                else _(
                    "Without the columns %(columns)s the organisations are left as they are.",
                    columns=absent,
                ),
            )
        )
    return columns


def _unneutralise(cell: str) -> str:
    """Drop the ``'`` the export puts before a cell a spreadsheet would run as a formula."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_FIRST else cell
