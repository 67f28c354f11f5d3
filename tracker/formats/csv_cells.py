"""One data row of the wide CSV: its cells parsed into an ``ImportRecord``.

Each cell parser reports a problem naming the row's line and the cell's column; the file
as a whole (encoding, separator, header, line numbers) is read by ``csv_import``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from tracker.formats.records import ERROR, WARNING, ImportRecord, OrganisationRef, Problem, Shares
from tracker.services.statuses import STATUS_NAMES

DATE_COLUMNS = ("planned_start", "planned_end", "actual_start", "actual_end")
SHARE_COLUMNS = {"sdg_targets": "targets", "sectors": "sectors", "places": "places"}
ROLE_COLUMNS = {
    "funding_organisations": 1,
    "accountable_organisations": 2,
    "extending_organisations": 3,
    "implementing_organisations": 4,
}
_LINK = re.compile(r"(?P<code>[^\s()]+)\s*(?:\(\s*(?P<share>[^()]*?)\s*%?\s*\))?")
_EUROPEAN_DECIMAL = re.compile(r"-?\d+,\d+")


class RowCells:
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


def record_from_cells(row: RowCells, columns: list[str]) -> ImportRecord | None:
    """The project in one data row, or None when the row has no code."""
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


def _codes(row: RowCells, column: str) -> list[str]:
    codes: list[str] = []
    for code in _items(row.cells[column]):
        if code.lower() in (c.lower() for c in codes):
            row.add(column, f"{code} is listed twice in {column}.")
        else:
            codes.append(code)
    return codes


def _shares(row: RowCells, column: str) -> Shares | None:
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


def _check_read_only(row: RowCells, record: ImportRecord) -> None:
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
