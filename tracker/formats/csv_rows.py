"""Reading CSV files row by row, with line numbers and typed field parsers.

Every problem is raised as ``RowError`` naming the file, the line and the reason, so a
loader can stop at the first broken row and tell the user exactly where it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _


class RowError(Exception):
    """A row that cannot be used, with where it is and why."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        super().__init__(_("%(file)s, line %(line)s: %(reason)s", file=file, line=line,
                           reason=reason))  # fmt: skip
        self.file, self.line, self.reason = file, line, reason


class _Lines:
    """Decodes a binary file line by line, so a bad byte is reported on its own line."""

    def __init__(self, handle: BinaryIO, file: str) -> None:
        self.handle, self.file, self.number = handle, file, 0

    def __iter__(self) -> Iterator[str]:
        for raw in self.handle:
            self.number += 1
            try:
                line = raw.decode("utf-8-sig" if self.number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise RowError(
                    self.file, self.number, _("Not valid UTF-8 (%(reason)s).", reason=error.reason)
                ) from None
            yield line


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` for each data row; the header must hold ``columns``.

    The line number is where the row starts, counting the header as line 1.
    """
    name = path.name
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise RowError(name, 0, _("The file is missing.")) from None
    with handle:
        lines = _Lines(handle, name)
        reader = csv.DictReader(lines, strict=True)
        try:
            header = reader.fieldnames
            if header is None:
                raise RowError(name, 1, _("The file is empty; a header row is required."))
            missing = [column for column in columns if column not in header]
            if missing:
                message = _("Missing columns: %(columns)s.", columns=", ".join(missing))
                raise RowError(name, 1, message)
            start = lines.number + 1
            for row in reader:
                if None in row:
                    raise RowError(name, start, _("More fields than the header has."))
                if any(value is None for value in row.values()):
                    raise RowError(name, start, _("Fewer fields than the header has."))
                yield start, {key: value.strip() for key, value in row.items()}
                start = lines.number + 1
        except csv.Error as error:
            message = _("Broken CSV quoting (%(error)s).", error=error)
            raise RowError(name, lines.number, message) from None


def required(row: dict[str, str], column: str) -> str:
    value = row[column]
    if not value:
        raise ValueError(_("%(column)s is empty.", column=column))
    return value


def parse_int(row: dict[str, str], column: str, *, optional: bool = False) -> int | None:
    value = row[column]
    if not value and optional:
        return None
    try:
        return int(value)
    except ValueError:
        message = _("%(column)s must be a whole number, not “%(value)s”.", column=column,
                    value=value)  # fmt: skip
        raise ValueError(message) from None


def parse_date(row: dict[str, str], column: str, *, optional: bool = False) -> date | None:
    value = row[column]
    if not value and optional:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        message = _("%(column)s must be a date as YYYY-MM-DD, not “%(value)s”.", column=column,
                    value=value)  # fmt: skip
        raise ValueError(message) from None


def parse_decimal(row: dict[str, str], column: str, *, optional: bool = False) -> Decimal | None:
    value = row[column]
    if not value and optional:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        message = _("%(column)s must be a number, not “%(value)s”.", column=column, value=value)
        raise ValueError(message) from None
    if not number.is_finite():
        message = _("%(column)s must be a finite number, not “%(value)s”.", column=column,
                    value=value)  # fmt: skip
        raise ValueError(message)
    return number


def parse_bool(row: dict[str, str], column: str) -> bool:
    value = row[column].lower()
    if value not in ("true", "false"):
        message = _("%(column)s must be true or false, not “%(value)s”.", column=column,
                    value=row[column])  # fmt: skip
        raise ValueError(message)
    return value == "true"
