"""The long finance CSV: one row per project, year, measure, currency (and funder, for money
available), written for Excel and read back for an import of annual figures.

Written as the project export is (``csv_chunks``: byte-order mark, ``\\r\\n``, formulas
neutralised), read as the project import reads (UTF-8 with or without a byte-order mark,
comma or semicolon, the export's ``'`` dropped again, amounts by the same rules). The reader
parses and checks each cell on its own; whether a project, funder or year exists is the
service's business (``tracker.services.finance.finance_import``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from tracker.formats.csv_cells import NOT_AN_AMOUNT
from tracker.formats.csv_import import _unneutralise, table_rows
from tracker.formats.csv_projects import CENT, ROWS_PER_CHUNK, csv_chunks
from tracker.formats.csv_values import INVALID, CellParsers
from tracker.formats.records import ERROR, WARNING, Problem
from tracker.models.finance import MEASURES

FINANCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("project_code", "the project's code in the register"),
    ("project_title", "the project's title (read only)"),
    ("year", "fiscal year, named after the calendar year it starts in, e.g. 2025"),
    ("measure", "required, available, spent, disbursed or committed"),
    ("amount", "the amount, two decimals, no thousands separator"),
    ("currency", "ISO 4217 code: the project's currency (blank: the project's)"),
    ("funder", "acronym of the organisation that made money available (available only)"),
    ("funder_iati_ref", "IATI identifier of that funder, e.g. XM-DAC-41114 (either will do)"),
    ("correction", "yes when the amount corrects an earlier figure; only then may it be negative"),
    ("note", "a short note, e.g. why it was corrected"),
    ("is_illustrative", "yes for generated demonstration records, no for real ones (read only)"),
)  # fmt: skip
COLUMNS = tuple(name for name, _meaning in FINANCE_COLUMNS)
REQUIRED = ("project_code", "year", "measure", "amount")
READ_ONLY = ("project_title", "is_illustrative")
YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"no", "n", "false", "0", ""})


@dataclass(frozen=True, slots=True)
class FinanceRow:
    """One annual figure as the export writes it (names, not ids)."""

    project_code: str
    project_title: str
    year: int
    measure: str
    amount: Decimal
    currency: str
    funder: str = ""  # acronym
    funder_iati_ref: str = ""
    correction: bool = False
    note: str = ""
    is_illustrative: bool = False


@dataclass(frozen=True, slots=True)
class FinanceEntry:
    """One row of an imported finance file, its cells parsed (not yet checked against the
    database). ``currency`` is blank when the file leaves it to the project."""

    line: int
    project_code: str
    year: int
    measure: str
    amount: Decimal
    currency: str = ""
    funder: str = ""
    funder_iati_ref: str = ""
    correction: bool = False
    note: str = ""

    @property
    def where(self) -> str:
        return f"line {self.line}"


def _money(value: Decimal) -> str:
    return format(value.quantize(CENT), "f")


def finance_row_cells(row: FinanceRow) -> list[str]:
    return [
        row.project_code, row.project_title, str(row.year), row.measure, _money(row.amount),
        row.currency, row.funder, row.funder_iati_ref, "yes" if row.correction else "",
        row.note, "yes" if row.is_illustrative else "no",
    ]  # fmt: skip


class FinanceCsv:
    """Writes finance rows as a stream of encoded chunks; counts rows and projects."""

    def __init__(self, *, bom: bool = True, delimiter: str = ",") -> None:
        self.bom, self.delimiter = bom, delimiter
        self.rows = 0
        self.projects = 0

    def stream(
        self, rows: Iterable[FinanceRow], rows_per_chunk: int = ROWS_PER_CHUNK
    ) -> Iterator[bytes]:
        def counted() -> Iterator[list[list[str]]]:
            last = None
            for row in rows:
                if row.project_code != last:
                    self.projects += 1
                    last = row.project_code
                self.rows += 1
                yield [finance_row_cells(row)]

        return csv_chunks(COLUMNS, counted(), bom=self.bom, delimiter=self.delimiter,
                          rows_per_chunk=rows_per_chunk)  # fmt: skip


def read_finance_csv(data: bytes) -> tuple[list[FinanceEntry], list[Problem]]:
    """The rows of a finance CSV file and the problems found reading them: every problem
    names its line (the header is line 1) and column."""
    problems: list[Problem] = []
    empty = _("The file is empty: it needs the header row of the finance export and one row "
              "per figure.")  # fmt: skip
    table = table_rows(data, problems, empty, _check_header)
    if table is None:
        return [], problems
    columns, rows = table
    entries: list[FinanceEntry] = []
    parsers = CellParsers()
    for line, values in rows:
        cells = {
            name: _unneutralise(value.strip())
            for name, value in zip(columns, values, strict=True)
            if name in COLUMNS
        }
        entry = _entry(line, cells, parsers, problems)
        if entry is not None:
            entries.append(entry)
    if not entries and not any(p.severity == ERROR for p in problems):
        problems.append(Problem("line 1", "", WARNING, _("The file has a header but no rows.")))
    return entries, problems


def _entry(
    line: int, cells: dict[str, str], parsers: CellParsers, problems: list[Problem]
) -> FinanceEntry | None:
    """The row's entry, or None after adding a problem for each cell that cannot be read."""
    where, code = f"line {line}", cells["project_code"]
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(where, column, ERROR, message, code))

    if not code:
        problem("project_code", _("project_code is empty: name the project of this figure."))
    year = _year(cells["year"])
    if year is None:
        problem("year", _("year should be a year such as 2025, not “%(text)s”.",
                          text=cells["year"]))  # fmt: skip
    measure = cells["measure"].lower()
    if measure not in MEASURES:
        problem("measure", _("“%(text)s” is not a measure; use one of %(measures)s.",
                             text=cells["measure"], measures=", ".join(MEASURES)))  # fmt: skip
    amount = parsers.amount(cells["amount"]) if cells["amount"] else INVALID
    if amount is INVALID:
        problem("amount", str(NOT_AN_AMOUNT) % {"column": "amount", "text": cells["amount"]})
    correction_text = cells.get("correction", "").lower()
    if correction_text not in YES | NO:
        problem("correction", _("correction should be yes or no (blank), not “%(text)s”.",
                                text=cells["correction"]))  # fmt: skip
    if len(problems) > before:
        return None
    return FinanceEntry(
        line=line, project_code=code, year=year, measure=measure, amount=amount,
        currency=cells.get("currency", "").upper(), funder=cells.get("funder", ""),
        funder_iati_ref=cells.get("funder_iati_ref", ""), correction=correction_text in YES,
        note=cells.get("note", ""),
    )  # fmt: skip


def _year(text: str) -> int | None:
    text = text.strip()
    # Four digits only: Excel's "2025.0" or "2 025" are not years a person typed.
    return int(text) if len(text) == 4 and text.isascii() and text.isdigit() else None


def _check_header(header: list[str], problems: list[Problem]) -> list[str] | None:
    """The header's column names, or None when the file cannot be read as figures."""
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        message = _("The header lacks %(columns)s; the first line must be the header of the "
                    "finance export.", columns=", ".join(missing))  # fmt: skip
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
